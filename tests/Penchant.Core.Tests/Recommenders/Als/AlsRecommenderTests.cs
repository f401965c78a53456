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

    [Theory]
    [InlineData(1f, 0f)]
    [InlineData(0f, 0.5f)]
    [InlineData(2f, 1f)]
    public void Exact_sweeps_never_increase_the_frequency_scaled_and_weighted_loss(float nu, float omega)
    {
        var (train, _) = PlantedClusters.Generate(seed: 8, users: 120, items: 80);
        var options = new AlsOptions(Factors: 8, Regularization: 0.5f, Alpha: 3f, Solver: AlsSolver.Cholesky, FrequencyExponent: nu, MissingExponent: omega);
        var previous = double.PositiveInfinity;
        for (var it = 1; it <= 5; it++)
        {
            var als = new AlsRecommender(options with { Iterations = it });
            var factors = als.Factorize(train.Matrix, TrainingContext.Default);
            var loss = als.Loss(train.Matrix, factors);
            Assert.True(loss <= previous * (1 + 1e-5), $"iteration {it}: {loss} after {previous}");
            previous = loss;

            // The objective is a different one: the plain loss of the same factors differs.
            var plain = new AlsRecommender(options with { FrequencyExponent = 0f, MissingExponent = 0f }).Loss(train.Matrix, factors);
            Assert.True(Math.Abs(plain - loss) > 1e-5 * loss, $"iteration {it}: weighted {loss}, plain {plain}");
        }
    }

    [Fact]
    public void Conjugate_gradient_and_cholesky_reach_similar_weighted_loss()
    {
        var (train, _) = PlantedClusters.Generate(seed: 5);
        var cg = new AlsRecommender(new AlsOptions(Factors: 16, Regularization: 1f, Iterations: 12, CgSteps: 3, FrequencyExponent: 1f, MissingExponent: 0.5f));
        var exact = new AlsRecommender(cg.Options with { Solver = AlsSolver.Cholesky });
        var cgLoss = cg.Loss(train.Matrix, cg.Factorize(train.Matrix, TrainingContext.Default));
        var exactLoss = exact.Loss(train.Matrix, exact.Factorize(train.Matrix, TrainingContext.Default));
        Assert.True(Math.Abs(cgLoss - exactLoss) < 0.02 * exactLoss, $"CG {cgLoss:F1}, Cholesky {exactLoss:F1}");
    }

    [Fact]
    public void Missing_weights_keep_the_total_and_follow_popularity_to_the_power_omega()
    {
        var (train, _) = PlantedClusters.Generate(seed: 2, users: 150, items: 60);
        var byItem = train.Matrix.Transpose();
        Assert.Null(AlsRecommender.MissingWeights(byItem, 0f));
        var weights = AlsRecommender.MissingWeights(byItem, 0.5f)!;
        Assert.Equal(60, weights.Sum(w => (double)w), 3);
        var counts = Enumerable.Range(0, 60).Select(i => byItem.RowColumns(i).Length).ToArray();
        var a = Array.IndexOf(counts, counts.Max());
        var b = Array.IndexOf(counts, counts.Where(c => c > 0).Min());
        Assert.True(counts[a] > counts[b]);
        Assert.Equal(Math.Sqrt((double)counts[a] / counts[b]), weights[a] / (double)weights[b], 4);
    }

    [Fact]
    public void Fold_in_solves_the_frequency_scaled_and_weighted_user_step()
    {
        var (train, _) = PlantedClusters.Generate(seed: 4, users: 100, items: 50);
        const float lambda = 2f, alpha = 3f, nu = 1f, omega = 0.5f;
        var model = (AlsModel)new AlsRecommender(new AlsOptions(Factors: 5, Regularization: lambda, Alpha: alpha, Iterations: 3, FrequencyExponent: nu, MissingExponent: omega)).Fit(train, TrainingContext.Default);
        int[] history = [1, 3, 8, 13, 40];
        float[] weights = [1f, 2f, 1f, 0.5f, 1f];
        var p = new float[5];
        model.UserVector(history, weights, p);

        // Missing weights and ridge recomputed here from the item counts: m_i ∝ f_i^ω with Σ m_i = N;
        // λ_u = λ (Σ_i w_ui / N)^ν with w_ui the pair weight (confidence if observed, m_i otherwise).
        var n = model.ItemCount;
        var f = Enumerable.Range(0, n).Select(i => Math.Pow(train.Matrix.Transpose().RowColumns(i).Length, omega)).ToArray();
        var m = f.Select(v => n * v / f.Sum()).ToArray();
        var pairWeight = Enumerable.Range(0, n).Select(i => Array.IndexOf(history, i) is var h and >= 0 ? 1 + (alpha * weights[h]) : m[i]).ToArray();
        var ridge = lambda * Math.Pow(pairWeight.Sum() / n, nu);
        Assert.True(ridge > 1.01 * lambda, $"ridge {ridge}");

        // Gradient of Σ_i w_ui (p_ui - y_i·x)² + λ_u|x|² must vanish.
        var gradient = new double[5];
        for (var i = 0; i < n; i++)
        {
            var y = model.ItemFactors(i);
            double s = 0;
            for (var a = 0; a < 5; a++)
            {
                s += y[a] * p[a];
            }

            var target = Array.IndexOf(history, i) >= 0 ? 1 : 0;
            for (var a = 0; a < 5; a++)
            {
                gradient[a] += pairWeight[i] * (s - target) * y[a];
            }
        }

        for (var a = 0; a < 5; a++)
        {
            gradient[a] += ridge * p[a];
            Assert.True(Math.Abs(gradient[a]) < 1e-3, $"gradient[{a}] = {gradient[a]}");
        }
    }

    [Fact]
    public void A_saved_frequency_scaled_and_weighted_model_scores_as_before()
    {
        var (train, _) = PlantedClusters.Generate(seed: 7, users: 100, items: 50);
        var options = new AlsOptions(Factors: 6, Regularization: 2f, Alpha: 3f, Iterations: 3, FrequencyExponent: 1f, MissingExponent: -0.5f);
        var model = new AlsRecommender(options).Fit(train, TrainingContext.Default);
        var plain = new AlsModel(6, [.. Enumerable.Range(0, 50 * 6).Select(a => ((AlsModel)model).ItemFactors(a / 6)[a % 6])], options with { FrequencyExponent = 0f, MissingExponent = 0f });
        using var stream = new MemoryStream();
        ModelFile.Save(model, stream);
        stream.Position = 0;
        var loaded = Assert.IsType<AlsModel>(ModelFile.Load(stream));
        Assert.Equal(options with { Iterations = 15 }, loaded.Options with { Iterations = 15 });
        Assert.Equal(((AlsModel)model).MissingWeights, loaded.MissingWeights);
        var query = UserQuery.FromTraining(train, 3);
        var expected = new float[50];
        var actual = new float[50];
        var unweighted = new float[50];
        model.Score(query, expected);
        loaded.Score(query, actual);
        plain.Score(query, unweighted);
        Assert.Equal(expected, actual);
        Assert.NotEqual(expected, unweighted);
    }

    [Fact]
    public void A_version_1_file_loads_as_plain_als()
    {
        float[] items = [.. Enumerable.Range(0, 12).Select(a => (float)Math.Sin(a))];
        using var stream = RecommenderContractTests.OlderModelFile(1, AlsModel.KindName, writer =>
        {
            writer.Write(3);
            writer.Write(0.5f);
            writer.Write(4f);
            ModelFile.WriteArray(writer, items);
        });
        var loaded = Assert.IsType<AlsModel>(ModelFile.Load(stream));
        Assert.Equal(new AlsOptions(Factors: 3, Regularization: 0.5f, Alpha: 4f), loaded.Options);
        Assert.Null(loaded.MissingWeights);
        Assert.Equal(stream.Length, stream.Position);
        var expected = new float[4];
        var actual = new float[4];
        new AlsModel(3, items, new AlsOptions(Factors: 3, Regularization: 0.5f, Alpha: 4f)).Score(new UserQuery(-1, [1], [1f], [1]), expected);
        loaded.Score(new UserQuery(-1, [1], [1f], [1]), actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Scoring_allocates_nothing() => RecommenderContractTests.AssertScoringAllocatesNothing(CreateRecommender());

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
