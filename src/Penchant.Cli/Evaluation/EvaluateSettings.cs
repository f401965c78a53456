using Penchant.Core.Evaluation;
using Penchant.Storage.Datasets;

namespace Penchant.Cli.Evaluation;

/// <summary>What <c>penchant evaluate</c> was asked to do, after parsing.</summary>
internal sealed record EvaluateSettings
{
    public required DatasetFormat Format { get; init; }

    /// <summary>One file to split; null when <see cref="Train"/> and <see cref="Test"/> are given.</summary>
    public string? Data { get; init; }

    public string? Train { get; init; }

    public string? Test { get; init; }

    /// <summary>"loo", "time", "random" or "predefined".</summary>
    public required string Split { get; init; }

    /// <summary>Held-out share of the time split.</summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>Cut of the time split (Unix seconds); overrides <see cref="TestFraction"/>.</summary>
    public long? TimeCut { get; init; }

    /// <summary>Train:validation:test ratio of the random split.</summary>
    public (double Train, double Validation, double Test) Ratio { get; init; } = (0.8, 0.1, 0.1);

    /// <summary>Random split over all records at once instead of per user.</summary>
    public bool GlobalRandom { get; init; }

    public int K { get; init; } = 10;

    /// <summary>Catalog names to run; empty for all.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>The model whose lists are exported; null for the best by validation NDCG@K.</summary>
    public string? ListModel { get; init; }

    public string? OutDirectory { get; init; }

    public string? ExportLists { get; init; }

    public int SampledNegatives { get; init; }

    public int Seed { get; init; } = 42;

    /// <summary>Keep only records rated at least this; null keeps every record as a positive.</summary>
    public double? MinRating { get; init; }

    /// <summary>Skip the grid and use each model's first configuration.</summary>
    public bool NoTune { get; init; }

    /// <summary>Also search blend weights over the best 2-3 models.</summary>
    public bool Hybrid { get; init; }

    /// <summary>
    /// How many of the best models on validation the hybrid's greedy selection draws its components from
    /// (<c>--hybrid-pool</c>); 0 draws from every model run.
    /// </summary>
    public int HybridPool { get; init; } = 5;

    /// <summary>
    /// How many of each pooled model's best configurations on validation the hybrid's greedy selection may draw as
    /// separate candidates (<c>--hybrid-settings</c>); 1, the default, offers only the configuration chosen alone.
    /// </summary>
    public int HybridSettings { get; init; } = 1;

    /// <summary>How the hybrid's weights are set (<c>--hybrid-weights</c>): searched on the grid, or equal.</summary>
    public BlendWeighting HybridWeights { get; init; } = BlendWeighting.Grid;

    /// <summary>
    /// Over which items the hybrid z-scores each component (<c>--hybrid-scale</c>): the candidates outside the history
    /// (the default since session 11), or every item (as before; reproduces the earlier figures).
    /// </summary>
    public Core.Recommenders.Hybrid.ScoreNormalization HybridScale { get; init; } = Core.Recommenders.Hybrid.ScoreNormalization.ZScoreCandidates;

    /// <summary>
    /// The factor on EASE-family λ when the chosen configurations are refitted on all training records for the test
    /// (<c>--refit-ridge</c>): 1 refits them as chosen (the default); null measures it as the validation users' history
    /// length in the carves over their length in all training records (<see cref="RidgeRefit.ProfileRatio"/>).
    /// </summary>
    public double? RefitRidge { get; init; } = 1;

    /// <summary>A JSON file of item id to feature ids; intra-list diversity then uses their Jaccard similarity.</summary>
    public string? ItemFeatures { get; init; }

    public UnseenItemPolicy UnseenItems { get; init; } = UnseenItemPolicy.Keep;

    /// <summary>
    /// Validation carves of a predefined split (seeds <see cref="Seed"/>, <see cref="Seed"/> + 1, ...); model and
    /// blend selection average NDCG@K over them. 1 is the single carve.
    /// </summary>
    public int ValidationCarves { get; init; } = 1;

    /// <summary>With a predefined split: carve validation from the users with test records instead of a random sample of users.</summary>
    public bool ValidationFromTestUsers { get; init; }

    /// <summary>Resamples of the test users for precision intervals (0: none).</summary>
    public int Bootstrap { get; init; }
}
