using Penchant.Core.Exploration;

namespace Penchant.Core.Tests.Exploration;

public sealed class ClusterCooccurrenceTests
{
    // Items 0-9 in cluster 0, 10-19 in 1, 20-29 in 2, 30-39 in 3.
    private static ClusterMap FourClusters() =>
        ClusterMap.FromLabels([.. Enumerable.Range(0, 40).Select(i => $"c{i / 10}")]);

    // 60 shoppers hold clusters {1, 0}, 20 hold {0, 2}, 20 hold {0} alone, 30 hold {3} alone.
    private static List<int[]> Sequences()
    {
        var sequences = new List<int[]>();
        sequences.AddRange(Enumerable.Repeat<int[]>([11, 2], 60));
        sequences.AddRange(Enumerable.Repeat<int[]>([3, 24], 20));
        sequences.AddRange(Enumerable.Repeat<int[]>([5], 20));
        sequences.AddRange(Enumerable.Repeat<int[]>([33, 34], 30));
        return sequences;
    }

    [Fact]
    public void Scores_the_clusters_that_shoppers_hold_together_highest()
    {
        var model = ClusterCooccurrence.Fit(Sequences(), FourClusters(), new ClusterCooccurrenceOptions(Regularization: 1));
        var scores = new float[4];
        model.Score([0], scores);
        // Cluster 1 goes with 0 three times as often as cluster 2; cluster 3 never does.
        Assert.True(scores[1] > scores[2], $"{scores[1]} should exceed {scores[2]}");
        Assert.True(scores[2] > scores[3], $"{scores[2]} should exceed {scores[3]}");
        Assert.Equal(0, scores[0]);
        Assert.All(Enumerable.Range(0, 4), c => Assert.Equal(0, model.Weight(c, c)));
    }

    [Fact]
    public void Heavier_regularisation_shrinks_the_weights()
    {
        var light = ClusterCooccurrence.Fit(Sequences(), FourClusters(), new ClusterCooccurrenceOptions(Regularization: 1));
        var heavy = ClusterCooccurrence.Fit(Sequences(), FourClusters(), new ClusterCooccurrenceOptions(Regularization: 500));
        Assert.True(Math.Abs(heavy.Weight(0, 1)) < Math.Abs(light.Weight(0, 1)));
    }

    [Fact]
    public void Blended_into_the_predictor_it_overrides_the_first_entry_transitions_and_skips_known_clusters()
    {
        var clusters = FourClusters();
        // First entries from cluster 0 only ever go to 2 (the {1, 0} shoppers enter 1 before 0), but 1 is held with 0 far more often.
        var transitions = NovelClusterPredictor.Fit(Sequences(), clusters, new NovelClusterOptions(Diversify: 0));
        var cooccurrence = ClusterCooccurrence.Fit(Sequences(), clusters, new ClusterCooccurrenceOptions(Regularization: 1));
        Assert.Equal(2, transitions.Predict([4], 1)[0].Item);
        Assert.Equal(2, transitions.WithCooccurrence(cooccurrence, 0).Predict([4], 1)[0].Item);
        var blended = transitions.WithCooccurrence(cooccurrence, 1);
        Assert.Equal(1, blended.CooccurrenceWeight);
        Assert.Equal(1, blended.Predict([4], 1)[0].Item);
        Assert.DoesNotContain(blended.Predict([4, 15], 4), s => s.Item is 0 or 1);
    }

    [Fact]
    public void A_model_for_another_cluster_count_or_a_weight_outside_zero_to_one_is_rejected()
    {
        var clusters = FourClusters();
        var predictor = NovelClusterPredictor.Fit(Sequences(), clusters);
        var other = ClusterCooccurrence.Fit(Sequences(), ClusterMap.FromLabels([.. Enumerable.Range(0, 40).Select(i => $"c{i / 20}")]));
        Assert.Throws<ArgumentException>(() => predictor.WithCooccurrence(other, 0.5));
        var model = ClusterCooccurrence.Fit(Sequences(), clusters);
        Assert.Throws<ArgumentOutOfRangeException>(() => predictor.WithCooccurrence(model, 1.5));
    }
}
