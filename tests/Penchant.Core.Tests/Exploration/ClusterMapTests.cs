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

    [Fact]
    public void Best_items_read_from_the_top_items_equal_a_scan_of_every_cluster()
    {
        // Coarse scores (many ties, some at the top list's last score), coarse popularity, excluded and NaN items,
        // clusters without items, and top lists shorter and longer than the finite scores.
        var random = new Random(17);
        var scans = 0;
        for (var trial = 0; trial < 300; trial++)
        {
            var items = random.Next(1, 60);
            var clusters = random.Next(1, 9);
            var labels = Enumerable.Range(0, items).Select(_ => random.NextDouble() < 0.1 ? null : "c" + random.Next(clusters)).ToArray();
            var map = ClusterMap.FromLabels(labels);
            var scores = Enumerable.Range(0, items).Select(_ => random.NextDouble() switch
            {
                < 0.15 => float.NegativeInfinity,
                < 0.18 => float.NaN,
                _ => random.Next(6) / 2f,
            }).ToArray();
            float[] popularity = random.NextDouble() < 0.2 ? [] : [.. Enumerable.Range(0, items).Select(_ => (float)random.Next(3))];
            var wanted = Enumerable.Range(0, map.ClusterCount).Select(_ => random.NextDouble() < 0.8).ToArray();
            var requested = random.Next(1, items + 5);
            var top = Penchant.Core.Numerics.TopK.Select(scores, requested);

            var best = map.BestItems(scores, popularity, top, requested, wanted);

            for (var c = 0; c < map.ClusterCount; c++)
            {
                Assert.Equal(wanted[c] ? map.BestItem(c, scores, popularity) : -1, best[c]);
            }

            scans += top.Length == requested && top.Length > 0 ? 1 : 0;
        }

        Assert.True(scans > 50); // the fallback to a scan was exercised, not only complete top lists
        Assert.Throws<ArgumentException>(() => ClusterMap.FromLabels(["a"]).BestItems([1f], [], [], 1, []));
    }
}
