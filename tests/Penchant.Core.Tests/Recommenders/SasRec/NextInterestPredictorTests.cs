using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.SasRec;

namespace Penchant.Core.Tests.Recommenders.SasRec;

public sealed class NextInterestPredictorTests
{
    [Fact]
    public void Cluster_sequences_collapse_consecutive_repeats_and_skip_unknown_items()
    {
        int[] clusters = [0, 0, 1, 2, -1, 1];
        Assert.Equal([0, 1, 0, 2, 1], NextInterestPredictor.ToClusterSequence([0, 1, 2, 5, 0, 4, 3, 9, 5, 2], clusters, 3));
        Assert.Empty(NextInterestPredictor.ToClusterSequence([4, 9], clusters, 3));
    }

    [Fact]
    public void Learns_a_deterministic_cluster_transition_pattern()
    {
        // 7 clusters of 5 items each (cluster = item % 7); shoppers move from cluster c to (2c + 1) mod 7,
        // taking one to three items of a cluster before moving on.
        const int clusterCount = 7, items = 35;
        var itemClusters = Enumerable.Range(0, items).Select(i => i % clusterCount).ToArray();
        static int Next(int c) => ((2 * c) + 1) % clusterCount;
        var rng = new Random(3);
        var sequences = new List<int[]>();
        for (var u = 0; u < 80; u++)
        {
            var c = rng.Next(clusterCount);
            var seq = new List<int>();
            for (var step = 0; step < 6; step++)
            {
                for (var r = rng.Next(1, 4); r > 0; r--)
                {
                    seq.Add(c + (clusterCount * rng.Next(5)));
                }

                c = Next(c);
            }

            sequences.Add([.. seq]);
        }

        var options = new SasRecOptions(Dimensions: 16, Blocks: 1, Heads: 1, MaxLength: 8, Dropout: 0f, LearningRate: 5e-3f, Epochs: 40, BatchSize: 16);
        var model = new NextInterestPredictor(itemClusters, clusterCount, options).Fit(sequences, TrainingContext.Default);
        for (var c = 0; c < clusterCount; c++)
        {
            // Two items of cluster c (a repeat the mapping collapses) after one item of its predecessor.
            var previous = Enumerable.Range(0, clusterCount).First(p => Next(p) == c);
            int[] history = [previous + 7, c, c + 14];
            var top = model.PredictNext(history, 1);
            Assert.Equal(Next(c), top[0].Item);
        }
    }
}
