using System.Runtime.CompilerServices;
using Penchant.Core.Data;
using Penchant.Core.Recommenders;

namespace Penchant.Core.Evaluation;

/// <summary>
/// Wraps a recommender so that fitting it again on the same <see cref="InteractionData"/> instance returns the
/// model already fitted. A blend weight search fits many hybrids over the same components; with this each
/// component trains once per fold.
/// </summary>
public sealed class FitOnceRecommender(IRecommender inner) : IRecommender
{
    private readonly ConditionalWeakTable<InteractionData, IRecommenderModel> _models = [];

    public IRecommender Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    public string Name => Inner.Name;

    public IRecommenderModel Fit(InteractionData data, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(data);
        return _models.GetValue(data, d => Inner.Fit(d, context));
    }
}
