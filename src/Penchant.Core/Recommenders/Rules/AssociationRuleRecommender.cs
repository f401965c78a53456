using Penchant.Core.Baskets;
using Penchant.Core.Data;

namespace Penchant.Core.Recommenders.Rules;

/// <summary>
/// Basket completion by association rules: each row of the training data is a basket (an order, a session, or a
/// shopper's whole history), rules X → y are mined from them, and a cart scores y by the most confident rule whose
/// antecedent X lies wholly in the cart. Every recommendation can name its rule ("62% of baskets with bread and
/// butter also had milk").
/// </summary>
/// <remarks>
/// Items no rule reaches keep a small score in proportion to their share of baskets, so the ranking is complete
/// and falls back to popularity. Rules come from <see cref="AssociationRuleMiner"/>; the mining cost grows quickly
/// as the support bound falls, so keep <see cref="AssociationRuleOptions.MaxLength"/> small (3 by default here).
/// </remarks>
public sealed class AssociationRuleRecommender(AssociationRuleOptions? options = null) : IRecommender
{
    public const string KindName = "rules";

    /// <summary>The options the recommender uses when given none: support 0.1%, confidence 1%, rules of up to 3 items.</summary>
    public static AssociationRuleOptions DefaultOptions { get; } = new(MinSupport: 0.001, MinConfidence: 0.01, MaxLength: 3);

    public AssociationRuleOptions Options { get; } = options ?? DefaultOptions;

    public string Name => KindName;

    public IRecommenderModel Fit(InteractionData data, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(context);
        context.Report("rules", 0);
        var baskets = data.Matrix.Binarize();
        var rules = new AssociationRuleMiner(Options).Mine(baskets, context.Cancellation);
        var counts = new int[data.ItemCount];
        foreach (var item in baskets.ColumnIndices)
        {
            counts[item]++;
        }

        context.Report("rules", 1);
        return new AssociationRuleModel(counts, baskets.Rows, rules);
    }
}
