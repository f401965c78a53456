using System.Diagnostics;
using Microsoft.Extensions.Options;
using Penchant.Core.Baskets;
using Penchant.Core.Clustering;
using Penchant.Core.Data;
using Penchant.Core.Evaluation;
using Penchant.Core.Embeddings;
using Penchant.Core.Exploration;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Popularity;
using Penchant.Core.Recommenders.Rules;
using Penchant.Core.Search;
using Penchant.Server.Embeddings;
using Penchant.Server.Options;
using Penchant.Storage;

namespace Penchant.Server.Services;

/// <summary>
/// Builds a <see cref="ServingSnapshot"/> from the store: one pass over the catalogue and one over the events
/// (interaction matrix, popularity and trending windows together), then fits the configured recommender and
/// groups the items into interest clusters over their combined (behaviour + text) embeddings. Cluster ids carry
/// over from the snapshot serving now, or after a restart from the clusters stored by the last training, so a
/// cluster that stays substantially the same keeps its id. The new clusters are stored before the snapshot is
/// returned, so the store never holds clusters older than the ones serving.
/// </summary>
public sealed class ModelTrainer(
    IPenchantStore store,
    RecommenderRegistry registry,
    ServingModel serving,
    IOptions<PenchantServerOptions> options,
    IOptions<ExplorationServerOptions> exploration,
    TimeProvider time,
    IOptions<EmbeddingServiceOptions> embeddingService,
    OpenAiEmbeddingClient embeddingClient,
    IOptions<ExperimentsServerOptions> experiments,
    ExperimentRouter router,
    IOptions<LanguageModelOptions> language,
    OpenAiChatClient chat,
    ILogger<ModelTrainer> logger)
{
    /// <summary>How sharply explore draws follow the learned ranker (chosen on Amazon Beauty's validation fold).</summary>
    private const double LearnedSharpness = 10;

    /// <summary>At most this many choices train the learned ranker (a seeded sample beyond).</summary>
    private const int MaxRankerChoices = 20_000;

    /// <summary>Trains snapshot number <paramref name="version"/>.</summary>
    public async Task<ServingSnapshot> TrainAsync(long version, CancellationToken cancellation)
    {
        var settings = options.Value;
        var started = Stopwatch.GetTimestamp();

        // Read first: a write after it moves the revision on, so it can only make the next check see a change.
        var revision = await store.GetRevisionAsync(cancellation);
        var items = new IdMap();
        var catalogue = new List<Item>();
        await foreach (var item in store.StreamItemsAsync(cancellation))
        {
            items.GetOrAdd(item.Id);
            catalogue.Add(item);
        }

        var weights = settings.Weights();
        var builder = new InteractionBuilder(weights, items: items);
        var baskets = new BasketBuilder(new BasketOptions(Gap: settings.BasketGap), items);
        var engagement = new SearchEngagementBuilder(items, SearchEngagementOptions.Default with
        {
            Window = settings.SearchEngagementWindow,
            MinShoppers = settings.SearchEngagementMinShoppers,
            MinPopularSearchers = settings.SearchSuggestMinShoppers,
            Recent = settings.SearchEngagementDays > 0 ? TimeSpan.FromDays(settings.SearchEngagementDays) : null,
        });
        var events = new List<(int Item, long Time)>();
        long newest = long.MinValue;
        await foreach (var e in store.StreamEventsAsync(cancellation))
        {
            builder.Add(e);
            baskets.Add(e);
            engagement.Add(e);
            if (e.ItemId is not null && weights.WeightOf(e.Type, e.Value) > 0)
            {
                var time = e.Timestamp.ToUnixTimeSeconds();
                events.Add((items.IndexOf(e.ItemId), time));
                newest = Math.Max(newest, time);
            }
        }

        var data = builder.Build();
        var itemCount = data.ItemCount;
        var itemsInOrder = ItemEmbeddingBuilder.Align(data.Items, catalogue);
        var (external, textEmbeddings, embeddingsFailed) = await TextEmbeddingsAsync(itemsInOrder, cancellation);
        var context = new TrainingContext(settings.Seed, null, cancellation);
        IRecommenderModel? model = null;
        InterestClusters? clusters = null;
        float[] popularity = new float[itemCount];
        var served = settings.Recommender;
        string? selection = null;
        DateTimeOffset? selectedAt = null;
        if (data.Matrix.NonZeros > 0)
        {
            if (served == Auto && serving.Current is { SelectedAt: { } at } previous
                && time.GetUtcNow() - at < settings.AutoSelectionInterval && registry.Contains(previous.Recommender))
            {
                // The last comparison stands until AutoSelectionInterval has passed.
                (served, selection, selectedAt) = (previous.Recommender, previous.Selection, at);
            }
            else if (served == Auto)
            {
                bool compared;
                (served, selection, compared) = await Task.Run(() => Choose(data, catalogue, external, context), cancellation);
                selectedAt = compared ? time.GetUtcNow() : null;
            }

            var recommender = registry.Create(served, catalogue, external);
            model = await Task.Run(() => recommender.Fit(data, context), cancellation);
            popularity = ((PopularityModel)new PopularityRecommender().Fit(data, context)).Popularity.ToArray();
        }

        var clusterNames = "keywords";

        // Whether an embeddings or language endpoint failed in this run (its fallback serves; the next run tries again).
        var endpointFailed = embeddingsFailed;
        if (settings.InterestClusters > 0 && itemCount > 0)
        {
            var previous = serving.Current.Clusters ?? await store.LoadInterestClustersAsync(cancellation);
            clusters = await Task.Run(() => Cluster(data, itemsInOrder, external, settings, previous, cancellation), cancellation);
            if (language.Value.Enabled)
            {
                try
                {
                    clusters = await NameClustersAsync(clusters, catalogue, cancellation);
                    clusterNames = chat.Description;
                }
                catch (EmbeddingServiceException e)
                {
                    clusterNames = $"keywords (the language endpoint failed: {e.Message})";
                    endpointFailed = true;
                    logger.LogWarning("Interest clusters keep their keyword names: {Reason}", e.Message);
                }
            }

            await store.SaveInterestClustersAsync(clusters, cancellation);
        }

        var boughtTogether = settings.BundleMinBaskets > 0
            ? await Task.Run(() => BoughtTogether(baskets.Build(), itemCount, settings, cancellation), cancellation)
            : null;
        var trending = Trending(events, itemCount, newest, (long)settings.TrendingWindow.TotalSeconds);
        var aligned = new Item?[itemCount];
        for (var i = 0; i < catalogue.Count; i++)
        {
            aligned[i] = catalogue[i];
        }

        var explorationModel = ExplorationModel.Build(data.Sequences, aligned, clusters, clusters is null ? [] : ServingSnapshot.DistinctLabels(clusters));
        if (explorationModel is not null && model is not null && exploration.Value is { LearnedRanker: true } learning)
        {
            // Slates of the default length with the configured share: the clusters of the exploit items are covered.
            var coveredSlots = (int)Math.Round(10 * (1 - learning.Share));
            var learned = await Task.Run(
                () => ClusterRankerTraining.FromLatestMoves(
                    registry.Create(served, catalogue, external),
                    data,
                    new ClusterFeaturizer(explorationModel.Predictor),
                    coveredSlots,
                    LearnedSharpness,
                    new ClusterRankerOptions(MaxGroups: MaxRankerChoices, Seed: settings.Seed),
                    learning.MinRankerChoices,
                    context),
                cancellation);
            explorationModel = explorationModel.WithLearned(learned);
        }

        var snapshot = new ServingSnapshot(
            version,
            served == Auto ? AutoDefault : served,
            model,
            data.Users,
            data.Items,
            aligned,
            popularity,
            trending,
            data.Matrix.NonZeros,
            builder.EventCount,
            time.GetUtcNow(),
            Stopwatch.GetElapsedTime(started),
            clusters)
        {
            Exploration = explorationModel,
            BoughtTogether = boughtTogether,
            SearchEngagement = await Task.Run(() => engagement.Build(cancellation), cancellation),
            TextEmbeddings = textEmbeddings,
            TextVectors = external,
            EndpointFailed = endpointFailed,
            ClusterNames = clusterNames,
            Selection = selection,
            SelectedAt = selectedAt,
            TrainingData = data,
            Revision = revision,
            Settings = SettingsDigest(),
        };
        return await WithExperimentAsync(snapshot, data, catalogue, external, context, cancellation);
    }

    /// <summary>
    /// A digest (SHA-256, hex) of every setting a training run reads: the recommender and its seed, evidence weights
    /// and decay, the trending window, interest clusters, bundles, auto's interval, and the exploration settings, the
    /// experiments, and which embeddings and language endpoints and models (not their keys). Equal digests and an unchanged store revision train the same snapshot.
    /// </summary>
    public string SettingsDigest()
    {
        var s = options.Value;
        var read = new
        {
            s.Recommender,
            s.Seed,
            s.HalfLifeDays,
            s.EventWeights,
            s.TrendingWindow,
            s.InterestClusters,
            s.ItemsPerInterestCluster,
            s.BundleMinBaskets,
            s.BundleMinConfidence,
            s.BundleMaxItems,
            s.BasketGap,
            s.SearchEngagementWindow,
            s.SearchEngagementMinShoppers,
            s.SearchSuggestMinShoppers,
            s.SearchEngagementDays,
            s.AutoSelectionInterval,
            Exploration = exploration.Value,
            Embeddings = new { embeddingService.Value.Endpoint, embeddingService.Value.Model, embeddingService.Value.Dimensions },
            Experiments = new { experiments.Value.Experiment, experiments.Value.Experiments },
            Language = new { language.Value.Endpoint, language.Value.Model },
        };
        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(read);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(json));
    }

    /// <summary><c>Penchant:Recommender=auto</c>: the recommender is chosen at each training run from the shop's own data.</summary>
    public const string Auto = "auto";

    /// <summary>What <c>auto</c> serves when there is nothing to choose from yet.</summary>
    private const string AutoDefault = "itemknn";

    /// <summary>The EASE-family candidates invert an items × items matrix; above this many items they are left out.</summary>
    private const int AutoMaxEaseItems = 20_000;

    /// <summary>
    /// Chooses the served recommender by <see cref="NextItemSelector"/>: item-kNN (the default), session-aware EASE,
    /// EASE and popularity, each fitted without every shopper's newest new item and scored on finding it in its top 10
    /// (EASE's two only up to <see cref="AutoMaxEaseItems"/> items); returns the choice, the scores in words, and
    /// whether there were enough shoppers to compare the candidates.
    /// </summary>
    private (string Chosen, string Selection, bool Compared) Choose(InteractionData data, List<Item> catalogue, ItemEmbeddings? external, TrainingContext context)
    {
        string[] names = data.ItemCount <= AutoMaxEaseItems ? [AutoDefault, "session-ease", "ease", "popularity"] : [AutoDefault, "popularity"];
        var result = new NextItemSelector().Select([.. names.Select(n => (n, registry.Create(n, catalogue, external)))], data, context);
        var words = result.Scores.Count == 0
            ? $"{result.Chosen}: too few shoppers with a new newest item to compare ({result.Users})"
            : $"{result.Chosen}: hit rate at 10 on {result.Users} shoppers' newest items: "
                + string.Join(", ", result.Scores.Select(static s => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{s.Name} {s.HitRate:0.000}")));
        logger.LogInformation("Recommender chosen: {Selection}", words);
        return (result.Chosen, words, result.Scores.Count > 0);
    }

    // The experiments' recommenders: one snapshot per recommender a variant names, each fitted once; the served one shares this snapshot.
    private async Task<ServingSnapshot> WithExperimentAsync(
        ServingSnapshot snapshot, InteractionData data, List<Item> catalogue, ItemEmbeddings? external, TrainingContext context, CancellationToken cancellation)
    {
        if (router.Recommenders.Count == 0)
        {
            return snapshot;
        }

        var alternatives = new Dictionary<string, ServingSnapshot>(StringComparer.OrdinalIgnoreCase);
        foreach (var recommender in router.Recommenders)
        {
            if (string.Equals(recommender, snapshot.Recommender, StringComparison.OrdinalIgnoreCase))
            {
                alternatives[recommender] = snapshot;
                continue;
            }

            var model = data.Matrix.NonZeros > 0
                ? await Task.Run(() => registry.Create(recommender, catalogue, external).Fit(data, context), cancellation)
                : null;
            alternatives[recommender] = snapshot.WithModel(model, recommender);
        }

        return snapshot.WithAlternatives(alternatives);
    }

    private const string NamingInstructions =
        "You name groups of products for the shoppers of an online shop. Answer with a name of two to four words, "
        + "in the language of the product titles, and nothing else.";

    /// <summary>
    /// Names each interest cluster by the language model from its categories, keywords and up to 12 of its products'
    /// titles; an empty or overlong answer keeps the keyword name. A failure of the endpoint stops the naming.
    /// </summary>
    private async Task<InterestClusters> NameClustersAsync(InterestClusters clusters, List<Item> catalogue, CancellationToken cancellation)
    {
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in catalogue)
        {
            titles.TryAdd(item.Id, item.Title);
        }

        var labels = new string[clusters.Clusters.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, labels.Length),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, language.Value.Parallelism), CancellationToken = cancellation },
            async (c, token) =>
            {
                var cluster = clusters.Clusters[c];
                var products = cluster.Members.Select(id => titles.GetValueOrDefault(id)).OfType<string>().Where(static t => t.Length > 0).Take(12);
                var prompt = $"Categories: {string.Join(", ", cluster.Categories)}\nKeywords: {string.Join(", ", cluster.Keywords)}\nProducts:\n- {string.Join("\n- ", products)}";
                labels[c] = CleanName(await chat.CompleteAsync(NamingInstructions, prompt, 16, token)) ?? cluster.Label;
            });
        return clusters.WithLabels(labels);
    }

    /// <summary>The first line of a model's answer without quotes or a closing full stop; null when empty or longer than 60 characters.</summary>
    internal static string? CleanName(string answer)
    {
        var line = answer.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        for (var pass = 0; pass < 2; pass++)
        {
            line = line.Trim().Trim('"', '\'', '“', '”', '「', '」', '*').TrimEnd('.', '。').Trim();
        }

        return line.Length is > 0 and <= 60 ? line : null;
    }

    /// <summary>
    /// The items' text embeddings from the embeddings endpoint, with where they came from for the status; none when no
    /// endpoint is set or it failed (the offline model serves then, the status says why, and <c>Failed</c> is set).
    /// </summary>
    private async Task<(ItemEmbeddings? Embeddings, string Source, bool Failed)> TextEmbeddingsAsync(Item[] items, CancellationToken cancellation)
    {
        if (!embeddingService.Value.Enabled || items.Length == 0)
        {
            return (null, "offline", false);
        }

        try
        {
            var rows = await embeddingClient.EmbedAsync([.. items.Select(ItemText)], cancellation);
            return (ItemEmbeddings.FromRows(rows, rows.Length > 0 ? rows[0].Length : 1), embeddingClient.Description, false);
        }
        catch (EmbeddingServiceException e)
        {
            logger.LogWarning("Item text embeddings fall back to the offline model: {Reason}", e.Message);
            return (null, $"offline (the embeddings endpoint failed: {e.Message})", true);
        }
    }

    /// <summary>What an embeddings endpoint reads for an item: its title, brand, category path, tags and description.</summary>
    internal static string ItemText(Item item)
    {
        var parts = new List<string> { item.Title };
        if (!string.IsNullOrWhiteSpace(item.Brand))
        {
            parts.Add(item.Brand);
        }

        if (item.Categories.Count > 0)
        {
            parts.Add(string.Join(" > ", item.Categories));
        }

        if (item.TagList.Count > 0)
        {
            parts.Add(string.Join(", ", item.TagList));
        }

        if (!string.IsNullOrWhiteSpace(item.Description))
        {
            parts.Add(item.Description);
        }

        return string.Join(". ", parts.Where(static p => !string.IsNullOrWhiteSpace(p)));
    }

    /// <summary>
    /// Rules over the baskets of purchases, in the snapshot's item indices: those holding at least
    /// <see cref="PenchantServerOptions.BundleMinBaskets"/> baskets, of up to <see cref="PenchantServerOptions.BundleMaxItems"/> items.
    /// </summary>
    private static AssociationRuleModel? BoughtTogether(BasketSet baskets, int itemCount, PenchantServerOptions settings, CancellationToken cancellation)
    {
        if (baskets.Matrix.Rows == 0 || baskets.Items.Count != itemCount)
        {
            return null;
        }

        // A few baskets sharing many items can hold more itemsets than the miner allows: then pairs only, then none.
        foreach (var length in new[] { settings.BundleMaxItems, 2 }.Distinct())
        {
            var recommender = new AssociationRuleRecommender(new AssociationRuleOptions(
                MinSupport: 0, MinConfidence: settings.BundleMinConfidence, MaxLength: length, MinCount: settings.BundleMinBaskets));
            try
            {
                return (AssociationRuleModel)recommender.Fit(baskets.ToInteractionData(), new TrainingContext(settings.Seed, null, cancellation));
            }
            catch (InvalidOperationException)
            {
            }
        }

        return null;
    }

    /// <summary>
    /// Interest clusters over the combined item embeddings (item2vec where there is behaviour, text predicted
    /// into it where there is none), one per <see cref="PenchantServerOptions.ItemsPerInterestCluster"/> items
    /// up to <see cref="PenchantServerOptions.InterestClusters"/>, ids matched to <paramref name="previous"/>.
    /// </summary>
    private static InterestClusters Cluster(InteractionData data, Item[] items, ItemEmbeddings? text, PenchantServerOptions settings, InterestClusters? previous, CancellationToken cancellation)
    {
        var embeddings = new ItemEmbeddingBuilder().Build(items, data.Sequences, settings.Seed, cancellation, text);
        var k = Math.Clamp(items.Length / settings.ItemsPerInterestCluster, 1, settings.InterestClusters);
        return new InterestClusterer(new InterestClusterOptions(new KMeansOptions(k)))
            .Fit(embeddings.Combined, items, embeddings.TextModel, settings.Seed, previous, cancellation);
    }

    /// <summary>
    /// Growth of each item's positive events in the last window over the window before it, both ending at the
    /// newest event: (recent - previous) / sqrt(previous + 1), so a jump from little counts, and zero when not growing.
    /// </summary>
    private static float[] Trending(List<(int Item, long Time)> events, int itemCount, long newest, long window)
    {
        var trending = new float[itemCount];
        if (events.Count == 0 || window <= 0)
        {
            return trending;
        }

        var recent = new int[itemCount];
        var previous = new int[itemCount];
        foreach (var (item, time) in events)
        {
            var age = newest - time;
            if (age < window)
            {
                recent[item]++;
            }
            else if (age < 2 * window)
            {
                previous[item]++;
            }
        }

        for (var i = 0; i < itemCount; i++)
        {
            var growth = recent[i] - previous[i];
            trending[i] = growth > 0 ? growth / MathF.Sqrt(previous[i] + 1) : 0f;
        }

        return trending;
    }
}
