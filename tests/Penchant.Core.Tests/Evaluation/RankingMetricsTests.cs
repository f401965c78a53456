using Penchant.Core.Evaluation;

namespace Penchant.Core.Tests.Evaluation;

public sealed class RankingMetricsTests
{
    private const double Log3 = 1.584962500721156; // log2(3)

    private static bool[] Hits(string pattern) => [.. pattern.Select(static c => c == '1')];

    // pattern: '1' = relevant item at that rank. Expected values worked by hand in the comments.
    [Theory]
    [InlineData("10100", 5, 2.0 / 5)] // two hits in five
    [InlineData("010", 3, 1.0 / 3)]
    [InlineData("000", 3, 0.0)]
    [InlineData("001", 2, 0.0)] // the hit is below the cut
    [InlineData("1", 3, 1.0 / 3)] // a short list still divides by K
    public void Precision_at_k(string pattern, int k, double expected) =>
        Assert.Equal(expected, RankingMetrics.Precision(Hits(pattern), k), 10);

    [Theory]
    [InlineData("10100", 3, 5, 2.0 / 3)]
    [InlineData("010", 1, 3, 1.0)]
    [InlineData("000", 2, 3, 0.0)]
    [InlineData("11", 5, 2, 2.0 / 5)]
    public void Recall_at_k(string pattern, int relevant, int k, double expected) =>
        Assert.Equal(expected, RankingMetrics.Recall(Hits(pattern), relevant, k), 10);

    [Theory]
    [InlineData("10100", 5, 1.0)]
    [InlineData("001", 2, 0.0)]
    [InlineData("001", 3, 1.0)]
    public void Hit_rate_at_k(string pattern, int k, double expected) =>
        Assert.Equal(expected, RankingMetrics.HitRate(Hits(pattern), k), 10);

    [Theory]
    [InlineData("10100", 5, 1.0)]
    [InlineData("010", 3, 0.5)]
    [InlineData("0001", 4, 0.25)]
    [InlineData("0001", 3, 0.0)]
    public void Reciprocal_rank_at_k(string pattern, int k, double expected) =>
        Assert.Equal(expected, RankingMetrics.ReciprocalRank(Hits(pattern), k), 10);

    [Theory]
    [InlineData("10100", 3, 5, 5.0 / 9)] // (1/1 + 2/3) / min(3, 5)
    [InlineData("010", 1, 3, 0.5)] // (1/2) / 1
    [InlineData("11", 5, 2, 1.0)] // (1 + 1) / min(5, 2)
    [InlineData("0101", 2, 4, 0.5)] // (1/2 + 2/4) / 2
    [InlineData("000", 2, 3, 0.0)]
    public void Average_precision_at_k(string pattern, int relevant, int k, double expected) =>
        Assert.Equal(expected, RankingMetrics.AveragePrecision(Hits(pattern), relevant, k), 10);

    [Theory]
    [InlineData("10100", 3, 5, 1.5 / (1.5 + (1 / Log3)))] // DCG 1 + 1/2, IDCG 1 + 1/log2 3 + 1/2
    [InlineData("010", 1, 3, 1 / Log3)] // DCG 1/log2 3, IDCG 1
    [InlineData("11", 5, 2, 1.0)] // IDCG is capped at K items
    [InlineData("000", 2, 3, 0.0)]
    public void Ndcg_at_k(string pattern, int relevant, int k, double expected) =>
        Assert.Equal(expected, RankingMetrics.Ndcg(Hits(pattern), relevant, k), 10);

    [Theory]
    [InlineData(new[] { 1, 3 }, 1.5 / (1 + (1 / Log3)))] // DCG 1 + 1/log2 4
    [InlineData(new[] { 1 }, 1.0)]
    [InlineData(new[] { 2 }, 1 / Log3)]
    [InlineData(new[] { 3, 1 }, 1.5 / (1 + (1 / Log3)))] // order of the ranks does not matter
    public void Full_list_ndcg(int[] ranks, double expected) =>
        Assert.Equal(expected, RankingMetrics.FullNdcg(ranks), 10);

    [Theory]
    [InlineData(new[] { 1, 3 }, 5, 5.0 / 6)] // R N R N N: first beats 3, second beats 2, of 2 x 3 pairs
    [InlineData(new[] { 1 }, 4, 1.0)]
    [InlineData(new[] { 4 }, 4, 0.0)]
    [InlineData(new[] { 2 }, 3, 0.5)]
    [InlineData(new[] { 3, 1 }, 5, 5.0 / 6)]
    public void Full_list_auc(int[] ranks, int candidates, double expected) =>
        Assert.Equal(expected, RankingMetrics.Auc(ranks, candidates), 10);

    [Fact]
    public void Auc_is_undefined_when_every_candidate_is_relevant() =>
        Assert.True(double.IsNaN(RankingMetrics.Auc([1, 2], 2)));
}
