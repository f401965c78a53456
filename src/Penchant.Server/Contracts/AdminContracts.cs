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

    /// <summary>How the interest clusters were named: "keywords", the language model and endpoint, or why it was not used.</summary>
    public string ClusterNames { get; init; } = "keywords";

    /// <summary>With <c>Penchant:Recommender=auto</c>: how <see cref="Recommender"/> was chosen at this training run; null otherwise.</summary>
    public string? Selection { get; init; }

    /// <summary>With <c>auto</c>: when the candidates behind <see cref="Selection"/> were compared (it stands for <c>AutoSelectionInterval</c>).</summary>
    public DateTimeOffset? SelectedAt { get; init; }

    /// <summary>Scheduled training runs left out since start because nothing they read had changed (<c>RetrainWhenUnchanged</c>).</summary>
    public long SkippedRuns { get; init; }

    /// <summary>
    /// Scheduled runs since start that served the snapshot another process had saved at the store's present revision
    /// instead of training (a second server over the same database, or <c>penchant train</c>).
    /// </summary>
    public long AdoptedRuns { get; init; }

    /// <summary>
    /// Whether a run waits for the training lease another server (or <c>penchant train</c>) holds over the shared store:
    /// a <c>POST /v1/admin/train?wait=true</c> then answers once that run and this one are done.
    /// </summary>
    public bool WaitingForLease { get; init; }

    /// <summary>
    /// The saved snapshot file this model was read from when the server started (it serves until the first training run
    /// of this process swaps in a new one); null when this process trained it.
    /// </summary>
    public string? RestoredFrom { get; init; }
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
    IReadOnlyList<string> AvailableRecommenders)
{
    /// <summary>The event weights in effect, by event type (a rating: its weight at 5 stars), and the half-life in days.</summary>
    public IReadOnlyDictionary<string, double>? EventWeights { get; init; }

    /// <summary>Impression fatigue: what each ignored show within <see cref="FatigueWindowSeconds"/> takes off an item's score (0: off).</summary>
    public double ImpressionFatigue { get; init; }

    /// <summary>How far back impression fatigue counts shows, in seconds.</summary>
    public double FatigueWindowSeconds { get; init; }

    /// <summary>Where the data is kept: "sqlite" (with its file) or "postgres" (with its schema; never the connection string).</summary>
    public string? Store { get; init; }

    /// <summary>The A/B tests configured, in order, with their layers, traffic shares (unset ones filled in) and variants.</summary>
    public IReadOnlyList<ExperimentConfigDto> Experiments { get; init; } = [];
}

/// <summary>An A/B test as configured.</summary>
/// <param name="Name">The test.</param>
/// <param name="Layer">Its layer: tests of one layer take disjoint shares of the shoppers.</param>
/// <param name="Traffic">The share of all shoppers in it.</param>
/// <param name="Variants">Its arms, the control first.</param>
public sealed record ExperimentConfigDto(string Name, string Layer, double Traffic, IReadOnlyList<VariantConfigDto> Variants)
{
    /// <summary>When it starts (null: from the start).</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>When it ends (null: not set).</summary>
    public DateTimeOffset? End { get; init; }
}

/// <summary>An arm of an A/B test as configured.</summary>
/// <param name="Name">The arm.</param>
/// <param name="Recommender">The recommender it names; null: the served one (or another layer's test decides).</param>
/// <param name="Share">Its share of the test's shoppers, relative to the other arms'.</param>
/// <param name="ExploreShare">The share of explore slots it sets; null: Exploration:Share.</param>
public sealed record VariantConfigDto(string Name, string? Recommender, double Share, double? ExploreShare)
{
    /// <summary>The <c>PopularityBlend</c> it sets; null: the server's.</summary>
    public double? PopularityBlend { get; init; }

    /// <summary>The <c>SessionBoost</c> it sets; null: the server's.</summary>
    public double? SessionBoost { get; init; }

    /// <summary>The <c>ImpressionFatigue</c> it sets; null: the server's.</summary>
    public double? ImpressionFatigue { get; init; }

    /// <summary>False when its shoppers are served without the stored campaigns; null: with them.</summary>
    public bool? Campaigns { get; init; }

