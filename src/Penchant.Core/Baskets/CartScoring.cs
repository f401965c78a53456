using System.Numerics.Tensors;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Popularity;
using Penchant.Core.Recommenders.Rules;

namespace Penchant.Core.Baskets;

/// <summary>
/// How a cart's items are ranked (the server's cart recommendations): the recommender's score for the cart as a
/// history, as a share of its best, plus a weight times the confidence of the best bought-together rule whose
/// antecedent lies in the cart; popularity breaks ties and ranks the rest.
/// </summary>
/// <remarks>
/// On arules' Groceries (bench <c>groceries</c>), ranking every rule item first did worse than EASE alone and than
/// popularity: with rules of two baskets and 5% confidence nearly every item is reached by some rule, and the rules'
/// order is noisier than EASE's. The rule weight is a blend weight, chosen there on validation.
/// </remarks>
public static class CartScoring
{
    /// <summary>Popularity's weight: what an item reaches on popularity alone is at most this.</summary>
    public const float PopularityWeight = 0.01f;

    /// <summary>The default weight of a rule's confidence against the recommender's share of its best score (the validation pick on Groceries).</summary>
    public const float DefaultRuleWeight = 0.1f;

    /// <summary>
    /// Writes a score for every item: the recommender's score for <paramref name="cart"/> as a share of its best (0 when
    /// not positive), plus <paramref name="ruleWeight"/> × the best confidence of a rule whose antecedent lies in the
    /// cart, plus <see cref="PopularityWeight"/> × <paramref name="popularity"/> (scaled to [0, 1]).
    /// <paramref name="confidences"/> (as long as <paramref name="scores"/>) receives the rule confidences (0 where no
    /// rule reaches), for the reasons.
    /// </summary>
    public static void Score(
        UserQuery cart, AssociationRuleModel? rules, IRecommenderModel? model, ReadOnlySpan<float> popularity, float ruleWeight,
        Span<float> scores, Span<float> confidences)
    {
        ArgumentNullException.ThrowIfNull(cart);
        var n = scores.Length;
        if (popularity.Length != n || confidences.Length != n)
        {
            throw new ArgumentException("Popularity, scores and scratch need one entry per item.", nameof(scores));
        }

        confidences.Clear();
        scores.Clear();
        if (cart.Items.Length > 0)
        {
            if (rules is not null && rules.ItemCount == n)
            {
                rules.ScoreByRules(cart, confidences);
            }

            if (model is not null and not PopularityModel && model.ItemCount == n)
            {
                model.Score(cart, scores);
                var max = n == 0 ? 0f : TensorPrimitives.Max(scores);
                TensorPrimitives.Multiply(scores, max > 0 && float.IsFinite(max) ? 1f / max : 0f, scores);
            }
        }

        for (var i = 0; i < n; i++)
        {
            var fromModel = scores[i] > 0 && float.IsFinite(scores[i]) ? scores[i] : 0f;
            scores[i] = fromModel + (ruleWeight * confidences[i]) + (PopularityWeight * popularity[i]);
        }
    }
}
