using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Als;
using Penchant.Core.Recommenders.Popularity;

namespace Penchant.Core.Tests.Recommenders.Als;

public sealed class AlsRecommenderTests : RecommenderContractTests
{
    protected override IRecommender CreateRecommender() =>
        new AlsRecommender(new AlsOptions(Factors: 4, Regularization: 1f, Iterations: 10));

    [Fact]
    public void Conjugate_gradient_and_cholesky_reach_similar_loss()
    {
        var (train, _) = PlantedClusters.Generate(seed: 5);
        var cg = new AlsRecommender(new AlsOptions(Factors: 16, Regularization: 1f, Iterations: 12, CgSteps: 3));
        var exact = new AlsRecommender(cg.Options with { Solver = AlsSolver.Cholesky });
        var start = new AlsRecommender(cg.Options with { Iterations = 0 });
        var cgLoss = cg.Loss(train.Matrix, cg.Factorize(train.Matrix, TrainingContext.Default));
        var exactLoss = exact.Loss(train.Matrix, exact.Factorize(train.Matrix, TrainingContext.Default));
        var startLoss = start.Loss(train.Matrix, start.Factorize(train.Matrix, TrainingContext.Default));
        var report = $"CG {cgLoss:F1}, Cholesky {exactLoss:F1}, initial {startLoss:F1}";
        Assert.True(exactLoss < 0.8 * startLoss, report);
        Assert.True(Math.Abs(cgLoss - exactLoss) < 0.02 * exactLoss, report);
    }

    [Fact]
    public void Exact_sweeps_never_increase_the_loss()
    {
        var (train, _) = PlantedClusters.Generate(seed: 6, users: 120, items: 80);
        var previous = double.PositiveInfinity;
        for (var it = 1; it <= 5; it++)
        {
            var als = new AlsRecommender(new AlsOptions(Factors: 8, Regularization: 0.5f, Iterations: it, Solver: AlsSolver.Cholesky));
            var loss = als.Loss(train.Matrix, als.Factorize(train.Matrix, TrainingContext.Default));
            Assert.True(loss <= previous * (1 + 1e-5), $"iteration {it}: {loss} after {previous}");
            previous = loss;
        }
    }

    [Fact]
    public void Fold_in_solves_the_user_step()
    {
        var data = RecommenderContractTests.Checkerboard(20);
        const float lambda = 0.3f, alpha = 4f;
        var model = (AlsModel)new AlsRecommender(new AlsOptions(Factors: 5, Regularization: lambda, Alpha: alpha, Iterations: 3)).Fit(data, TrainingContext.Default);
        int[] history = [1, 3, 8, 13];
        float[] weights = [1f, 2f, 1f, 0.5f];
        var p = new float[5];
        model.UserVector(history, weights, p);

        // Gradient of Σ_i c_i (p_i - y_i·x)² + λ|x|² must vanish.
        var gradient = new double[5];
        for (var i = 0; i < model.ItemCount; i++)
        {
            var y = model.ItemFactors(i);
            double s = 0;
            for (var a = 0; a < 5; a++)
            {
                s += y[a] * p[a];
            }

            var h = Array.IndexOf(history, i);
            var residual = h >= 0 ? (1 + (alpha * weights[h])) * (s - 1) : s;
            for (var a = 0; a < 5; a++)
            {
                gradient[a] += residual * y[a];
            }
        }

        for (var a = 0; a < 5; a++)
        {
            gradient[a] += lambda * p[a];
            Assert.True(Math.Abs(gradient[a]) < 1e-3, $"gradient[{a}] = {gradient[a]}");
        }
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
    public void Cancellation_stops_training()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            CreateRecommender().Fit(RecommenderContractTests.Checkerboard(), new TrainingContext(Cancellation: cts.Token)));
    }

    [Fact]
    public void Hit_rate_on_planted_clusters_is_far_above_popularity()
    {
        var (train, heldOut) = PlantedClusters.Generate(seed: 3);
        var als = new AlsRecommender(new AlsOptions(Factors: 16, Regularization: 5f, Iterations: 10)).Fit(train, TrainingContext.Default);
        var popularity = new PopularityRecommender().Fit(train, TrainingContext.Default);
        var hits = PlantedClusters.HitRate(als, train, heldOut, 10, foldIn: true);
        var popularityHits = PlantedClusters.HitRate(popularity, train, heldOut, 10, foldIn: false);
        Assert.True(hits > 0.5 && hits > 2.5 * popularityHits, $"ALS {hits:F3}, popularity {popularityHits:F3}");
    }
}
