using Penchant.Core.Evaluation;

namespace Penchant.Cli.Evaluation;

/// <summary>Everything one <c>penchant evaluate</c> run found, ready to print and write.</summary>
/// <param name="Dataset">What was read, e.g. "movielens u1.base + u1.test".</param>
/// <param name="Split">The split and its counts.</param>
/// <param name="Models">Each model's selection and test result, in catalog order.</param>
/// <param name="ListModel">The model whose test lists are exported.</param>
public sealed record EvaluationReport(string Dataset, EvaluationSplit Split, IReadOnlyList<ModelSelection> Models, ModelSelection? ListModel)
{
    /// <summary>The metric names of the charts, matched against <see cref="MetricReport.Entries"/>.</summary>
    public static IReadOnlyList<string> ChartMetrics(int k) =>
        [$"precision@{k}", $"recall@{k}", $"ndcg@{k}", $"map@{k}", $"hr@{k}", $"mrr@{k}", "ndcg_full"];
}
