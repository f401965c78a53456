using Penchant.Core.Exploration;

namespace Penchant.Core.Tests.Exploration;

public sealed class ExplorationMetricsTests
{
    [Fact]
    public void Novel_cluster_hit_rate_counts_only_shoppers_moving_to_a_new_cluster()
    {
        var result = ExplorationMetrics.NovelClusterHits(
        [
            (new HashSet<int> { 1 }, 2, new[] { 2, 3 }), // novel, hit
            (new HashSet<int> { 1 }, 4, new[] { 2, 3 }), // novel, miss
            (new HashSet<int> { 1, 2 }, 2, new[] { 2 }), // not novel
            (new HashSet<int>(), 5, new[] { 5 }), // novel, hit
        ]);
        Assert.Equal(3, result.Eligible);
        Assert.Equal(2, result.Hits);
        Assert.Equal(2 / 3.0, result.Rate, 9);
    }

    [Fact]
    public void Serendipity_is_relevant_and_unexpected()
    {
        var s = ExplorationMetrics.Serendipity([1, 2, 3, 4], new HashSet<int> { 2, 3, 9 }, new HashSet<int> { 3 });
        Assert.Equal(0.25, s, 9);
    }

    [Fact]
    public void Novelty_is_mean_self_information()
    {
        int[] counts = [50, 25, 100];
        var n = ExplorationMetrics.Novelty([0, 1], counts, 100);
        Assert.Equal((1.0 + 2.0) / 2, n, 9);
    }

    [Fact]
    public void Mmr_keeps_order_at_lambda_one_and_spreads_clusters_below()
    {
        // Items 0-2 in cluster A, 3-4 in cluster B; relevance descending by id.
        var candidates = Enumerable.Range(0, 5).Select(i => new Penchant.Core.Numerics.ScoredItem(i, 10 - i)).ToList();
        float Same(int a, int b) => (a < 3) == (b < 3) ? 1f : 0f;
        Assert.Equal([0, 1, 2], DiversityReranker.Rerank(candidates, 3, 1.0, Same).Select(s => s.Item));
        var diverse = DiversityReranker.Rerank(candidates, 3, 0.5, Same).Select(s => s.Item).ToList();
        Assert.Equal(0, diverse[0]);
        Assert.Equal(3, diverse[1]);
        Assert.True(DiversityReranker.IntraListDiversity(diverse, Same) > DiversityReranker.IntraListDiversity([0, 1, 2], Same));
    }

    [Fact]
    public void Fresh_items_rise_and_repeats_sink()
    {
        float[] scores = [5f, 4f, 3f, float.NegativeInfinity];
        ScoreAdjustments.BoostFresh(scores, [100f, 100f, 0f, 0f], weight: 1.5, halfLifeDays: 7);
        Assert.True(scores[2] > scores[0]);
        Assert.True(float.IsNegativeInfinity(scores[3]));
        float[] again = [5f, 4f, 3f];
        ScoreAdjustments.SuppressRepeats(again, new Dictionary<int, int> { [0] = 2 }, penalty: 0.75);
        Assert.True(again[0] < again[2]);
    }

    [Fact]
    public void Beta_draws_have_the_right_mean()
    {
        var rng = new Random(4);
        var mean = Enumerable.Range(0, 20000).Average(_ => Penchant.Core.Numerics.RandomSampling.Beta(rng, 2, 6));
        Assert.InRange(mean, 0.24, 0.26);
        var small = Enumerable.Range(0, 20000).Average(_ => Penchant.Core.Numerics.RandomSampling.Beta(rng, 0.5, 0.5));
        Assert.InRange(small, 0.48, 0.52);
    }
}
