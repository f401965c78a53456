using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Ease;
using Penchant.Core.Recommenders.Popularity;

namespace Penchant.Core.Tests.Recommenders.Ease;

public sealed class EaseRecommenderTests : RecommenderContractTests
{
    protected override IRecommender CreateRecommender() => new EaseRecommender(new EaseOptions(Lambda: 5f));

    [Fact]
    public void Weights_solve_the_constrained_ridge_problem()
    {
        // Stationarity of |X - XB|² + λ|B|² with diag(B) = 0: for every column j, row i ≠ j of
        // (XᵀX + λI) B_:j - XᵀX_:j must vanish.
        var data = RecommenderContractTests.Checkerboard(12);
        const float lambda = 3f;
        var model = (EaseModel)new EaseRecommender(new EaseOptions(lambda)).Fit(data, TrainingContext.Default);
        var n = data.ItemCount;
        var gram = new double[n, n];
        for (var u = 0; u < data.UserCount; u++)
        {
            foreach (var i in data.Matrix.RowColumns(u))
            {
                foreach (var j in data.Matrix.RowColumns(u))
                {
                    gram[i, j] += 1;
                }
            }
        }

        for (var j = 0; j < n; j++)
        {
            Assert.Equal(0f, model.Row(j)[j]);
            for (var i = 0; i < n; i++)
            {
                if (i == j)
                {
                    continue;
                }

                double s = lambda * model.Row(i)[j];
                for (var k = 0; k < n; k++)
                {
                    s += gram[i, k] * model.Row(k)[j];
                }

                Assert.True(Math.Abs(s - gram[i, j]) < 1e-3, $"({i}, {j}): {s} vs {gram[i, j]}");
            }
        }
    }

    [Fact]
    public void Similar_items_are_the_weight_rows()
    {
        var data = RecommenderContractTests.Checkerboard();
        var model = (EaseModel)CreateRecommender().Fit(data, TrainingContext.Default);
        var scores = new float[model.ItemCount];
        model.ScoreSimilar(4, scores);
        Assert.Equal(model.Row(4).ToArray(), scores);
        Assert.All(model.SimilarItems(4, 5), s => Assert.True(s.Item % 2 == 0));
    }

    [Fact]
    public void Scoring_allocates_nothing()
    {
        var data = RecommenderContractTests.Checkerboard();
        var model = CreateRecommender().Fit(data, TrainingContext.Default);
        var query = UserQuery.FromTraining(data, 5);
        var scores = new float[model.ItemCount];
        model.Score(query, scores);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var r = 0; r < 20; r++)
        {
            model.Score(query, scores);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Hit_rate_on_planted_clusters_is_far_above_popularity()
    {
        var (train, heldOut) = PlantedClusters.Generate(seed: 3);
        var ease = new EaseRecommender(new EaseOptions(Lambda: 50f)).Fit(train, TrainingContext.Default);
        var popularity = new PopularityRecommender().Fit(train, TrainingContext.Default);
        var hits = PlantedClusters.HitRate(ease, train, heldOut, 10, foldIn: true);
        var popularityHits = PlantedClusters.HitRate(popularity, train, heldOut, 10, foldIn: false);
        Assert.True(hits > 0.5 && hits > 2.5 * popularityHits, $"EASE {hits:F3}, popularity {popularityHits:F3}");
    }
}
