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
}
