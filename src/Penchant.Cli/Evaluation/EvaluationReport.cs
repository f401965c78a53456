using Penchant.Core.Evaluation;

namespace Penchant.Cli.Evaluation;

/// <summary>Everything one <c>penchant evaluate</c> run found, ready to print and write.</summary>
/// <param name="Dataset">What was read, e.g. "movielens u1.base + u1.test".</param>
/// <param name="Split">The split and its counts.</param>
/// <param name="Models">Each model's selection and test result, in catalog order.</param>
/// <param name="ListModel">The model whose test lists are exported.</param>
public sealed record EvaluationReport(string Dataset, EvaluationSplit Split, IReadOnlyList<ModelSelection> Models, ModelSelection? ListModel)
{
    /// <summary>With <c>--bootstrap</c>: each model's test precision@K with its interval over resampled test users.</summary>
    public IReadOnlyList<PrecisionUncertainty> Bootstrap { get; init; } = [];

    /// <summary>The resampling behind <see cref="Bootstrap"/>, when it was asked for.</summary>
    public BootstrapOptions? BootstrapOptions { get; init; }

    /// <summary>The metric names of the charts, matched against <see cref="MetricReport.Entries"/>.</summary>
    public static IReadOnlyList<string> ChartMetrics(int k) =>
        [$"precision@{k}", $"recall@{k}", $"ndcg@{k}", $"map@{k}", $"hr@{k}", $"mrr@{k}", "ndcg_full"];
}

/// <summary>One model's test precision@K with its bootstrap interval, and its paired difference from the exported model.</summary>
/// <param name="Model">The model's name.</param>
/// <param name="Precision">Its precision@K over the test users, with the interval.</param>
/// <param name="MinusListModel">Its precision@K minus the exported model's, paired over the same users (null for that model itself).</param>
public sealed record PrecisionUncertainty(string Model, BootstrapInterval Precision, BootstrapInterval? MinusListModel);
