using Penchant.Core.Data;

namespace Penchant.Core.Recommenders;

/// <summary>
/// A recommendation algorithm: an options record plus a fit step. Fitting returns an immutable,
/// thread-safe <see cref="IRecommenderModel"/>; the algorithm object itself holds no trained state.
/// </summary>
public interface IRecommender
{
    /// <summary>Short stable name, e.g. "itemknn".</summary>
    string Name { get; }

    /// <summary>Trains on <paramref name="data"/> and returns the trained model.</summary>
    IRecommenderModel Fit(InteractionData data, TrainingContext context);
}
