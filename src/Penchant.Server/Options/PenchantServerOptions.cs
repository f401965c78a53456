using System.ComponentModel.DataAnnotations;
using Penchant.Storage.Sqlite;

namespace Penchant.Server.Options;

/// <summary>The server's settings, bound from the <c>Penchant</c> configuration section.</summary>
public sealed class PenchantServerOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Penchant";

    /// <summary>The SQLite database file (with <see cref="Store"/> <c>sqlite</c>).</summary>
    [Required]
    public string DatabasePath { get; set; } = "penchant.db";

    /// <summary>
    /// Where data is kept: <c>sqlite</c> (the default: the embedded file <see cref="DatabasePath"/>) or
    /// <c>postgres</c> (a PostgreSQL server: <see cref="Postgres"/>).
    /// </summary>
    public string Store { get; set; } = "sqlite";

    /// <summary>The PostgreSQL server, with <see cref="Store"/> <c>postgres</c>.</summary>
    public PostgresServerOptions Postgres { get; set; } = new();

    /// <summary>
    /// Commit durability: <see cref="SqliteSynchronous.Full"/> (the default) syncs every commit, so an acknowledged
    /// event survives power loss; <see cref="SqliteSynchronous.Normal"/> survives a process crash only, and is faster.
    /// </summary>
    public SqliteSynchronous Durability { get; set; } = SqliteSynchronous.Full;

    /// <summary>
    /// Where the serving snapshot (model, id maps, training data, clusters, rules) is saved after each training run and
    /// read back at start, so that a restarted server serves at once while it retrains: unset (the default) for
    /// <c>&lt;DatabasePath&gt;.snapshot</c> with the SQLite store and in the database with PostgreSQL, <c>off</c> for
    /// none, or a file path.
    /// </summary>
    public string? SnapshotPath { get; set; }

    /// <summary>Whether the snapshot is kept in the store itself (PostgreSQL, <see cref="SnapshotPath"/> unset).</summary>
    public bool SnapshotInStore() => string.IsNullOrEmpty(SnapshotPath) && Store == "postgres";

    /// <summary>The snapshot file in effect (see <see cref="SnapshotPath"/>), or null when none is kept.</summary>
    public string? SnapshotFile() => SnapshotPath switch
    {
        null or "" => Store == "sqlite" ? DatabasePath + SnapshotSuffix : null,
        "off" => null,
        var path => path,
    };

    /// <summary>What the default snapshot file adds to the SQLite database's path.</summary>
    public const string SnapshotSuffix = ".snapshot";

    /// <summary>The recommender trained and served, by name (see <c>RecommenderRegistry</c>).</summary>
    [Required]
    public string Recommender { get; set; } = "itemknn";

    /// <summary>How often the model is retrained; zero or less trains only at start and on demand.</summary>
    public TimeSpan TrainingInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How often the server looks whether another process (a second server over the same database, <c>penchant erase</c>,
    /// a retention purge elsewhere) erased or purged shoppers' data; when one did, the server trains at once (or takes up
    /// the snapshot saved since) instead of at the next <see cref="TrainingInterval"/>, so the data leaves its memory
    /// within about one training run. One small query each time; zero or less turns it off.
    /// </summary>
    public TimeSpan ErasureWatch { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often the server reads the stored merchandising campaigns, placements and search synonyms again, so that one written through
    /// another server over the same store applies here within this time (one written here applies at once).
    /// </summary>
    public TimeSpan MerchandisingRefresh { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether a scheduled training run goes ahead when nothing it reads has changed since the last run (no event
    /// stored, no item set, added or removed). Off by default: such a run would train the same model again, since
    /// evidence decays from the newest event, not from the clock. Runs asked for (the train endpoint, erasure) always go ahead.
    /// </summary>
    public bool RetrainWhenUnchanged { get; set; }

    /// <summary>
    /// With <see cref="Recommender"/> <c>auto</c>: how long a choice stands. Training runs within this time of the
    /// last choice that compared the candidates fit the recommender it chose; the first run after it chooses again.
    /// Zero or less chooses at every run.
    /// </summary>
    public TimeSpan AutoSelectionInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The seed passed to training.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>API keys and their roles.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>Serves without keys, every caller being admin. For local development only.</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Whether /health, /ready, /metrics and /openapi answer without a key.</summary>
    public bool OpenOperationalEndpoints { get; set; } = true;

    /// <summary>
    /// Whether the dashboard's page and scripts are served at <c>/dashboard/</c>. They hold no data: the page asks for
    /// an API key and calls the API with it, so it sees what that key may see.
    /// </summary>
    public bool Dashboard { get; set; } = true;

    /// <summary>The largest request body accepted, in bytes.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>The most events, items or users in one batch.</summary>
    [Range(1, 1_000_000)]
    public int MaxBatchSize { get; set; } = 10_000;

    /// <summary>The most recommendations asked for at once.</summary>
    [Range(1, 10_000)]
    public int MaxCount { get; set; } = 200;

    /// <summary>Per-key rate limit.</summary>
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>
    /// How long a feed of recommendation pages can be continued (<c>after=</c> a slate id): the next page leaves out
    /// every item the feed has shown the shopper within this time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan FeedWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Impression fatigue: how much each slate that showed an item to the shopper within <see cref="FatigueWindow"/>,
    /// with no event of theirs on it since, takes off its score (on the scale where the best model score is 1), so that
    /// what a shopper keeps passing over gives way to the next items. 0 (the default) turns it off.
    /// </summary>
    [Range(0.0, 100.0)]
    public double ImpressionFatigue { get; set; }

    /// <summary>How far back impression fatigue counts the slates that showed an item.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan FatigueWindow { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// How much the shopper's own scores count in similar items asked for with <c>user=</c>, against the item
    /// similarity (both scaled so that the best is 1): 0 keeps the plain order and only leaves out what they bought.
    /// </summary>
    [Range(0.0, 100.0)]
    public double SimilarPersonalWeight { get; set; } = 0.5;

    /// <summary>
    /// How much the shopper's own scores count in search results asked for with <c>user=</c>, against the text
    /// relevance (both scaled so that the best is 1); a request's <c>personal=</c> overrides it. 0 keeps the text order.
    /// </summary>
    [Range(0.0, 100.0)]
    public double SearchPersonalWeight { get; set; } = 0.3;

    /// <summary>
    /// How much an item's popularity (scaled so that the most popular is 1) counts in search results against the text
    /// relevance (its best 1): a prior that puts what shoppers take first among equally good matches.
    /// </summary>
    [Range(0.0, 100.0)]
    public double SearchPopularityWeight { get; set; } = 0.1;

    /// <summary>
    /// How much closeness in meaning counts in search results (the cosine of the query's and the item's embeddings from
    /// <c>Penchant:Embeddings</c>, scaled so that the closest is 1) against the words' relevance (the best 1); used only
    /// where an embeddings endpoint is configured. It finds items that say the same in other words.
    /// </summary>
    [Range(0.0, 100.0)]
    public double SearchMeaningWeight { get; set; } = 0.5;

    /// <summary>
    /// How much what shoppers chose after the same search counts in search results (an item's share of the query's
    /// searchers who viewed, clicked, carted or bought it within <see cref="SearchEngagementWindow"/> afterwards, learned at
    /// each training run) against the words' relevance (the best 1). Items the words miss but searchers choose join the
    /// results. 0 turns it off. Kept moderate because what is shown first is chosen more for being first.
    /// </summary>
    [Range(0.0, 100.0)]
    public double SearchEngagementWeight { get; set; } = 2.0;

    /// <summary>
    /// How many days of searches (before the newest event) search learns from, so that an old lift fades; a year, so
    /// that what a season's searches taught holds when the season comes round again; 0 learns from every search kept.
    /// </summary>
    [Range(0.0, 36_500.0)]
    public double SearchEngagementDays { get; set; } = 365;

    /// <summary>How long after a search what a shopper views, clicks, carts or buys counts as chosen from it (until their next search).</summary>
    public TimeSpan SearchEngagementWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How many distinct shoppers must have chosen an item after a search before it counts for that search (at least 2 is wise: then one shopper's habits shape no one else's results).</summary>
    [Range(1, 1_000_000)]
    public int SearchEngagementMinShoppers { get; set; } = 2;

    /// <summary>
    /// How many distinct shoppers must have searched a query (their <c>search</c> events, counted at each training run)
    /// before <c>/v1/search/suggest</c> offers it to others as a popular search: the words are the shoppers' own.
    /// </summary>
    [Range(1, 1_000_000)]
    public int SearchSuggestMinShoppers { get; set; } = 10;

    /// <summary>How many of the best text matches a search orders for the shopper and filters; the rest are not returned.</summary>
    [Range(1, 100_000)]
    public int SearchCandidates { get; set; } = 1_000;

    /// <summary>How many of a shopper's newest events a recommendation request reads.</summary>
    [Range(1, 100_000)]
    public int HistoryLimit { get; set; } = 200;

    /// <summary>How many of the newest events steer the session boost toward their categories.</summary>
    [Range(0, 1000)]
    public int SessionEvents { get; set; } = 5;

    /// <summary>How much the session boost adds, on the scale where the best model score is 1.</summary>
    [Range(0.0, 100.0)]
    public double SessionBoost { get; set; } = 0.5;

    /// <summary>How much popularity adds, on the same scale: a tie-breaker and the fallback for unknown shoppers.</summary>
    [Range(0.0, 100.0)]
    public double PopularityBlend { get; set; } = 0.05;

    /// <summary>The window compared with the one before it to find trending items.</summary>
    public TimeSpan TrendingWindow { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Half-life of evidence in days for fold-in queries, profiles and training.</summary>
    [Range(0.0, 100_000.0)]
    public double HalfLifeDays { get; set; } = 90.0;

    /// <summary>Per-type event weights over the defaults (<c>Penchant:EventWeights:Purchase=8</c>, ...).</summary>
    public EventWeightSettings EventWeights { get; set; } = new();

    /// <summary>The event weights in effect: <see cref="EventWeights"/> over the defaults, with <see cref="HalfLifeDays"/>.</summary>
    public Core.Data.EventWeights Weights() => EventWeights.Apply(HalfLifeDays);

    /// <summary>
    /// The least similarity of a history item to a recommended item, as a share of the recommended item's top
    /// similarity to any item, for a "because you ..." reason; weaker links give the next kind of reason instead
    /// (interest cluster, category, brand, popularity). Zero names any history item with a positive similarity.
    /// </summary>
    [Range(0.0, 1.0)]
    public double ReasonMinSimilarityShare { get; set; } = Core.Explanations.HistoryAttribution.DefaultMinSimilarityShare;

    /// <summary>
    /// The most interest clusters built at training time (one per about <see cref="ItemsPerInterestCluster"/>
    /// items, up to this); zero turns interest clusters off.
    /// </summary>
    [Range(0, 1000)]
    public int InterestClusters { get; set; } = 200;

    /// <summary>About how many items share one interest cluster.</summary>
    [Range(1, 1_000_000)]
    public int ItemsPerInterestCluster { get; set; } = 50;

    /// <summary>
    /// Bought-together rules for cart recommendations: a rule needs at least this many baskets (purchases of one
    /// shopper in one session, or no more than <see cref="BasketGap"/> apart) holding all its items; zero turns them off.
    /// </summary>
    [Range(0, 1_000_000)]
    public int BundleMinBaskets { get; set; } = 2;

    /// <summary>Bought-together rules: the smallest share of the left side's baskets that also hold the right side.</summary>
    [Range(0.0, 1.0)]
    public double BundleMinConfidence { get; set; } = 0.05;

    /// <summary>Bought-together rules: the most items in one rule, both sides (2: pairs only).</summary>
    [Range(2, 5)]
    public int BundleMaxItems { get; set; } = 3;

    /// <summary>
    /// Cart recommendations: the weight of the best bought-together rule's confidence against the serving model's share of
    /// its best score for the cart (<see cref="Core.Baskets.CartScoring"/>).
    /// </summary>
    [Range(0.0, 100.0)]
    public double BundleRuleWeight { get; set; } = Core.Baskets.CartScoring.DefaultRuleWeight;

    /// <summary>Purchases without a session id more than this apart go into different baskets.</summary>
    public TimeSpan BasketGap { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>One API key.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>A name for logs and metrics (the key itself is never logged).</summary>
    public string? Name { get; set; }

    /// <summary>The secret sent in <c>X-Api-Key</c> or <c>Authorization: Bearer</c>.</summary>
    public string Key { get; set; } = "";

    /// <summary><c>ingest</c> or <c>admin</c>.</summary>
    public string Role { get; set; } = "ingest";
}

/// <summary>A token bucket per API key.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Requests per second each key may make on average; zero or less turns the limit off.</summary>
    public int PermitsPerSecond { get; set; } = 2000;

    /// <summary>How many requests a key may make in a burst.</summary>
    public int Burst { get; set; } = 4000;
}
