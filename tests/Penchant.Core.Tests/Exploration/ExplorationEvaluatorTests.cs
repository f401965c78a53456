using Penchant.Core.Data;
using Penchant.Core.Exploration;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.ItemKnn;

namespace Penchant.Core.Tests.Exploration;

public sealed class ExplorationEvaluatorTests
{
    [Fact]
    public void Exploring_covers_the_novel_cluster_an_exploit_only_model_misses()
    {
        // 10 clusters of 20 items. Training shoppers stay inside one cluster; transition shoppers (seen only by
        // the novel-cluster predictor) move from cluster a to a + 1. Test shoppers' next item is in a + 1.
        const int clusters = 10;
        var map = ClusterMap.FromLabels([.. Enumerable.Range(0, clusters * 20).Select(i => $"c{i / 20}")]);
        var rng = new Random(9);
        int[] Pick(int cluster, int n) => [.. Enumerable.Range(0, 20).OrderBy(_ => rng.Next()).Take(n).Select(i => (cluster * 20) + i)];
        var sequences = new List<int[]>();
        var test = new List<(int User, int Item)>();
        for (var u = 0; u < 400; u++)
        {
            var a = u % clusters;
            sequences.Add(Pick(a, 6));
            if (u < 100)
            {
                test.Add((u, Pick((a + 1) % clusters, 1)[0]));
            }
        }

        var train = InteractionData.FromSequences(sequences, clusters * 20);
        var transitions = Enumerable.Range(0, 300).Select(u => Pick(u % clusters, 3).Concat(Pick((u + 1) % clusters, 3)).ToArray()).ToList();
        var predictor = NovelClusterPredictor.Fit(transitions, map);
        var model = new ItemKnnRecommender().Fit(train, TrainingContext.Default);

        var result = ExplorationEvaluator.Evaluate(model, train, test, predictor, new ExplorationEvaluationOptions(K: 10, ExploreShare: 0.2));
        Assert.Equal(100, result.Users);
        Assert.Equal(100, result.HitsExploit.Eligible);
        Assert.True(result.HitsExploit.Rate < 0.1, $"exploit-only hit rate {result.HitsExploit.Rate}");
        Assert.True(result.HitsExploreSlots.Rate > 0.8, $"explore-slot hit rate {result.HitsExploreSlots.Rate}");
        Assert.True(result.HitsExplore.Rate >= result.HitsExploreSlots.Rate);
        // Here the held-out items live only in the novel cluster, so exploring is also what earns any NDCG.
        Assert.Equal(0, result.NdcgExploit);
        Assert.True(result.NdcgExplore > 0);
        Assert.Equal(0.2, result.ExploreSlotShare, 6);

        // A per-shopper budget calibrated on these shoppers keeps the realised share at 20%: all of them are
        // equally likely to move on, so each keeps two explore slots.
        var budget = ExplorationBudget.Fit(transitions, map, new ExplorationBudgetOptions(Share: 0.2, Sharpness: 2));
        var budgeted = ExplorationEvaluator.Evaluate(model, train, test, predictor, new ExplorationEvaluationOptions(K: 10, Budget: budget));
        Assert.Equal(0.2, budgeted.ExploreSlotShare, 6);
        Assert.Equal(result.HitsExploreSlots, budgeted.HitsExploreSlots);
    }
}
