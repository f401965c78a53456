using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Bpr;

namespace Penchant.Core.Tests.Recommenders.Bpr;

public sealed class BprRecommenderTests : RecommenderContractTests
{
    protected override IRecommender CreateRecommender() =>
        new BprRecommender(new BprOptions(Factors: 16, Epochs: 150, LearningRate: 0.05f, Regularization: 0.005f));

    [Fact]
    public void Training_history_uses_the_stored_factors_and_a_changed_history_is_folded_in()
    {
        var data = RecommenderContractTests.Checkerboard();
        var model = (BprModel)CreateRecommender().Fit(data, TrainingContext.Default);
        var user = new float[model.Factors];

        model.UserVector(UserQuery.FromTraining(data, 4), user);
        Assert.Equal(model.UserFactors(4).ToArray(), user);

        // The same shopper after one more event: the vector now comes from the history, not storage.
        var longer = UserQuery.FromSequence(4, [.. data.Sequences[4], 4]);
        model.UserVector(longer, user);
        Assert.NotEqual(model.UserFactors(4).ToArray(), user);
        var folded = new float[model.Factors];
        model.FoldInSgd(longer.Items, folded);
        Assert.Equal(folded, user);
    }

    [Fact]
    public void Fold_in_solves_its_least_squares_system()
    {
        var data = RecommenderContractTests.Checkerboard(20);
        const float lambda = 0.7f, c0 = 0.2f;
        var model = (BprModel)new BprRecommender(new BprOptions(Factors: 6, Epochs: 5, FoldIn: BprFoldIn.LeastSquares, FoldInRegularization: lambda, FoldInUnobservedWeight: c0))
            .Fit(data, TrainingContext.Default);
        int[] history = [1, 3, 8, 13];
        var p = new float[6];
        model.FoldInLeastSquares(history, p);

        // Gradient of Σ_h (1 - q_h·p)² + c0 Σ_i (q_i·p)² + λ|p|² must vanish at the solution.
        var gradient = new double[6];
        for (var i = 0; i < model.ItemCount; i++)
        {
            var q = model.ItemFactors(i);
            double s = 0;
            for (var a = 0; a < 6; a++)
            {
                s += q[a] * p[a];
            }

            var residual = (c0 * s) + (history.Contains(i) ? s - 1 : 0);
            for (var a = 0; a < 6; a++)
            {
                gradient[a] += residual * q[a];
            }
        }

        for (var a = 0; a < 6; a++)
        {
            gradient[a] += lambda * p[a];
            Assert.True(Math.Abs(gradient[a]) < 1e-4, $"gradient[{a}] = {gradient[a]}");
        }

        Assert.Contains(p, v => v != 0f);
    }

    [Fact]
    public void Different_seeds_give_different_models()
    {
        var data = RecommenderContractTests.Checkerboard();
        var a = CreateRecommender().Fit(data, new TrainingContext(Seed: 1));
        var b = CreateRecommender().Fit(data, new TrainingContext(Seed: 2));
        var q = UserQuery.FromTraining(data, 0);
        Assert.NotEqual(ScoresOf(a, q), ScoresOf(b, q));
    }

    [Fact]
    public void Stratified_parallel_training_is_deterministic_and_learns_the_clusters()
    {
        var (train, heldOut) = PlantedClusters.Generate(seed: 8);
        var options = new BprOptions(Factors: 24, Epochs: 40, Threads: 2);
        var a = new BprRecommender(options).Fit(train, new TrainingContext(Seed: 5));
        var b = new BprRecommender(options).Fit(train, new TrainingContext(Seed: 5));
        for (var u = 0; u < train.UserCount; u += 37)
        {
            var q = UserQuery.FromTraining(train, u);
            Assert.Equal(ScoresOf(a, q), ScoresOf(b, q));
        }

        var popularity = new Penchant.Core.Recommenders.Popularity.PopularityRecommender().Fit(train, TrainingContext.Default);
        var hits = PlantedClusters.HitRate(a, train, heldOut, 10, foldIn: false);
        var popularityHits = PlantedClusters.HitRate(popularity, train, heldOut, 10, foldIn: false);
        Assert.True(hits > 0.5 && hits > 2.5 * popularityHits, $"parallel BPR {hits:F3}, popularity {popularityHits:F3}");
    }

    [Fact]
    public void Scoring_allocates_nothing() =>
        RecommenderContractTests.AssertScoringAllocatesNothing(
            CreateRecommender(), UserQuery.FromTraining(RecommenderContractTests.Checkerboard(), 5), UserQuery.FromSequence(-1, [1, 3, 5]));

    [Fact]
    public void Cancellation_stops_training()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() =>
            CreateRecommender().Fit(RecommenderContractTests.Checkerboard(), new TrainingContext(Cancellation: cts.Token)));
    }

    [Fact]
    public void Hit_rate_on_planted_clusters_is_far_above_popularity()
    {
        var (train, heldOut) = PlantedClusters.Generate(seed: 3);
        var bpr = new BprRecommender(new BprOptions(Factors: 24, Epochs: 40)).Fit(train, TrainingContext.Default);
        var popularity = new Penchant.Core.Recommenders.Popularity.PopularityRecommender().Fit(train, TrainingContext.Default);
        var leastSquares = new BprRecommender(new BprOptions(Factors: 24, Epochs: 40, FoldIn: BprFoldIn.LeastSquares)).Fit(train, TrainingContext.Default);
        var bprHits = PlantedClusters.HitRate(bpr, train, heldOut, 10, foldIn: false);
        var foldInHits = PlantedClusters.HitRate(bpr, train, heldOut, 10, foldIn: true);
        var leastSquaresHits = PlantedClusters.HitRate(leastSquares, train, heldOut, 10, foldIn: true);
        var popularityHits = PlantedClusters.HitRate(popularity, train, heldOut, 10, foldIn: false);
        var report = $"BPR {bprHits:F3}, SGD fold-in {foldInHits:F3}, least-squares fold-in {leastSquaresHits:F3}, popularity {popularityHits:F3}";
        Assert.True(bprHits > 0.5 && bprHits > 2.5 * popularityHits, report);
        Assert.True(foldInHits > 0.5 && foldInHits > 2.5 * popularityHits, report);
        // The projection is the weaker fold-in for ranking-trained factors; its band is lower.
        Assert.True(leastSquaresHits > 4 * popularityHits, report);
    }
}
