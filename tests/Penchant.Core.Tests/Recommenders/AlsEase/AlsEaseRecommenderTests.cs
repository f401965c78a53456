using Penchant.Core.Data;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Als;
using Penchant.Core.Recommenders.AlsEase;

namespace Penchant.Core.Tests.Recommenders.AlsEase;

public sealed class AlsEaseRecommenderTests : RecommenderContractTests
{
    protected override IRecommender CreateRecommender() =>
        new AlsEaseRecommender(new AlsEaseOptions(new AlsOptions(Factors: 4, Regularization: 1f, Alpha: 2f, Iterations: 10), Lambda: 5f));

    [Theory]
    [InlineData(0f, true)]
    [InlineData(0.5f, true)]
    [InlineData(0.3f, false)]
    [InlineData(0.7f, false)]
    public void Residual_weights_solve_each_columns_ridge_regression_on_what_als_leaves(float dropout, bool zeroDiagonal)
    {
        var rng = new Random(11);
        const int n = 9;
        var sequences = Enumerable.Range(0, 70).Select(_ => Enumerable.Range(0, n).Where(_ => rng.NextDouble() < 0.4).OrderBy(_ => rng.Next()).ToArray()).ToList();
        var data = InteractionData.FromSequences(sequences, n);
        const double lambda = 4;
        var model = (AlsEaseModel)new AlsEaseRecommender(new AlsEaseOptions(new AlsOptions(3, 1f, 2f, Iterations: 8), (float)lambda, dropout, zeroDiagonal)).Fit(data, TrainingContext.Default);

        // R = X − S with S the served ALS scores of each training shopper; per output column j, the ridge regression of
        // R[:, j] on X's columns (all but j itself with the constraint), each input i penalised by Λᵢ, solved plainly.
        var users = data.Matrix.Rows;
        var x = new double[users, n];
        var r = new double[users, n];
        var scores = new float[n];
        for (var u = 0; u < users; u++)
        {
            model.Als.Score(UserQuery.FromTraining(data, u), scores);
            foreach (var i in data.Matrix.RowColumns(u))
            {
                x[u, i] = 1;
            }

            for (var i = 0; i < n; i++)
            {
                r[u, i] = x[u, i] - scores[i];
            }
        }

        var penalty = new double[n];
        for (var i = 0; i < n; i++)
        {
            var count = Enumerable.Range(0, users).Sum(u => x[u, i]);
            penalty[i] = lambda + (dropout / (1.0 - dropout) * count);
        }

        for (var j = 0; j < n; j++)
        {
            var inputs = Enumerable.Range(0, n).Where(i => !zeroDiagonal || i != j).ToArray();
            var system = new double[inputs.Length, inputs.Length + 1];
            for (var a = 0; a < inputs.Length; a++)
            {
                for (var b = 0; b < inputs.Length; b++)
                {
                    system[a, b] = Enumerable.Range(0, users).Sum(u => x[u, inputs[a]] * x[u, inputs[b]]) + (a == b ? penalty[inputs[a]] : 0);
                }

                system[a, inputs.Length] = Enumerable.Range(0, users).Sum(u => x[u, inputs[a]] * r[u, j]);
            }

            var solution = Solve(system);
            for (var a = 0; a < inputs.Length; a++)
            {
                Assert.Equal(solution[a], model.Residual(inputs[a], j), 1e-4);
            }

            if (zeroDiagonal)
            {
                Assert.Equal(0f, model.Residual(j, j));
            }
        }
    }

    [Fact]
    public void A_score_is_als_plus_the_weighted_residual_rows_of_the_history()
    {
        var data = Checkerboard(16);
        var model = (AlsEaseModel)new AlsEaseRecommender(new AlsEaseOptions(new AlsOptions(4, 1f, 2f, Iterations: 6), 3f, Weight: 1.5f)).Fit(data, TrainingContext.Default);
        var query = UserQuery.FromTraining(data, 3);
        var als = new float[16];
        var scores = new float[16];
        model.Als.Score(query, als);
        model.Score(query, scores);
        for (var j = 0; j < 16; j++)
        {
            var expected = als[j] + (1.5f * query.Items.Sum(h => model.Residual(h, j)));
            Assert.Equal(expected, scores[j], 1e-4);
        }

        var twice = new float[16];
        model.WithWeight(2f).Score(query, twice);
        for (var j = 0; j < 16; j++)
        {
            Assert.Equal(als[j] + (2f * query.Items.Sum(h => model.Residual(h, j))), twice[j], 1e-4);
        }

        var similar = new float[16];
        var single = new float[16];
        model.ScoreSimilar(5, similar);
        model.Score(new UserQuery(-1, [5], [1f], [5]), single);
        Assert.Equal(single, similar);
        for (var j = 0; j < 16; j++)
        {
            Assert.Equal(similar[j], model.Similarity(5, j), 1e-5);
        }
    }

    [Fact]
    public void Scoring_allocates_nothing() =>
        AssertScoringAllocatesNothing(CreateRecommender(), UserQuery.FromTraining(Checkerboard(), 5), UserQuery.Anonymous);

    [Theory]
    [InlineData(3, 5f, 1f, "Bag = 1, not 3")]
    [InlineData(1, -1f, 1f, "Lambda ≥ 0 (not -1)")]
    [InlineData(1, 5f, float.NaN, "finite Weight (not NaN)")]
    public void Options_it_cannot_fit_are_refused_naming_the_setting(int bag, float lambda, float weight, string fragment)
    {
        var error = Assert.Throws<ArgumentException>(() => new AlsEaseRecommender(new AlsEaseOptions(new AlsOptions(4, Bag: bag), lambda, Weight: weight)));
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.Equal("options", error.ParamName);
    }

    // Gauss-Jordan elimination with partial pivoting on an augmented [A | b].
    private static double[] Solve(double[,] system)
    {
        var n = system.GetLength(0);
        for (var c = 0; c < n; c++)
        {
            var pivot = Enumerable.Range(c, n - c).MaxBy(row => Math.Abs(system[row, c]));
            for (var k = 0; k <= n; k++)
            {
                (system[c, k], system[pivot, k]) = (system[pivot, k], system[c, k]);
            }

            for (var row = 0; row < n; row++)
            {
                if (row == c)
                {
                    continue;
                }

                var f = system[row, c] / system[c, c];
                for (var k = 0; k <= n; k++)
                {
                    system[row, k] -= f * system[c, k];
                }
            }
        }

        return [.. Enumerable.Range(0, n).Select(i => system[i, n] / system[i, i])];
    }
}
