using Penchant.Core.Exploration;

namespace Penchant.Core.Tests.Exploration;

public sealed class ExplorationBudgetTests
{
    // Items 0-9 in cluster 0, 10-19 in 1, ..., 90-99 in 9.
    private static ClusterMap TenClusters() =>
        ClusterMap.FromLabels([.. Enumerable.Range(0, 100).Select(i => $"c{i / 10}")]);

    // Shoppers who have seen one cluster move to a new one most of the time; shoppers who have seen
    // several clusters stay inside them.
    private static List<int[]> Sequences()
    {
        var rng = new Random(5);
        var sequences = new List<int[]>();
        for (var u = 0; u < 200; u++)
        {
            var wide = u % 2 == 0;
            var sequence = new List<int>();
            for (var t = 0; t < 8; t++)
            {
                var cluster = wide ? t % 5 : (t < 4 ? 0 : 1 + ((u + t) % 9));
                sequence.Add((cluster * 10) + rng.Next(10));
            }

            sequences.Add([.. sequence]);
        }

        return sequences;
    }

    [Fact]
    public void Learns_that_narrow_histories_move_to_new_clusters_more_often()
    {
        var budget = ExplorationBudget.Fit(Sequences(), TenClusters());
        double narrow = budget.NoveltyChance([1, 2, 3, 4]);
        double wide = budget.NoveltyChance([1, 12, 23, 34, 45, 2, 13]);
        Assert.True(narrow > 0.6, $"narrow {narrow}");
        Assert.True(wide < 0.3, $"wide {wide}");
    }

    [Fact]
    public void Calibrated_budget_keeps_the_average_share_and_explores_more_for_narrow_histories()
    {
        var clusters = TenClusters();
        var histories = Enumerable.Range(0, 100).Select(u => u % 2 == 0 ? new[] { 1, 2, 3, 4 } : [1, 12, 23, 34, 45, 2, 13]).ToList();
        var budget = ExplorationBudget.Fit(Sequences(), clusters, new ExplorationBudgetOptions(Share: 0.2, MaxShare: 0.4, Sharpness: 2))
            .Calibrate(histories, 10);
        var mean = histories.Average(h => budget.SlotsFor(h, 10));
        Assert.InRange(mean, 1.5, 2.0);
        Assert.True(budget.SlotsFor([1, 2, 3, 4], 10) > budget.SlotsFor([1, 12, 23, 34, 45, 2, 13], 10));
        Assert.True(budget.SlotsFor([1, 2, 3, 4], 10) <= 4);
    }

    [Fact]
    public void Flat_budget_gives_every_shopper_the_same_share_but_never_more_slots_than_new_clusters()
    {
        var clusters = TenClusters();
        var budget = ExplorationBudget.Fit(Sequences(), clusters, new ExplorationBudgetOptions(Share: 0.2, Sharpness: 0));
        Assert.Equal(2, budget.SlotsFor([1, 2, 3, 4], 10));
        Assert.Equal(2, budget.SlotsFor([1, 12, 23, 34, 45, 2, 13], 10));
        // Nine of ten clusters already seen: only one is left to explore.
        Assert.Equal(1, budget.SlotsFor([.. Enumerable.Range(0, 9).Select(c => c * 10)], 10));
    }
}
