using System.Globalization;

namespace Penchant.Core.Evaluation;

/// <summary>
/// Metrics averaged over evaluated users (each user counts once). Top-K metrics are at <see cref="K"/>;
/// see <see cref="RankingMetrics"/> and <see cref="BeyondAccuracyMetrics"/> for the definitions.
/// </summary>
public sealed record MetricReport
{
    public required int K { get; init; }

    /// <summary>Users with at least one relevant item who were ranked for.</summary>
    public required int Users { get; init; }

    public required double Precision { get; init; }

    public required double Recall { get; init; }

    public required double Ndcg { get; init; }

    public required double Map { get; init; }

    public required double HitRate { get; init; }

    public required double Mrr { get; init; }

    /// <summary>Full-list AUC, averaged over users with at least one non-relevant candidate.</summary>
    public required double Auc { get; init; }

    /// <summary>NDCG with K = all candidates.</summary>
    public required double NdcgFull { get; init; }

    public required double Coverage { get; init; }

    public required double Novelty { get; init; }

    /// <summary>Intra-list diversity, averaged over lists of two or more items.</summary>
    public required double Diversity { get; init; }

    /// <summary>Average recommendation popularity (training users per recommended item).</summary>
    public required double Arp { get; init; }

    /// <summary>Mean popularity percentile of recommended items.</summary>
    public required double PopularityPercentile { get; init; }

    /// <summary>Sampled-negative metrics, present only when sampling was asked for.</summary>
    public SampledMetricReport? Sampled { get; init; }

    /// <summary>
    /// The mean of several reports of the same K (for example one per validation carve): every metric is the plain
    /// mean of the reports' values, so each report counts once; <see cref="Users"/> is the total of users ranked.
    /// Sampled metrics are averaged when every report has them.
    /// </summary>
    /// <exception cref="ArgumentException">No report, or reports of different K.</exception>
    public static MetricReport Mean(IReadOnlyList<MetricReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        if (reports.Count == 0 || reports.Any(r => r.K != reports[0].K))
        {
            throw new ArgumentException("Averaging needs at least one report, all at the same K.", nameof(reports));
        }

        if (reports.Count == 1)
        {
            return reports[0];
        }

        double Avg(Func<MetricReport, double> metric) => reports.Average(metric);
        SampledMetricReport? sampled = null;
        if (reports.All(static r => r.Sampled is not null))
        {
            sampled = new SampledMetricReport(
                reports[0].Sampled!.Negatives,
                Avg(static r => r.Sampled!.HitRate),
                Avg(static r => r.Sampled!.Ndcg),
                Avg(static r => r.Sampled!.Mrr),
                Avg(static r => r.Sampled!.Auc));
        }

        return new MetricReport
        {
            K = reports[0].K,
            Users = reports.Sum(static r => r.Users),
            Precision = Avg(static r => r.Precision),
            Recall = Avg(static r => r.Recall),
            Ndcg = Avg(static r => r.Ndcg),
            Map = Avg(static r => r.Map),
            HitRate = Avg(static r => r.HitRate),
            Mrr = Avg(static r => r.Mrr),
            Auc = Avg(static r => r.Auc),
            NdcgFull = Avg(static r => r.NdcgFull),
            Coverage = Avg(static r => r.Coverage),
            Novelty = Avg(static r => r.Novelty),
            Diversity = Avg(static r => r.Diversity),
            Arp = Avg(static r => r.Arp),
            PopularityPercentile = Avg(static r => r.PopularityPercentile),
            Sampled = sampled,
        };
    }

    /// <summary>The metrics as (name, value) pairs in report order, e.g. ("precision@10", 0.31).</summary>
    public IReadOnlyList<(string Name, double Value)> Entries()
    {
        var k = K.ToString(CultureInfo.InvariantCulture);
        List<(string, double)> entries =
        [
            ($"precision@{k}", Precision),
            ($"recall@{k}", Recall),
            ($"ndcg@{k}", Ndcg),
            ($"map@{k}", Map),
            ($"hr@{k}", HitRate),
            ($"mrr@{k}", Mrr),
            ("auc", Auc),
            ("ndcg_full", NdcgFull),
            ($"coverage@{k}", Coverage),
            ($"novelty@{k}", Novelty),
            ($"ild@{k}", Diversity),
            ($"arp@{k}", Arp),
            ($"pop_percentile@{k}", PopularityPercentile),
        ];
        if (Sampled is { } s)
        {
            var n = s.Negatives.ToString(CultureInfo.InvariantCulture);
            entries.Add(($"sampled{n}_hr@{k}", s.HitRate));
            entries.Add(($"sampled{n}_ndcg@{k}", s.Ndcg));
            entries.Add(($"sampled{n}_mrr@{k}", s.Mrr));
            entries.Add(($"sampled{n}_auc", s.Auc));
        }

        return entries;
    }
}

/// <summary>
/// Metrics under sampled negatives: each relevant item is ranked against <see cref="Negatives"/> sampled
/// non-relevant candidates; the per-item figures are averaged per user, then over users. Labelled "sampled"
/// everywhere they are printed: they are not comparable with full-ranking figures.
/// </summary>
public sealed record SampledMetricReport(int Negatives, double HitRate, double Ndcg, double Mrr, double Auc);
