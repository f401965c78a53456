using Penchant.Core.Data;
using Penchant.Core.Evaluation;

namespace Penchant.Core.Tests.Evaluation;

public sealed class BeyondAccuracyMetricsTests
{
    [Fact]
    public void Coverage_counts_distinct_recommended_items_over_the_catalogue() =>
        Assert.Equal(0.75, BeyondAccuracyMetrics.Coverage([[0, 1], null, [1, 2]], 4), 10);

    [Theory]
    [InlineData(new[] { 0, 1 }, 1.0)] // -log2(4/4) = 0, -log2(1/4) = 2
    [InlineData(new[] { 2 }, 2.0)] // never trained on: counts as seen once
    [InlineData(new[] { 0 }, 0.0)]
    public void Novelty_is_mean_self_information(int[] list, double expected) =>
        Assert.Equal(expected, BeyondAccuracyMetrics.Novelty(list, [4, 1, 0], userCount: 4), 10);

    [Fact]
    public void Diversity_with_categories_is_one_minus_mean_pairwise_jaccard()
    {
        // Items 0 and 1 share a category, item 2 is alone: pair similarities 1, 0, 0.
        var similarity = new FeatureJaccardSimilarity([[1], [1], [2]]);
        Assert.Equal(2.0 / 3, BeyondAccuracyMetrics.IntraListDiversity([0, 1, 2], similarity), 10);
        Assert.Equal(0.0, BeyondAccuracyMetrics.IntraListDiversity([0, 1], similarity), 10);
        Assert.True(double.IsNaN(BeyondAccuracyMetrics.IntraListDiversity([0], similarity)));
    }

    [Fact]
    public void Jaccard_over_feature_sets()
    {
        var similarity = new FeatureJaccardSimilarity([[1, 2, 3], [3, 4], []]);
        Assert.Equal(0.25, similarity.Similarity(0, 1), 10); // {3} / {1,2,3,4}
        Assert.Equal(0.0, similarity.Similarity(0, 2), 10);
    }

    [Fact]
    public void Cosine_over_binary_interaction_vectors()
    {
        // Users: u0 {0, 1}, u1 {0}, u2 {1, 2}. Item users: 0 {u0, u1}, 1 {u0, u2}, 2 {u2}.
        var matrix = InteractionMatrix.FromInteractions(3, 3, new[]
        {
            new Interaction(0, 0, 1f), new Interaction(0, 1, 1f), new Interaction(1, 0, 1f),
            new Interaction(2, 1, 1f), new Interaction(2, 2, 1f),
        });
        var similarity = new InteractionCosineSimilarity(matrix);
        Assert.Equal(0.5, similarity.Similarity(0, 1), 10); // 1 / sqrt(2 x 2)
        Assert.Equal(1 / Math.Sqrt(2), similarity.Similarity(1, 2), 10); // 1 / sqrt(2 x 1)
        Assert.Equal(0.0, similarity.Similarity(0, 2), 10);
        // ILD of [0, 1, 2] = 1 - (0.5 + 0 + 0.7071) / 3.
        Assert.Equal(1 - ((0.5 + (1 / Math.Sqrt(2))) / 3), BeyondAccuracyMetrics.IntraListDiversity([0, 1, 2], similarity), 10);
    }

    [Fact]
    public void Cosine_of_popular_items_is_cached_and_symmetric()
    {
        // 300 users all have item 0; the 150 even ones also have item 1: 150 / sqrt(300 x 150).
        var interactions = Enumerable.Range(0, 300).Select(static u => new Interaction(u, 0, 1f))
            .Concat(Enumerable.Range(0, 150).Select(static u => new Interaction(2 * u, 1, 1f)))
            .ToList();
        var similarity = new InteractionCosineSimilarity(InteractionMatrix.FromInteractions(300, 2, interactions));
        var expected = 150 / Math.Sqrt(300.0 * 150);
        Assert.Equal(expected, similarity.Similarity(0, 1), 10);
        Assert.Equal(expected, similarity.Similarity(1, 0), 10);
        Assert.Equal(expected, similarity.Similarity(0, 1), 10);
    }

    [Fact]
    public void Average_recommendation_popularity() =>
        Assert.Equal(2.5, BeyondAccuracyMetrics.AveragePopularity([0, 1], [4, 1, 0]), 10);

    [Fact]
    public void Popularity_percentile_is_share_of_items_strictly_less_popular() =>
        Assert.Equal([0.75, 0.25, 0.0, 0.25], BeyondAccuracyMetrics.PopularityPercentiles([4, 1, 0, 1]));
}