    /// <summary>The <c>SearchPersonalWeight</c> it sets; null: the server's.</summary>
    public double? SearchPersonalWeight { get; init; }

    /// <summary>The <c>SearchEngagementWeight</c> it sets; null: the server's.</summary>
    public double? SearchEngagementWeight { get; init; }
}

/// <summary>Readiness: whether the store is open and a model is serving.</summary>
public sealed record HealthStatus(string Status, long ModelVersion);

/// <summary>A variant against the control on one rate.</summary>
/// <param name="Difference">The variant's rate minus the control's.</param>
/// <param name="Lower">Lower end of its 95% interval.</param>
/// <param name="Upper">Upper end.</param>
/// <param name="PValue">Two-sided p-value of no difference (a z-test; in the A/B reports over shoppers, in the online report over slots).</param>
/// <remarks>
/// <see cref="Lower"/>, <see cref="Upper"/> and <see cref="PValue"/> hold for one look at a sample size fixed in advance;
/// the anytime figures hold however often the report is read while the test runs (mixture sequential probability ratio
/// test, <c>ExperimentMixtureScale</c>).
/// </remarks>
public sealed record ComparisonDto(double Difference, double Lower, double Upper, double PValue)
{
    /// <summary>Lower end of the 95% interval that holds at every look.</summary>
    public double AnytimeLower { get; init; }

    /// <summary>Upper end of the 95% interval that holds at every look.</summary>
    public double AnytimeUpper { get; init; }

    /// <summary>The p-value of no difference that holds at every look.</summary>
    public double AnytimePValue { get; init; }

    /// <summary>
    /// The share of the difference's variance taken out by what the shoppers did before the test (CUPED; 0 when that
    /// explains nothing), or null when the report does not adjust (<c>ExperimentCovariateDays</c> 0, or not an A/B comparison).
    /// </summary>
    public double? VarianceReduction { get; init; }
}

/// <summary>One variant of an A/B test.</summary>
/// <param name="Name">The variant.</param>
/// <param name="Recommender">The recommender it serves: the one it names, "set by" the tests of another layer that decide it, or the served one.</param>
/// <param name="Shoppers">Distinct shoppers served.</param>
/// <param name="Slates">Recommendation responses served.</param>
/// <param name="ClickedSlates">Slates after which the shopper clicked, carted or bought a shown item within the window.</param>
/// <param name="ClickRate">ClickedSlates over Slates.</param>
/// <param name="ConvertedSlates">Slates after which the shopper bought a shown item within the window.</param>
/// <param name="ConversionRate">ConvertedSlates over Slates.</param>
public sealed record VariantReportDto(string Name, string Recommender, int Shoppers, int Slates, int ClickedSlates, double ClickRate, int ConvertedSlates, double ConversionRate)
{
    /// <summary>The share of explore slots it sets; null: <c>Exploration:Share</c>.</summary>
    public double? ExploreShare { get; init; }

    /// <summary>What the purchases of shown items within the window brought in: the unit price paid (the event's, else the catalogue's) times quantity.</summary>
    public double Revenue { get; init; }

    /// <summary>Revenue over Slates.</summary>
    public double RevenuePerSlate { get; init; }

    /// <summary>
    /// Revenue per slate against the control, compared over shoppers (null for the control itself, and while nobody
    /// bought): the one-look interval and p-value, and the figures that hold at every look (a normal mixture of a tenth
    /// of the pooled standard deviation of one slate's revenue).
    /// </summary>
    public ComparisonDto? RevenueVsControl { get; init; }

    /// <summary>Click rate against the control, compared over shoppers (null for the control itself).</summary>
    public ComparisonDto? ClickVsControl { get; init; }

    /// <summary>Conversion rate against the control, compared over shoppers (null for the control itself).</summary>
    public ComparisonDto? ConversionVsControl { get; init; }

    /// <summary>
    /// What the test can say of this variant against the control on its primary metric (<c>PrimaryMetric</c>) by the
    /// figures that hold at every look: "better" or "worse" once that interval leaves out zero, "no difference found yet"
    /// while it does not, "not trustworthy: sample ratio mismatch" when the split is off; null for the control.
    /// </summary>
    public string? Verdict { get; init; }
}

