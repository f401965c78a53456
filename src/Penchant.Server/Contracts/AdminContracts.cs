namespace Penchant.Server.Contracts;

/// <summary>The serving model and the trainer.</summary>
public sealed record ModelStatus(
    long Version,
    string Recommender,
    DateTimeOffset? TrainedAt,
    double? AgeSeconds,
    double? TrainingSeconds,
    int Users,
    int Items,
    long Interactions,
    long Events,
    bool Training,
    string? LastError)
{
    /// <summary>Baskets of purchases the bought-together rules were mined from (0 when there are no rules).</summary>
    public int Baskets { get; init; }

    /// <summary>Bought-together rules serving cart recommendations.</summary>
    public int BoughtTogetherRules { get; init; }

    /// <summary>Where the item text embeddings of the interest clusters came from: "offline", the endpoint's model, or why the endpoint was not used.</summary>
    public string TextEmbeddings { get; init; } = "offline";
}

/// <summary>The settings in effect, without secrets.</summary>
public sealed record ServerConfigDto(
    string Recommender,
    double TrainingIntervalSeconds,
    bool AllowAnonymous,
    bool OpenOperationalEndpoints,
    int ApiKeys,
    long MaxRequestBodyBytes,
    int MaxBatchSize,
    int MaxCount,
    int RateLimitPermitsPerSecond,
    int RateLimitBurst,
    int SessionEvents,
    double SessionBoost,
    IReadOnlyList<string> AvailableRecommenders);

/// <summary>Readiness: whether the store is open and a model is serving.</summary>
public sealed record HealthStatus(string Status, long ModelVersion);
