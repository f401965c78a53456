using Penchant.Core.Clustering;
using Penchant.Core.Data;

namespace Penchant.Core.Tests.Clustering;

public sealed class SequenceClustererTests
{
    private const int Groups = 4;
    private const int PerGroup = 25;

    /// <summary>Items without text; each shopper consumes items of one planted group; the last item is never consumed.</summary>
    private static (List<Item> Items, List<int[]> Sequences) Planted(int seed)
    {
        var items = Enumerable.Range(0, (Groups * PerGroup) + 1).Select(static i => new Item("i" + i, string.Empty)).ToList();
        var rng = new Random(seed);
        var sequences = new List<int[]>();
        for (var s = 0; s < 800; s++)
        {
            var group = s % Groups;
            sequences.Add([.. Enumerable.Range(0, 8).Select(_ => (group * PerGroup) + rng.Next(PerGroup))]);
        }

        return (items, sequences);
    }

    [Fact]
    public void Behaviour_alone_recovers_planted_groups_and_unseen_items_get_no_cluster()
    {
        var (items, sequences) = Planted(seed: 5);
        var clusters = new SequenceClusterer(new SequenceClusterOptions(Clusters: Groups)).Fit(items, sequences, seed: 1);
        var map = clusters.ToClusterMap();

        Assert.Equal(Groups, map.ClusterCount);
        Assert.Equal(-1, map.ClusterOf(Groups * PerGroup));
        var majority = 0;
        for (var g = 0; g < Groups; g++)
        {
            majority += Enumerable.Range(g * PerGroup, PerGroup).GroupBy(map.ClusterOf).Max(static x => x.Count());
        }

        Assert.True(majority >= 0.9 * Groups * PerGroup, $"only {majority} of {Groups * PerGroup} items share their group's majority cluster");
    }

    [Fact]
    public void Clusters_come_only_from_the_sequences_given()
    {
        var (items, sequences) = Planted(seed: 6);
        var options = new SequenceClusterOptions(Clusters: Groups);
        var first = new SequenceClusterer(options).Fit(items, sequences, seed: 3).ToClusterMap();
        var again = new SequenceClusterer(options).Fit(items, sequences, seed: 3).ToClusterMap();
        Assert.Equal(Enumerable.Range(0, items.Count).Select(first.ClusterOf), Enumerable.Range(0, items.Count).Select(again.ClusterOf));

        // Drop every interaction with group 0's items: they lose their clusters, the other groups keep theirs.
        var without = sequences.Select(static s => s.Where(static i => i >= PerGroup).ToArray()).ToList();
        var held = new SequenceClusterer(options with { Clusters = Groups - 1 }).Fit(items, without, seed: 3).ToClusterMap();
        Assert.All(Enumerable.Range(0, PerGroup), i => Assert.Equal(-1, held.ClusterOf(i)));
        Assert.All(Enumerable.Range(PerGroup, (Groups - 1) * PerGroup), i => Assert.NotEqual(-1, held.ClusterOf(i)));
    }
}
