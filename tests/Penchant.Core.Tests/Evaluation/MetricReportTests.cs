using Penchant.Core.Evaluation;

namespace Penchant.Core.Tests.Evaluation;

public sealed class MetricReportTests
{
    private static MetricReport Report(int k, double value, int users, SampledMetricReport? sampled = null) => new()
    {
        K = k,
        Users = users,
        Precision = value,
        Recall = value + 0.1,
        Ndcg = value + 0.2,
        Map = value,
        HitRate = value,
        Mrr = value,
        Auc = value,
        NdcgFull = value + 0.3,
        Coverage = value,
        Novelty = value,
        Diversity = value,
        Arp = value,
        PopularityPercentile = value,
        Sampled = sampled,
    };

    [Fact]
    public void Mean_averages_every_metric_and_totals_the_users()
    {
        var mean = MetricReport.Mean([Report(10, 0.2, 30), Report(10, 0.4, 50), Report(10, 0.9, 20)]);
        Assert.Equal(10, mean.K);
        Assert.Equal(100, mean.Users);
        Assert.Equal(0.5, mean.Precision, 12);
        Assert.Equal(0.6, mean.Recall, 12);
        Assert.Equal(0.7, mean.Ndcg, 12);
        Assert.Equal(0.8, mean.NdcgFull, 12);
        Assert.Equal(0.5, mean.PopularityPercentile, 12);
        Assert.Null(mean.Sampled);
    }

    [Fact]
    public void Sampled_metrics_are_averaged_only_when_every_report_has_them()
    {
        var withSampled = MetricReport.Mean([Report(5, 0.1, 1, new SampledMetricReport(100, 0.2, 0.4, 0.6, 0.8)), Report(5, 0.3, 1, new SampledMetricReport(100, 0.4, 0.6, 0.8, 1.0))]);
        Assert.Equal(new SampledMetricReport(100, 0.3, 0.5, 0.7, 0.9), withSampled.Sampled! with { HitRate = Math.Round(withSampled.Sampled!.HitRate, 12), Ndcg = Math.Round(withSampled.Sampled.Ndcg, 12), Mrr = Math.Round(withSampled.Sampled.Mrr, 12), Auc = Math.Round(withSampled.Sampled.Auc, 12) });
        Assert.Null(MetricReport.Mean([Report(5, 0.1, 1, new SampledMetricReport(100, 0.2, 0.4, 0.6, 0.8)), Report(5, 0.3, 1)]).Sampled);
    }

    [Fact]
    public void One_report_is_its_own_mean_and_mixed_k_or_none_is_refused()
    {
        var one = Report(10, 0.2, 3);
        Assert.Same(one, MetricReport.Mean([one]));
        Assert.Throws<ArgumentException>(() => MetricReport.Mean([one, Report(5, 0.2, 3)]));
        Assert.Throws<ArgumentException>(() => MetricReport.Mean([]));
    }
}
