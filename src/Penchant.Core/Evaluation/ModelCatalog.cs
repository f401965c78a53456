using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Als;
using Penchant.Core.Recommenders.Ease;
using Penchant.Core.Recommenders.ItemKnn;
using Penchant.Core.Recommenders.Popularity;
using Penchant.Core.Recommenders.UserKnn;

namespace Penchant.Core.Evaluation;

/// <summary>
/// The models the evaluation knows, each with a small hyperparameter grid. Adding a model is one entry here.
/// </summary>
public static class ModelCatalog
{
    /// <summary>Every entry, in report order.</summary>
    public static IReadOnlyList<ModelCatalogEntry> All { get; } =
    [
        ModelCatalogEntry.Grid("popularity", [new PopularityOptions(CountUsers: true)], o => new PopularityRecommender(o)),
        ModelCatalogEntry.Grid(
            "itemknn",
            from neighbors in new[] { 50, 100, 200, 400 }
            from shrinkage in new[] { 0f, 10f, 50f }
            select new ItemKnnOptions(neighbors, shrinkage, Binary: true),
            o => new ItemKnnRecommender(o)),
        ModelCatalogEntry.Grid(
            "ease",
            from lambda in new[] { 500f, 50f, 100f, 200f, 1000f }
            select new EaseOptions(lambda),
            o => new EaseRecommender(o)),
        ModelCatalogEntry.Grid(
            "als",
            from alpha in new[] { 10f, 2f }
            from regularization in new[] { 0.05f, 5f, 25f }
            select new AlsOptions(Regularization: regularization, Alpha: alpha),
            o => new AlsRecommender(o)),
        ModelCatalogEntry.Grid(
            "userknn",
            from neighbors in new[] { 50, 20, 100, 200 }
            from shrinkage in new[] { 10f, 0f }
            select new UserKnnOptions(neighbors, shrinkage),
            o => new UserKnnRecommender(o)),
    ];

    /// <summary>
    /// Builds a weighted blend of fitted-on-demand components for <see cref="HybridWeightSearch"/>; null while this
    /// build has no hybrid recommender. With one it reads
    /// <c>list => new HybridRecommender(new HybridOptions([.. list]))</c>.
    /// </summary>
    public static Func<IReadOnlyList<(IRecommender Recommender, double Weight)>, IRecommender>? HybridFactory => null;

    /// <summary>The entry named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static ModelCatalogEntry? Find(string name) =>
        All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
}
