using Penchant.Core.Baskets;
using Penchant.Core.Data;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Als;
using Penchant.Core.Recommenders.AlsEase;
using Penchant.Core.Recommenders.Bpr;
using Penchant.Core.Recommenders.Content;
using Penchant.Core.Recommenders.Ease;
using Penchant.Core.Recommenders.Hybrid;
using Penchant.Core.Recommenders.ItemKnn;
using Penchant.Core.Recommenders.Popularity;
using Penchant.Core.Recommenders.Rp3Beta;
using Penchant.Core.Recommenders.Rules;
using Penchant.Core.Recommenders.SasRec;
using Penchant.Core.Recommenders.UserEase;
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
            from lambda in new[] { 50f, 100f, 200f, 300f, 400f, 500f, 600f, 800f, 1000f }
            select new EaseOptions(lambda),
            o => new EaseRecommender(o)),
        ModelCatalogEntry.Grid("bpr", [new BprOptions()], o => new BprRecommender(o)),
        ModelCatalogEntry.Grid(
            "als",
            from factors in new[] { 64, 200 }
            from alpha in new[] { 1.5f, 2f, 3f }
            from regularization in new[] { 15f, 30f, 60f }
            select new AlsOptions(factors, regularization, alpha),
            o => new AlsRecommender(o)),
        ModelCatalogEntry.Grid(
            "userknn",
            from neighbors in new[] { 50, 20, 100, 200 }
            from shrinkage in new[] { 10f, 0f }
            select new UserKnnOptions(neighbors, shrinkage),
            o => new UserKnnRecommender(o)),
        ModelCatalogEntry.Grid(
            "rp3beta",
            from alpha in new[] { 0.6f, 0.8f, 1f }
            from beta in new[] { 0.4f, 0.6f, 0.8f }
            from neighbors in new[] { 200, 400 }
            select new Rp3BetaOptions(alpha, beta, neighbors, NormalizeRows: true),
            o => new Rp3BetaRecommender(o)),
    ];

    /// <summary>Builds the weighted blend that <see cref="HybridWeightSearch"/> tries, its components scaled by <paramref name="normalization"/>.</summary>
    public static Func<IReadOnlyList<(IRecommender Recommender, double Weight)>, IRecommender> HybridFactory(
        ScoreNormalization normalization = ScoreNormalization.ZScoreCandidates) =>
        list => new HybridRecommender(new HybridOptions([.. list], normalization));

    /// <summary>
    /// The content-based entry ("content"): it needs the item catalogue (text), so it is built per data set
    /// rather than listed in <see cref="All"/>. Text-only first (the default), then text plus behaviour.
    /// </summary>
    public static ModelCatalogEntry Content(IReadOnlyList<Item> catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        return ModelCatalogEntry.Grid(
            "content",
            from source in new[] { ContentSource.Text, ContentSource.Combined }
            from halfLife in new[] { 5f, 20f }
            select new ContentOptions(source, halfLife),
            o => new ContentRecommender(catalogue, o));
    }

    /// <summary>Every entry of <see cref="All"/> plus those that need the catalogue (<see cref="Content"/>).</summary>
    public static IReadOnlyList<ModelCatalogEntry> ForCatalogue(IReadOnlyList<Item> catalogue) => [.. All, Content(catalogue)];

    /// <summary>The entry named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static ModelCatalogEntry? Find(string name) =>
        All.Concat(OnRequest).FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Models run only when named (<c>--models sasrec</c>): the SASRec-class transformer with the settings that did
    /// best on Amazon Beauty's validation split, whose training takes minutes to tens of minutes; and EDLAE, EASE with
    /// emphasised-denoising dropout and no zero-diagonal constraint, which did not beat plain EASE on MovieLens 100K
    /// u1's test (its grid doubles EASE's inversions, which on a large catalogue cost minutes); and "als-bag", implicit
    /// ALS whose scores are the mean of five fits from different random starts (five times ALS's training time); and
    /// "als-nu", implicit ALS with frequency-scaled regularisation (<see cref="AlsOptions.FrequencyExponent"/>), whose
    /// validation edge over plain ALS on MovieLens 100K u1 (0.001-0.003 NDCG@10) did not carry over to test precision; and
    /// "user-ease", EASE on the user side, which inverts a users x users matrix and so is refused beyond 10,000 users; and
    /// "time-ease", EASE whose Gram matrix counts a shopper's two items by how close in time they were taken up
    /// (<see cref="EaseOptions.TimeScale"/>), whose grid is sixteen inversions. Its time scales are in the data's own time unit:
    /// seconds for ratings and events, positions in the sequence for data sets that give only the order (Amazon Beauty);
    /// and "session-ease", the same fitted model scored with the newest items weighing most
    /// (<see cref="EaseOptions.Recency"/>), for next-item tasks, twenty-four inversions; and "rules", basket completion by
    /// association rules (<see cref="AssociationRuleRecommender"/>), whose mining cost grows fast as support falls on
    /// large data; and "als-ease", implicit ALS (64 factors, α 2, λ 30) with an EDLAE-style item-item model fitted to
    /// what it leaves unexplained (<see cref="AlsEaseRecommender"/>), eighteen ALS fits and inversions.
    /// </summary>
    public static IReadOnlyList<ModelCatalogEntry> OnRequest { get; } =
    [
        ModelCatalogEntry.Grid("sasrec", [new SasRecOptions(Dropout: 0.5f, LearningRate: 0.002f, Epochs: 30)], o => new SasRecRecommender(o)),
        ModelCatalogEntry.Grid(
            "edlae",
            from lambda in new[] { 200f, 400f, 700f }
            from dropout in new[] { 0.25f, 0.5f, 0.7f }
            select new EaseOptions(lambda, Dropout: dropout, ZeroDiagonal: false),
            o => new EaseRecommender(o)),
        ModelCatalogEntry.Grid(
            "als-bag",
            from alpha in new[] { 1.5f, 2f, 3f }
            from regularization in new[] { 15f, 30f, 60f }
            select new AlsOptions(64, regularization, alpha, Bag: 5),
            o => new AlsRecommender(o)),
        ModelCatalogEntry.Grid(
            "als-nu",
            from factors in new[] { 64, 200 }
            from nu in new[] { 0.25f, 0.5f, 1f }
            from regularization in new[] { 15f, 30f, 60f }
            select new AlsOptions(factors, regularization, 2f, FrequencyExponent: nu),
            o => new AlsRecommender(o)),
        ModelCatalogEntry.Grid(
            "user-ease",
            from lambda in new[] { 300f, 500f, 800f, 1200f }
            select new UserEaseOptions(lambda),
            o => new UserEaseRecommender(o)),
        ModelCatalogEntry.Grid(
            "time-ease",
            from timeScale in new[] { 10f, 60f, 600f, 3600f }
            from lambda in new[] { 50f, 100f, 300f, 500f }
            select new EaseOptions(lambda, TimeScale: timeScale),
            o => new EaseRecommender(o)),
        ModelCatalogEntry.Grid(
            "session-ease",
            from recency in new[] { 2f, 5f, 20f, 50f }
            from timeScale in new[] { 0f, 10f }
            from lambda in new[] { 50f, 200f, 500f }
            select new EaseOptions(lambda, TimeScale: timeScale, Recency: recency),
            o => new EaseRecommender(o)),
        ModelCatalogEntry.Grid(
            "rules",
            from support in new[] { 0.0005, 0.001, 0.003, 0.01 }
            from confidence in new[] { 0.01, 0.05 }
            select new AssociationRuleOptions(support, confidence, MaxLength: 3),
            o => new AssociationRuleRecommender(o)),
        ModelCatalogEntry.Grid(
            "als-ease",
            from lambda in new[] { 500f, 1000f, 1500f }
            from dropout in new[] { 0.3f, 0.5f, 0.7f }
            from weight in new[] { 1f, 1.5f }
            select new AlsEaseOptions(new AlsOptions(64, 30f, 2f), lambda, dropout, Weight: weight),
            o => new AlsEaseRecommender(o)),
    ];
}
