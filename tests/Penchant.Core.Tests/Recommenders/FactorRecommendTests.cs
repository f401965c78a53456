using Penchant.Core.Data;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Als;
using Penchant.Core.Recommenders.Bpr;

namespace Penchant.Core.Tests.Recommenders;

/// <summary>
/// <see cref="RecommenderModelExtensions.Recommend"/> ranks a factor model in one fused pass over its item rows; it
/// must give what scoring every item and selecting gives (<see cref="RecommenderModelExtensions.RecommendByScores"/>).
/// </summary>
public sealed class FactorRecommendTests
{
    public static TheoryData<string> Models => ["als", "bpr"];

    [Theory]
    [MemberData(nameof(Models))]
    public void The_fused_ranking_equals_scoring_every_item(string kind)
    {
        var (train, _) = PlantedClusters.Generate(seed: 11, users: 150, items: 333);
        var model = Fit(kind, train);
        Assert.IsAssignableFrom<IFactorModel>(model);
        for (var u = 0; u < train.UserCount; u++)
        {
            foreach (var query in new[] { UserQuery.FromTraining(train, u), UserQuery.FromTraining(train, u) with { User = -1 } })
            {
                AssertSameRanking(model, query, 10, excludeSeen: true);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void History_is_excluded_even_out_of_order_and_repeated(string kind)
    {
        var (train, _) = PlantedClusters.Generate(seed: 12, users: 80, items: 120);
        var model = Fit(kind, train);

        // The best items of a shopper, then the same shopper with them in the history, given backwards and twice.
        var open = model.Recommend(UserQuery.Anonymous with { Items = [5, 9], Weights = [1f, 1f] }, 6, excludeSeen: false);
        int[] history = [.. open.Select(static s => s.Item).Reverse(), open[0].Item];
        var query = new UserQuery(-1, history, [.. history.Select(static _ => 1f)], history);
        var ranked = model.Recommend(query, 20);
        Assert.Equal(20, ranked.Length);
        Assert.DoesNotContain(ranked, s => history.Contains(s.Item));
        AssertSameRanking(model, query, 20, excludeSeen: true);

        // Without exclusion the history may come back, and does: the ranking is the unexcluded one.
        AssertSameRanking(model, query, 20, excludeSeen: false);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Asking_for_more_than_the_catalogue_returns_every_other_item_once(string kind)
    {
        var (train, _) = PlantedClusters.Generate(seed: 13, users: 60, items: 48);
        var model = Fit(kind, train);
        var query = UserQuery.FromTraining(train, 0);
        var ranked = model.Recommend(query, 1000);
        Assert.Equal(model.ItemCount - query.Items.Length, ranked.Length);
        Assert.Equal(ranked.Length, ranked.Select(static s => s.Item).Distinct().Count());
        Assert.Empty(model.Recommend(query, 0));
        AssertSameRanking(model, query, 1000, excludeSeen: true);
    }

    [Fact]
    public void A_large_catalogue_is_ranked_over_8_bit_rows_with_the_same_result()
    {
        // Random factors and biases for a catalogue past QuantizedFrom; one stored shopper whose history is known.
        var rng = new Random(15);
        const int Factors = 16;
        var items = RecommenderModelExtensions.QuantizedFrom + 1_234;
        float[] Uniform(int count) => [.. Enumerable.Range(0, count).Select(_ => (float)(rng.NextDouble() - 0.5))];
        var itemFactors = Uniform(items * Factors);
        var bias = Uniform(items);
        int[] history = [.. Enumerable.Range(0, 40).Select(_ => rng.Next(items)).Distinct().Order()];
        var users = Enumerable.Range(0, 12).Select(_ => Uniform(Factors)).ToArray();
        foreach (var user in users)
        {
            var model = new BprModel(Factors, user, itemFactors, bias, [BprModel.Fingerprint(history)], new BprOptions(Factors: Factors));
            var query = new UserQuery(0, history, [.. history.Select(static _ => 1f)], history);
            AssertSameRanking(model, query, 10, excludeSeen: true);
            Assert.True(RecommenderModelExtensions.HasQuantizedRows(model));
        }

        // A small one is not copied.
        var (train, _) = PlantedClusters.Generate(seed: 16, users: 40, items: 60);
        var small = (IFactorModel)Fit("bpr", train);
        small.Recommend(UserQuery.FromTraining(train, 0), 5);
        Assert.False(RecommenderModelExtensions.HasQuantizedRows(small));
    }

    [Fact]
    public void A_filter_is_honoured_by_a_factor_model()
    {
        var (train, _) = PlantedClusters.Generate(seed: 14, users: 80, items: 120);
        var model = Fit("als", train);
        var ranked = model.Recommend(UserQuery.FromTraining(train, 3), 10, allow: static i => i % 3 == 0);
        Assert.Equal(10, ranked.Length);
        Assert.All(ranked, static s => Assert.Equal(0, s.Item % 3));
    }

    private static IRecommenderModel Fit(string kind, InteractionData train) => kind switch
    {
        "als" => new AlsRecommender(new AlsOptions(Factors: 16, Regularization: 1f, Iterations: 6)).Fit(train, TrainingContext.Default),
        _ => new BprRecommender(new BprOptions(Factors: 16, Epochs: 20, LearningRate: 0.05f, Regularization: 0.005f)).Fit(train, TrainingContext.Default),
    };

    // Rank by rank, the fused list and the reference list hold the same scores (to rounding of the dot products'
    // summation order), and every fused item's score is its reference score; items may differ only at a tie.
    private static void AssertSameRanking(IRecommenderModel model, UserQuery query, int count, bool excludeSeen)
    {
        var fused = model.Recommend(query, count, excludeSeen);
        var reference = model.RecommendByScores(query, count, excludeSeen);
        var scores = new float[model.ItemCount];
        model.Score(query, scores);
        Assert.Equal(reference.Length, fused.Length);
        for (var r = 0; r < fused.Length; r++)
        {
            var tolerance = 1e-4f * Math.Max(1f, Math.Abs(reference[r].Score));
            Assert.True(Math.Abs(fused[r].Score - reference[r].Score) <= tolerance, $"rank {r}: {fused[r]} against {reference[r]}");
            Assert.True(Math.Abs(fused[r].Score - scores[fused[r].Item]) <= tolerance, $"rank {r}: {fused[r]} scored {scores[fused[r].Item]}");
            Assert.True(r == 0 || fused[r].Score <= fused[r - 1].Score, $"rank {r} is above rank {r - 1}");
            if (fused[r].Item != reference[r].Item)
            {
                Assert.True(Math.Abs(scores[fused[r].Item] - scores[reference[r].Item]) <= tolerance, $"rank {r}: {fused[r].Item} in place of {reference[r].Item} without a tie");
            }
        }
    }
}
