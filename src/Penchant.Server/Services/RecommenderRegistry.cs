using Penchant.Core.Data;
using Penchant.Core.Embeddings;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Als;
using Penchant.Core.Recommenders.AlsEase;
using Penchant.Core.Recommenders.Bpr;
using Penchant.Core.Recommenders.Content;
using Penchant.Core.Recommenders.Ease;
using Penchant.Core.Recommenders.Hybrid;
using Penchant.Core.Recommenders.ItemKnn;
using Penchant.Core.Recommenders.Popularity;
using Penchant.Core.Recommenders.SasRec;

namespace Penchant.Server.Services;

/// <summary>
/// The recommenders the server can train, by name. The configured name (<c>Penchant:Recommender</c>) picks one;
/// more are added with <see cref="Add(string, Func{IRecommender})"/> at start-up. A factory gets the catalogue as it
/// is at training time, which content-based models read (items the interactions do not know yet included).
/// </summary>
public sealed class RecommenderRegistry
{
    /// <summary>The content + collaborative blend: text similarity finds new items, item-kNN what shoppers do.</summary>
    public const string ContentHybridName = "content-hybrid";

    /// <summary>EASE whose Gram matrix weighs a shopper's item pairs by how close in time they were taken up.</summary>
    public const string TimeEaseName = "time-ease";

    /// <summary>Time-local EASE scored with the shopper's newest events weighing most.</summary>
    public const string SessionEaseName = "session-ease";

    private readonly Dictionary<string, Func<IReadOnlyList<Item>, ItemEmbeddings?, IRecommender>> _factories = new(StringComparer.OrdinalIgnoreCase)
    {
        [ItemKnnModel.KindName] = static (_, _) => new ItemKnnRecommender(),
        [PopularityModel.KindName] = static (_, _) => new PopularityRecommender(),

        // EASE keeps a dense items x items matrix: right for catalogues up to some tens of thousands of items.
        [EaseModel.KindName] = static (_, _) => new EaseRecommender(),

        // The same, with a shopper's two items counting more the closer in time they were taken up (an hour apart
        // counts e^-1): what goes together within a visit weighs more than what a shopper bought months apart.
        [TimeEaseName] = static (_, _) => new EaseRecommender(new EaseOptions(TimeScale: 3600f)),

        // And scored from what the shopper did last: the newest event counts 1, the one before e^-1/5, and so on.
        [SessionEaseName] = static (_, _) => new EaseRecommender(new EaseOptions(TimeScale: 3600f, Recency: 5f)),
        [BprModel.KindName] = static (_, _) => new BprRecommender(),

        // Implicit ALS, then an EDLAE-style item-item model fitted to what ALS leaves unexplained: the strongest
        // whole-history model on MovieLens 100K (BENCHMARKS.md), with EASE's dense items x items matrix and so its limits.
        [AlsEaseModel.KindName] = static (_, _) => new AlsEaseRecommender(new AlsEaseOptions(new AlsOptions(64, 30f, 2f), Lambda: 1000f, Dropout: 0.5f)),
        [HybridModel.KindName] = static (_, _) => new HybridRecommender(new HybridOptions(
            [(new EaseRecommender(), 0.7), (new ItemKnnRecommender(), 0.3)])),

        // The transformer sequence model scores the shopper's live event sequence, so events after training count
        // at once. Training takes minutes on a large shop (in the background; serving never waits for it).
        [SasRecModel.KindName] = static (_, _) => new SasRecRecommender(new SasRecOptions(Dropout: 0.5f, LearningRate: 0.002f, Epochs: 30)),

        // Text embeddings only: the cold-start benchmark ranks them above the combined table over all items.
        // Item text embeddings from an embeddings endpoint replace the offline ones when the trainer has them.
        [ContentModel.KindName] = static (catalogue, text) => new ContentRecommender(catalogue, text: text),
        [ContentHybridName] = static (catalogue, text) => new HybridRecommender(new HybridOptions(
            [(new ContentRecommender(catalogue, text: text), 0.5), (new ItemKnnRecommender(), 0.5)])),
    };

    /// <summary>The registered names.</summary>
    public IReadOnlyList<string> Names => [.. _factories.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Registers (or replaces) a recommender under <paramref name="name"/>.</summary>
    public RecommenderRegistry Add(string name, Func<IRecommender> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return Add(name, _ => factory());
    }

    /// <summary>Registers (or replaces) a recommender that reads the catalogue under <paramref name="name"/>.</summary>
    public RecommenderRegistry Add(string name, Func<IReadOnlyList<Item>, IRecommender> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        _factories[name] = (catalogue, _) => factory(catalogue);
        return this;
    }

    public bool Contains(string name) => _factories.ContainsKey(name);

    /// <summary>A fresh recommender of the named kind over <paramref name="catalogue"/> (empty when not given).</summary>
    /// <remarks><paramref name="text"/>: item text embeddings in the training data's item order, from an embeddings endpoint, for the models that read text.</remarks>
    public IRecommender Create(string name, IReadOnlyList<Item>? catalogue = null, ItemEmbeddings? text = null) =>
        _factories.TryGetValue(name, out var factory)
            ? factory(catalogue ?? [], text)
            : throw new ArgumentException($"Unknown recommender '{name}'; known: {string.Join(", ", Names)}.", nameof(name));
}