/// <summary>One A/B test's results, over the shoppers in it.</summary>
public sealed record ExperimentReportResponse(string Name, double WindowHours, IReadOnlyList<VariantReportDto> Variants)
{
    /// <summary>The placement whose slates it counts (<c>placement=</c>); null: every slate.</summary>
    public string? Placement { get; init; }

    /// <summary>The layer it runs in: experiments of one layer take disjoint shares of the shoppers.</summary>
    public string? Layer { get; init; }

    /// <summary>The share of all shoppers in it.</summary>
    public double Traffic { get; init; } = 1;

    /// <summary>When it starts (null: from the start); only slates served between Start and End count.</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>When it ends (null: not set).</summary>
    public DateTimeOffset? End { get; init; }

    /// <summary>Whether it runs now.</summary>
    public bool Running { get; init; } = true;

    /// <summary>τ of the revenue comparison as configured before the test (null: estimated from the data at each read).</summary>
    public double? RevenueMixtureScale { get; init; }

    /// <summary>Whether the shoppers seen per variant fit the configured shares (null before any shopper was served).</summary>
    public SampleRatioDto? SampleRatio { get; init; }
}

/// <summary>
/// The sample ratio mismatch check of an A/B test: shoppers seen per variant against the number the configured shares
/// lead to expect, with the χ² p-value. <see cref="Mismatch"/> (p below 0.001) means shoppers are lost or added unevenly
/// somewhere between assignment and the report, and the comparisons are not to be trusted until that is found.
/// </summary>
public sealed record SampleRatioDto(IReadOnlyList<long> Observed, IReadOnlyList<double> Expected, double PValue, bool Mismatch);

/// <summary>Every A/B test's results.</summary>
public sealed record ExperimentReportsResponse(double WindowHours, IReadOnlyList<ExperimentReportResponse> Experiments);

/// <summary>Items shown in one kind of slot and how many of them the shopper then took (clicked, carted or bought).</summary>
public sealed record SlotReportDto(long Shown, long Taken, double TakeRate);

/// <summary>Online evaluation of what was served: slates, their click and conversion rates, and explore slots against exploit slots.</summary>
/// <param name="WindowHours">How long after a slate a shopper's action counts for it.</param>
/// <param name="Slates">Recommendation responses logged.</param>
/// <param name="Shoppers">Distinct shoppers served.</param>
/// <param name="ClickRate">Share of slates after which the shopper clicked, carted or bought a shown item.</param>
/// <param name="ConversionRate">Share of slates after which the shopper bought a shown item.</param>
/// <param name="Exploit">The ordinary slots.</param>
/// <param name="Explore">The explore slots (items of interests new to the shopper).</param>
public sealed record OnlineReportResponse(double WindowHours, int Slates, int Shoppers, double ClickRate, double ConversionRate, SlotReportDto Exploit, SlotReportDto Explore)
{
    /// <summary>The explore slots' take rate against the exploit slots' (null until both have been shown).</summary>
    public ComparisonDto? ExploreVsExploit { get; init; }

    /// <summary>The same figures per placement the requests named (<c>placement=</c>), most slates first; null for slates that named none.</summary>
    public IReadOnlyList<PlacementReportDto> Placements { get; init; } = [];
}

/// <summary>What the slates served for one placement led to.</summary>
/// <param name="Placement">The placement (<c>home</c>, <c>product-page</c>); null for slates whose request named none.</param>
/// <param name="Slates">Slates logged for it.</param>
/// <param name="Shoppers">Distinct shoppers served there.</param>
/// <param name="ClickRate">Share of its slates after which the shopper clicked, carted or bought a shown item.</param>
/// <param name="ConversionRate">Share of its slates after which the shopper bought a shown item.</param>
/// <param name="RevenuePerSlate">What the purchases credited to its slates brought in, per slate.</param>
public sealed record PlacementReportDto(string? Placement, int Slates, int Shoppers, double ClickRate, double ConversionRate, double RevenuePerSlate);
