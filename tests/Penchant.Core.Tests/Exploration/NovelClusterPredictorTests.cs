using Penchant.Core.Exploration;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.SasRec;

namespace Penchant.Core.Tests.Exploration;

public sealed class NovelClusterPredictorTests
{
    // Items 0-9 in cluster 0, 10-19 in 1, 20-29 in 2, 30-39 in 3.
    private static ClusterMap FourClusters() =>
        ClusterMap.FromLabels([.. Enumerable.Range(0, 40).Select(i => $"c{i / 10}")]);

    [Fact]
    public void Learns_first_entry_transitions_and_never_predicts_a_known_cluster()
    {
        var clusters = FourClusters();
        // Shoppers who start in 0 go on to 2; shoppers who start in 1 go on to 3.
        var sequences = new List<int[]>();
        for (var u = 0; u < 50; u++)
        {
            sequences.Add(u % 2 == 0 ? [1, 2, 3, 25, 26] : [11, 12, 33, 34]);
        }

        var predictor = NovelClusterPredictor.Fit(sequences, clusters, new NovelClusterOptions(Diversify: 0));
        Assert.Equal(2, predictor.Predict([4, 5], 1)[0].Item);
        Assert.Equal(3, predictor.Predict([15], 1)[0].Item);
        var all = predictor.Predict([4, 25], 4);
        Assert.DoesNotContain(all, s => s.Item is 0 or 2);
        Assert.Equal(2, all.Length);
    }

    [Fact]
    public void Diversify_discounts_the_commonest_first_entries()
    {
        var clusters = FourClusters();
        var sequences = new List<int[]>();
        // From cluster 0, shoppers move to 1 slightly more often than to 2 ...
        for (var u = 0; u < 12; u++)
        {
            sequences.Add([0, 10]);
        }

        for (var u = 0; u < 10; u++)
        {
            sequences.Add([0, 20]);
        }

        // ... but cluster 1 is where a great many shoppers start anyway.
        for (var u = 0; u < 200; u++)
        {
            sequences.Add([15]);
        }

        var plain = NovelClusterPredictor.Fit(sequences, clusters, new NovelClusterOptions(Diversify: 0, Smoothing: 0.01));
        var diverse = NovelClusterPredictor.Fit(sequences, clusters, new NovelClusterOptions(Diversify: 1, Smoothing: 0.01));
        Assert.Equal(1, plain.Predict([3], 1)[0].Item);
        Assert.Equal(2, diverse.Predict([3], 1)[0].Item);
    }

    [Fact]
    public void Empty_history_falls_back_to_the_first_entry_prior()
    {
        var clusters = FourClusters();
        var predictor = NovelClusterPredictor.Fit([[35], [36], [37], [5]], clusters, new NovelClusterOptions(Diversify: 0));
        Assert.Equal(3, predictor.Predict([], 1)[0].Item);
    }

    [Fact]
    public void Sequence_model_blend_predicts_new_clusters_from_the_cluster_sequence()
    {
        var clusters = FourClusters();
        // Half the shoppers go 0 → 1 → 2 → 3, half 0 → 2 → 1 → 3 (some stop early): after 0 → 2 comes 1, after 0 → 1 comes 2.
        var sequences = new List<int[]>();
        for (var u = 0; u < 120; u++)
        {
            int[] path = u % 2 == 0 ? [0, 10, 20, 30] : [0, 20, 10, 30];
            sequences.Add(path[..(2 + ((u / 2) % 3))]);
        }

        var transitions = NovelClusterPredictor.Fit(sequences, clusters, new NovelClusterOptions(Diversify: 0));
        var itemClusters = Enumerable.Range(0, 40).Select(clusters.ClusterOf).ToArray();
        var options = new SasRecOptions(Dimensions: 16, Blocks: 1, Heads: 1, MaxLength: 8, Dropout: 0f, LearningRate: 5e-3f, Epochs: 40, BatchSize: 16);
        var sequence = new NextInterestPredictor(itemClusters, 4, options).Fit(sequences, TrainingContext.Default);
        var blended = transitions.WithSequenceModel(sequence, 1.0);

        Assert.Equal(1, blended.Predict([0, 20], 1)[0].Item);
        Assert.Equal(2, blended.Predict([0, 10], 1)[0].Item);
        Assert.DoesNotContain(blended.Predict([0, 20], 4), s => s.Item is 0 or 2);

        // Blended scores stay a distribution over the new clusters when β = 0.
        var scores = new float[4];
        transitions.WithSequenceModel(sequence, 0.5).Score([0], scores);
        Assert.Equal(1.0, scores.Where(float.IsFinite).Sum(), 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => transitions.WithSequenceModel(sequence, 1.5));
    }

    [Fact]
    public void Item_back_off_tells_apart_items_of_the_same_cluster_that_lead_to_different_new_clusters()
    {
        var clusters = FourClusters();
        // Inside cluster 0, shoppers who bought item 1 go on to cluster 2, those who bought item 5 to cluster 3.
        var sequences = new List<int[]>();
        for (var u = 0; u < 40; u++)
        {
            sequences.Add(u % 2 == 0 ? [1, 25] : [5, 35]);
        }

        var clusterOnly = NovelClusterPredictor.Fit(sequences, clusters, new NovelClusterOptions(Diversify: 0));
        var itemLevel = NovelClusterPredictor.Fit(sequences, clusters, new NovelClusterOptions(Diversify: 0, ItemSmoothing: 1));
        var scores = new float[4];
        clusterOnly.Score([1], scores);
        Assert.Equal(scores[2], scores[3], 5);
        Assert.Equal(2, itemLevel.Predict([1], 1)[0].Item);
        Assert.Equal(3, itemLevel.Predict([5], 1)[0].Item);

        // The shopper's last item in the cluster counts; an item never seen before a first entry backs off to its cluster.
        Assert.Equal(3, itemLevel.Predict([1, 5], 1)[0].Item);
        itemLevel.Score([7], scores);
        Assert.Equal(scores[2], scores[3], 5);
        Assert.Equal(float.NegativeInfinity, scores[0]);
    }
}
