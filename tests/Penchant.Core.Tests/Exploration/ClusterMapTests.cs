using Penchant.Core.Exploration;

namespace Penchant.Core.Tests.Exploration;

public sealed class ClusterMapTests
{
    [Fact]
    public void Best_item_is_the_highest_finite_score_with_ties_to_the_more_popular_then_the_lower_id()
    {
        // Cluster "a" holds items 0, 2, 4, 5; cluster "b" items 1, 3; item 6 has no cluster.
        var map = ClusterMap.FromLabels(["a", "b", "a", "b", "a", "a", null]);
        var a = map.ClusterOf(0);
        var b = map.ClusterOf(1);
        float[] scores = [1f, 5f, 3f, float.NegativeInfinity, 3f, float.NaN, 9f];
        Assert.Equal(2, map.BestItem(a, scores, []));            // 2 and 4 tie; without popularity the lower id
        Assert.Equal(4, map.BestItem(a, scores, [0, 0, 1, 0, 2])); // the more popular of the tie
        Assert.Equal(1, map.BestItem(b, scores, []));            // 3 is not finite
        Assert.Equal(-1, map.BestItem(b, [float.NegativeInfinity, float.NegativeInfinity, 0, float.NaN], []));
        Assert.Equal(0, map.BestItem(a, scores.AsSpan(0, 2), [])); // items beyond the scores are not considered
    }

    [Fact]
    public void Top_mass_sums_the_normalised_scores_of_the_best_items_per_cluster_with_counts_and_first_ranks()
    {
        var map = ClusterMap.FromLabels(["a", "b", "a", "b", "a", null]);
        var a = map.ClusterOf(0);
        var b = map.ClusterOf(1);
        float[] scores = [4f, 3f, 2f, 5f, float.NegativeInfinity, 6f];
        var count = new int[2];
        int[] firstRank = [9, 9];
        // The best four: 5 (no cluster), 3 (b), 0 (a), 1 (b); normalised over min 2, range 4.
        var mass = map.TopMass(scores, 4, 2f, 4f, count, firstRank);
        Assert.Equal(0.5f, mass[a], 6);
        Assert.Equal(0.75f + 0.25f, mass[b], 6);
        Assert.Equal(1, count[a]);
        Assert.Equal(2, count[b]);
        Assert.Equal(2, firstRank[a]);
        Assert.Equal(1, firstRank[b]);
        Assert.Equal(mass, map.TopMass(scores, 4, 2f, 4f));
    }
}
