using Penchant.Core.Clustering;
using Penchant.Core.Data;
using Penchant.Core.Explanations;
using Penchant.Core.Recommenders;
using Penchant.Core.Search;

namespace Penchant.Server.Services;

/// <summary>
/// Everything a request needs to score, produced by one training run and never changed afterwards:
/// the model, the id maps, the catalogue as it was, popularity, trending and the interest clusters. Requests read one snapshot
/// through <see cref="ServingModel.Current"/> and so never see half of a swap.
/// </summary>
public sealed class ServingSnapshot
{
    private readonly Item?[] _items;

    // Built in the background when the snapshot is swapped in (or by the first search), and shared by this snapshot's
    // copies, which hold the same catalogue.
    private Lazy<ItemSearchIndex> _search;

    public ServingSnapshot(
        long version,
        string recommender,
        IRecommenderModel? model,
        IdMap users,
        IdMap items,
        Item?[] catalogue,
        float[] popularity,
        float[] trending,
        long interactions,
        long events,
        DateTimeOffset? trainedAt,
        TimeSpan trainingDuration,
        InterestClusters? clusters = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(popularity);
        if (catalogue.Length != items.Count || popularity.Length != items.Count || trending.Length != items.Count)
        {
            throw new ArgumentException("Catalogue, popularity and trending need one entry per mapped item.", nameof(catalogue));
        }

        Version = version;
        Recommender = recommender;
        Model = model is not null && model.ItemCount == items.Count ? model : null;
        TopSimilarities = Model is null ? null : new ItemTopSimilarity(Model);
        Users = users;
        Items = items;
        _items = catalogue;
        _search = new Lazy<ItemSearchIndex>(() => ItemSearchIndex.Build(catalogue), LazyThreadSafetyMode.ExecutionAndPublication);
        Popularity = popularity;
        Trending = trending;
        Interactions = interactions;
        Events = events;
        TrainedAt = trainedAt;
        TrainingDuration = trainingDuration;
        Clusters = clusters;
        ClusterLabels = clusters is null ? [] : DistinctLabels(clusters);
        ClusterIdsByLabel = Enumerable.Range(0, ClusterLabels.Count).ToDictionary(c => ClusterLabels[c], c => clusters!.Clusters[c].Id, StringComparer.Ordinal);

        var max = popularity.Length == 0 ? 0f : System.Numerics.Tensors.TensorPrimitives.Max(popularity);
        NormalizedPopularity = new float[popularity.Length];
        if (max > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(popularity, 1f / max, NormalizedPopularity);
        }

        var byCategory = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
        var byLeaf = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
        var byBrand = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
        var byTag = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
        var unavailable = new List<int>();
        for (var i = 0; i < catalogue.Length; i++)
        {
            var item = catalogue[i];
            if (item is null || !item.Available)
            {
                unavailable.Add(i);
            }

            if (item is null)
            {
                continue;
            }

            foreach (var category in item.Categories.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                Add(byCategory, category, i);
            }

            if (item.LeafCategory is { } leaf)
            {
                Add(byLeaf, leaf, i);
            }

            if (item.Brand is { } brand)
            {
                Add(byBrand, brand, i);
            }

            foreach (var tag in item.TagList.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                Add(byTag, tag, i);
            }
        }

        ItemsByCategory = byCategory.ToDictionary(static p => p.Key, static p => p.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
        ItemsByLeafCategory = byLeaf.ToDictionary(static p => p.Key, static p => p.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
        ItemsByBrand = byBrand.ToDictionary(static p => p.Key, static p => p.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
        ItemsByTag = byTag.ToDictionary(static p => p.Key, static p => p.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
        NotRecommendable = [.. unavailable];
    }

    /// <summary>An empty snapshot, served before the first training run ends.</summary>
    public static ServingSnapshot Empty(string recommender) =>
        new(0, recommender, null, new IdMap(), new IdMap(), [], [], [], 0, 0, null, TimeSpan.Zero);

    /// <summary>Increases by one with every swap.</summary>
    public long Version { get; }

    public string Recommender { get; }

    /// <summary>The trained model, or null when there was nothing to train on.</summary>
    public IRecommenderModel? Model { get; }

    public IdMap Users { get; }

    public IdMap Items { get; }

    /// <summary>Item popularity (time-decayed evidence), per dense item.</summary>
    public float[] Popularity { get; }

    /// <summary>Popularity scaled so the most popular item is 1.</summary>
    public float[] NormalizedPopularity { get; }

    /// <summary>Recent growth of popularity per dense item; zero when not growing.</summary>
    public float[] Trending { get; }

    public long Interactions { get; }

    public long Events { get; }

    public DateTimeOffset? TrainedAt { get; }

    public TimeSpan TrainingDuration { get; }

    /// <summary>The interest clusters of the trained items, or null when they are not built.</summary>
    public InterestClusters? Clusters { get; }

    /// <summary>The cluster map and novel-cluster predictor of exploration; null when the items fall into fewer than two clusters.</summary>
    public ExplorationModel? Exploration { get; init; }

    /// <summary>Bought-together rules mined from the baskets of purchases, for cart recommendations; null when there were none.</summary>
    public Penchant.Core.Recommenders.Rules.AssociationRuleModel? BoughtTogether { get; init; }

    /// <summary>How the interest clusters were named: "keywords", or the language model and endpoint, or why it was not used.</summary>
    public string ClusterNames { get; init; } = "keywords";

    /// <summary>The interactions the model was trained on (each shopper's history), for audiences; null before the first training.</summary>
    public InteractionData? TrainingData { get; init; }

    /// <summary>Where the interest clusters' item text embeddings came from: "offline", or the embeddings model and endpoint.</summary>
    public string TextEmbeddings { get; init; } = "offline";

    /// <summary>With <c>Recommender=auto</c>: how the recommender was chosen (each candidate's hit rate); null otherwise.</summary>
    public string? Selection { get; init; }

    /// <summary>
    /// With <c>Recommender=auto</c>: when the candidates were last compared (<see cref="Selection"/>); null when they
    /// were not (a named recommender, or too few shoppers to compare).
    /// </summary>
    public DateTimeOffset? SelectedAt { get; init; }

    /// <summary>Whether the training run fell back from a failing embeddings or language endpoint (the next run tries again).</summary>
    public bool EndpointFailed { get; init; }

    /// <summary>The saved snapshot file this snapshot was read from at start, or null when this process trained it.</summary>
    public string? RestoredFrom { get; init; }

    /// <summary>
    /// The store's revision read before the training run read the store: while the store is at it, a new run would
    /// read the same items, users and events. Null for a snapshot not trained from a store.
    /// </summary>
    public Storage.StoreRevision? Revision { get; init; }

    /// <summary>A digest of the settings the training run read (<see cref="ModelTrainer.SettingsDigest"/>).</summary>
    public string? Settings { get; init; }

    /// <summary>The model's top similarity per item, filled as reasons need them (null without a model).</summary>
    public ItemTopSimilarity? TopSimilarities { get; }

    /// <summary>The label of each dense cluster, made unique (a repeated label gets its cluster id appended).</summary>
    public IReadOnlyList<string> ClusterLabels { get; }

    /// <summary>The stable cluster id behind each unique label of <see cref="ClusterLabels"/>.</summary>
    public IReadOnlyDictionary<string, int> ClusterIdsByLabel { get; }

    /// <summary>Items under each category name at any level of their path.</summary>
    public IReadOnlyDictionary<string, int[]> ItemsByCategory { get; }

    /// <summary>Items by their leaf category.</summary>
    public IReadOnlyDictionary<string, int[]> ItemsByLeafCategory { get; }

    public IReadOnlyDictionary<string, int[]> ItemsByBrand { get; }

    /// <summary>Items by each of their tags.</summary>
    public IReadOnlyDictionary<string, int[]> ItemsByTag { get; }

    /// <summary>Items out of stock or without catalogue data when trained.</summary>
    public int[] NotRecommendable { get; }

    public int ItemCount => Items.Count;

    /// <summary>The id an erased shopper's slot gets in <see cref="Users"/> until the next training run.</summary>
    public const string ErasedPrefix = "\0erased/";

    /// <summary>
    /// This snapshot with <paramref name="userId"/> gone from the user map, so that no request reaches the user's
    /// per-user model state (factor row, fingerprint) any more, and with their history gone from
    /// <see cref="TrainingData"/>; dense indices of other users are unchanged.
    /// </summary>
    public ServingSnapshot WithoutUser(string userId) => WithoutUsers([userId]);

    /// <summary>This snapshot without any of <paramref name="userIds"/> (as <see cref="WithoutUser"/>), in one copy however many go.</summary>
    public ServingSnapshot WithoutUsers(IEnumerable<string> userIds)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        var indices = userIds.Select(Users.IndexOf).Where(static i => i >= 0).ToHashSet();
        if (indices.Count == 0)
        {
            return this;
        }

        var users = new IdMap(Users.Ids.Select((id, i) => indices.Contains(i) ? ErasedPrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture) : id));
        var data = TrainingData is { } training ? training.WithoutHistoriesOf(indices.Where(i => i < training.UserCount).ToHashSet(), users) : TrainingData;
        return Copy(Model, Recommender, users, data, Alternatives?.ToDictionary(static p => p.Key, p => p.Value.Copy(p.Value.Model, p.Value.Recommender, users, data, null), StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>This snapshot serving <paramref name="model"/> (the recommender <paramref name="recommender"/>) instead, for an experiment's variant.</summary>
    public ServingSnapshot WithModel(IRecommenderModel? model, string recommender) => Copy(model, recommender, Users, TrainingData, null);

    /// <summary>This snapshot with the snapshots serving the recommenders experiments' variants name.</summary>
    public ServingSnapshot WithAlternatives(IReadOnlyDictionary<string, ServingSnapshot>? alternatives) => Copy(Model, Recommender, Users, TrainingData, alternatives);

    /// <summary>
    /// The snapshot serving each recommender an experiment's variant names, by recommender name (case ignored; the one
    /// of the served recommender is this snapshot's model); null without an experiment.
    /// </summary>
    public IReadOnlyDictionary<string, ServingSnapshot>? Alternatives { get; init; }

    private ServingSnapshot Copy(IRecommenderModel? model, string recommender, IdMap users, InteractionData? data, IReadOnlyDictionary<string, ServingSnapshot>? alternatives) =>
        new(Version, recommender, model, users, Items, _items, Popularity, Trending, Interactions, Events, TrainedAt, TrainingDuration, Clusters)
        {
            Exploration = Exploration,
            BoughtTogether = BoughtTogether,
            SearchEngagement = SearchEngagement,
            TextEmbeddings = TextEmbeddings,
            TextVectors = TextVectors,
            ClusterNames = ClusterNames,
            Selection = Selection,
            SelectedAt = SelectedAt,
            EndpointFailed = EndpointFailed,
            RestoredFrom = RestoredFrom,
            Revision = Revision,
            Settings = Settings,
            TrainingData = data,
            Alternatives = alternatives,
            _search = _search,
        };

    /// <summary>
    /// Keyword search over the catalogue as it was at training time (item indices are dense item ids), built on first
    /// use or in the background at a swap; the search service covers items added since with an index of its own.
    /// </summary>
    public ItemSearchIndex SearchIndex => _search.Value;

    /// <summary>
    /// The items' text embeddings from the configured embeddings endpoint (rows in dense item order), for search by
    /// meaning; null offline or when the endpoint failed. Saved with the snapshot, so a restarted server has them.
    /// </summary>
    public Penchant.Core.Embeddings.ItemEmbeddings? TextVectors { get; init; }

    /// <summary>
    /// What shoppers chose after each search, learned at the training run (item indices are dense item ids); null for a
    /// snapshot saved before it was kept (format 3 or 4) until the next run.
    /// </summary>
    public Penchant.Core.Search.SearchEngagement? SearchEngagement { get; init; }

    /// <summary>Whether <see cref="SearchIndex"/> has been built.</summary>
    public bool SearchIndexBuilt => _search.IsValueCreated;

    /// <summary>Starts building <see cref="SearchIndex"/> on the thread pool, so that the first search need not wait for it.</summary>
    public void WarmSearchIndex()
    {
        if (!_search.IsValueCreated && _items.Length > 0)
        {
            _ = Task.Run(() => _search.Value);
        }
    }

    /// <summary>The catalogue item at dense index <paramref name="item"/> as it was at training time.</summary>
    public Item? ItemAt(int item) => (uint)item < (uint)_items.Length ? _items[item] : null;

    /// <summary>The dense interest cluster of item <paramref name="itemId"/>, or -1 (no clusters, or an item newer than the snapshot).</summary>
    public int ClusterOf(string itemId) => Clusters is { } clusters ? clusters.ClusterOf(Items.IndexOf(itemId)) : -1;

    /// <summary>The unique label of the interest cluster of <paramref name="itemId"/>, or null.</summary>
    public string? ClusterLabelOf(string itemId) => ClusterOf(itemId) is var c and >= 0 ? ClusterLabels[c] : null;

    internal static string[] DistinctLabels(InterestClusters clusters)
    {
        var repeated = clusters.Clusters.GroupBy(static c => c.Label, StringComparer.Ordinal).Where(static g => g.Count() > 1)
            .Select(static g => g.Key).ToHashSet(StringComparer.Ordinal);
        return [.. clusters.Clusters.Select(c => repeated.Contains(c.Label)
            ? $"{c.Label} #{c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : c.Label)];
    }

    private static void Add(Dictionary<string, List<int>> index, string key, int item)
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(item);
    }
}
