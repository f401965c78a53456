using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Popularity;
using Penchant.Core.Recommenders.UserKnn;

namespace Penchant.Core.Tests.Recommenders.UserKnn;

public sealed class UserKnnRecommenderTests : RecommenderContractTests
{
    protected override IRecommender CreateRecommender() => new UserKnnRecommender(new UserKnnOptions(Neighbors: 10, Shrinkage: 1f));

    [Fact]
    public void Scores_are_the_similarity_weighted_rows_of_the_nearest_users()
    {
        // Users 0 and 1 share items {0, 1}; user 2 shares nothing with the query.
        var data = Penchant.Core.Data.InteractionData.FromSequences([[0, 1, 2], [0, 1, 3], [4, 5]], 6);
        var model = new UserKnnRecommender(new UserKnnOptions(Neighbors: 1, Shrinkage: 0f)).Fit(data, TrainingContext.Default);
        var scores = ScoresOf(model, UserQuery.FromSequence(-1, [0, 1, 2]));

        // With one neighbour, user 0 (cosine 1) wins over user 1 (cosine 2/3); user 2 is never a neighbour.
        Assert.Equal([1f, 1f, 1f, 0f, 0f, 0f], scores);

        // The query's own training row is left out: user 0 is then served by user 1, cosine 2 / (√3 √3).
        scores = ScoresOf(model, UserQuery.FromTraining(data, 0));
        Assert.Equal(2f / 3f, scores[3], 5);
        Assert.Equal(0f, scores[2]);
    }

    [Fact]
    public void Hit_rate_on_planted_clusters_is_far_above_popularity()
    {
        var (train, heldOut) = PlantedClusters.Generate(seed: 3);
        var knn = new UserKnnRecommender(new UserKnnOptions(Neighbors: 50)).Fit(train, TrainingContext.Default);
        var popularity = new PopularityRecommender().Fit(train, TrainingContext.Default);
        var hits = PlantedClusters.HitRate(knn, train, heldOut, 10, foldIn: true);
        var popularityHits = PlantedClusters.HitRate(popularity, train, heldOut, 10, foldIn: false);
        Assert.True(hits > 0.5 && hits > 2.5 * popularityHits, $"user-kNN {hits:F3}, popularity {popularityHits:F3}");
    }
}
