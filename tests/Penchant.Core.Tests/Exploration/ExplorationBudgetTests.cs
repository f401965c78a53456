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

    [Fact]
    public void Budget_by_marginal_gain_keeps_the_mean_and_shows_more_likely_new_clusters_than_the_flat_share()
    {
        var clusters = TenClusters();
        // Shoppers starting in cluster 0 always move on to cluster 1 (one confident guess covers them); shoppers
        // starting in cluster 5 move to any other cluster alike (every extra guess adds about as much).
        var rng = new Random(9);
        var sequences = new List<int[]>();
        for (var u = 0; u < 600; u++)
        {
            var confident = u % 2 == 0;
            var next = confident ? 1 : new[] { 0, 1, 2, 3, 4, 6, 7, 8, 9 }[rng.Next(9)];
            var start = confident ? 0 : 5;
            sequences.Add([(start * 10) + rng.Next(10), (start * 10) + rng.Next(10), (next * 10) + rng.Next(10)]);
        }

        var predictor = NovelClusterPredictor.Fit(sequences, clusters, new NovelClusterOptions(Diversify: 0));
        var histories = Enumerable.Range(0, 100).Select(u => u % 2 == 0 ? new[] { 3, 4 } : [53, 54]).ToList();
        var options = new ExplorationBudgetOptions(Share: 0.2, MaxShare: 0.4, Sharpness: 0);
        var flat = ExplorationBudget.Fit(sequences, clusters, options).Calibrate(histories, 10);
        var gain = ExplorationBudget.Fit(sequences, clusters, options).WithPredictor(predictor).Calibrate(histories, 10);

        Assert.Same(predictor, gain.Predictor);
        var mean = histories.Average(h => gain.SlotsFor(h, 10));
        Assert.InRange(mean, 1.5, 2.0);
        Assert.InRange(gain.SlotsFor([3, 4], 10), 1, 1);
        Assert.True(gain.SlotsFor([53, 54], 10) > gain.SlotsFor([3, 4], 10), "the flat predictions should get the spare slots");

        // The expected share of shoppers whose next new cluster the explore slots show, slots taken in the predictor's order.
        double Covered(ExplorationBudget budget) => histories.Average(h =>
        {
            var scores = new float[clusters.ClusterCount];
            predictor.Score(h, scores);
            var total = scores.Where(static x => float.IsFinite(x) && x > 0).Sum();
            return scores.Where(static x => float.IsFinite(x) && x > 0).OrderDescending().Take(budget.SlotsFor(h, 10)).Sum() / total;
        });
        Assert.True(Covered(gain) > Covered(flat) + 0.05, $"gain {Covered(gain):F3} vs flat {Covered(flat):F3}");
    }

    [Fact]
    public void Predictor_over_other_clusters_is_refused()
    {
        var budget = ExplorationBudget.Fit(Sequences(), TenClusters());
        var other = NovelClusterPredictor.Fit(Sequences(), ClusterMap.FromLabels([.. Enumerable.Range(0, 100).Select(i => $"c{i / 20}")]));
        Assert.Throws<ArgumentException>(() => budget.WithPredictor(other));
    }
}
