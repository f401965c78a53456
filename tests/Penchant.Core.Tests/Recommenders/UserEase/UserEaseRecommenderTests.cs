using Penchant.Core.Data;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Popularity;
using Penchant.Core.Recommenders.UserEase;

namespace Penchant.Core.Tests.Recommenders.UserEase;

public sealed class UserEaseRecommenderTests : RecommenderContractTests
{
    protected override IRecommender CreateRecommender() => new UserEaseRecommender(new UserEaseOptions(Lambda: 2f));

    /// <summary>
    /// The definition, plainly in double precision: regress the query's row on the training rows (all but the
    /// query's own when it is a training user) by ridge regression solved with Gauss-Jordan, and score by the fit.
    /// </summary>
    private static double[] Reference(IReadOnlyList<int[]> rows, int items, int self, IReadOnlyCollection<int> history, double lambda)
    {
        var users = Enumerable.Range(0, rows.Count).Where(v => v != self).ToArray();
        var k = users.Length;
        var a = new double[k, k + 1];
        for (var p = 0; p < k; p++)
        {
            var rp = rows[users[p]].Distinct().ToHashSet();
            for (var q = 0; q < k; q++)
            {
                a[p, q] = rows[users[q]].Distinct().Count(rp.Contains) + (p == q ? lambda : 0);
            }

            a[p, k] = history.Count(rp.Contains);
        }

        for (var c = 0; c < k; c++)
        {
            var pivot = a[c, c];
            for (var j = 0; j <= k; j++)
            {
                a[c, j] /= pivot;
            }

            for (var r = 0; r < k; r++)
            {
                if (r != c && a[r, c] != 0)
                {
                    var f = a[r, c];
                    for (var j = 0; j <= k; j++)
                    {
                        a[r, j] -= f * a[c, j];
                    }
                }
            }
        }

        var scores = new double[items];
        for (var p = 0; p < k; p++)
        {
            foreach (var i in rows[users[p]].Distinct())
            {
                scores[i] += a[p, k];
            }
        }

        return scores;
    }

    [Fact]
    public void Scores_match_leave_self_out_ridge_regression_computed_plainly()
    {
        var rng = new Random(5);
        const int items = 12;
        var rows = Enumerable.Range(0, 40).Select(_ => Enumerable.Range(0, items).Where(_ => rng.NextDouble() < 0.35).ToArray()).ToList();
        var data = InteractionData.FromSequences(rows, items);
        const double lambda = 3;
        var model = new UserEaseRecommender(new UserEaseOptions((float)lambda)).Fit(data, TrainingContext.Default);
        var scores = new float[items];

        // A training user as trained; the same user with a changed history; a shopper unseen in training.
        var cases = new List<(UserQuery Query, int Self, int[] History)>();
        foreach (var u in new[] { 0, 7, 39 })
        {
            cases.Add((UserQuery.FromTraining(data, u), u, rows[u]));
        }

        int[] changed = [.. rows[7].Append(rows[7].Contains(3) ? 4 : 3).Distinct()];
        cases.Add((UserQuery.FromSequence(7, changed), 7, changed));
        cases.Add((UserQuery.FromSequence(-1, [1, 2, 5]), -1, [1, 2, 5]));
        foreach (var (query, self, history) in cases)
        {
            model.Score(query, scores);
            var expected = Reference(rows, items, self, history, lambda);
            for (var i = 0; i < items; i++)
            {
                Assert.True(Math.Abs(expected[i] - scores[i]) <= 1e-4 * (1 + Math.Abs(expected[i])), $"user {self}, item {i}: {scores[i]} vs {expected[i]}");
            }
        }

        // For a training row the weights are the closed form −P[u, v] / P[u, u].
        var trained = (UserEaseModel)model;
        model.Score(UserQuery.FromTraining(data, 7), scores);
        var closed = new double[items];
        for (var v = 0; v < rows.Count; v++)
        {
            if (v != 7)
            {
                foreach (var i in rows[v].Distinct())
                {
                    closed[i] -= trained.Inverse(7, v) / trained.Inverse(7, 7);
                }
            }
        }

        Assert.All(Enumerable.Range(0, items), i => Assert.Equal(closed[i], scores[i], 3));
    }

    [Fact]
    public void Hit_rate_on_planted_clusters_is_far_above_popularity()
    {
        var (train, heldOut) = PlantedClusters.Generate(seed: 3);
        var model = new UserEaseRecommender(new UserEaseOptions(50f)).Fit(train, TrainingContext.Default);
        var popularity = new PopularityRecommender().Fit(train, TrainingContext.Default);
        var hits = PlantedClusters.HitRate(model, train, heldOut, 10, foldIn: true);
        var popularityHits = PlantedClusters.HitRate(popularity, train, heldOut, 10, foldIn: false);
        Assert.True(hits > 0.5 && hits > 2.5 * popularityHits, $"user-EASE {hits:F3}, popularity {popularityHits:F3}");
    }

    [Fact]
    public void Too_many_users_are_refused_with_a_message_naming_the_limit()
    {
        var data = Checkerboard(30);
        var error = Assert.Throws<InvalidOperationException>(() => new UserEaseRecommender(new UserEaseOptions(MaxUsers: 20)).Fit(data, TrainingContext.Default));
        Assert.Contains("30 training users exceed MaxUsers 20", error.Message, StringComparison.Ordinal);
    }
}
