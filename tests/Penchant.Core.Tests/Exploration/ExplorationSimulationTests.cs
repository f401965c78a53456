using Penchant.Core.Data;
using Penchant.Core.Exploration;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.ItemKnn;

namespace Penchant.Core.Tests.Exploration;

public sealed class ExplorationSimulationTests
{
    [Fact]
    public void Exploration_finds_planted_latent_interests_faster_than_pure_exploitation()
    {
        // 12 clusters of 15 items. Each shopper has three latent clusters, of which their history shows only one.
        const int clusterCount = 12;
        var map = ClusterMap.FromLabels([.. Enumerable.Range(0, clusterCount * 15).Select(i => $"c{i / 15}")]);
        var rng = new Random(3);
        var latent = new List<IReadOnlySet<int>>();
        var full = new List<int[]>();
        var histories = new List<int[]>();
        for (var s = 0; s < 240; s++)
        {
            var a = s % clusterCount;
            var set = new HashSet<int> { a, (a + 3) % clusterCount, (a + 7) % clusterCount };
            latent.Add(set);
            full.Add([.. set.SelectMany(c => Enumerable.Range(0, 15).OrderBy(_ => rng.Next()).Take(4).Select(i => (c * 15) + i))]);
            histories.Add([.. Enumerable.Range(0, 15).OrderBy(_ => rng.Next()).Take(4).Select(i => (a * 15) + i)]);
        }

        // The model and predictor learn from shoppers' full behaviour; the simulation starts from partial histories.
        var train = InteractionData.FromSequences(full, clusterCount * 15);
        var model = new ItemKnnRecommender(new ItemKnnOptions(Neighbors: 10)).Fit(train, TrainingContext.Default);
        var predictor = NovelClusterPredictor.Fit(full, map);
        var options = new SimulationOptions(Rounds: 6, SlateSize: 10, ClickProbability: 0.5);
        var exploit = ExplorationSimulation.Run(model, predictor, histories, latent, 0.0, options);
        var explore = ExplorationSimulation.Run(model, predictor, histories, latent, 0.2, options);

        Assert.Equal(6, explore.Discovered.Count);
        Assert.True(explore.Discovered[^1] >= exploit.Discovered[^1], $"explore {explore.Discovered[^1]:F3} vs exploit {exploit.Discovered[^1]:F3}");
        Assert.True(explore.Discovered[1] > exploit.Discovered[1] + 0.05, $"after 2 rounds: explore {explore.Discovered[1]:F3} vs exploit {exploit.Discovered[1]:F3}");
        for (var r = 1; r < explore.Discovered.Count; r++)
        {
            Assert.True(explore.Discovered[r] >= explore.Discovered[r - 1]);
        }
    }
}
