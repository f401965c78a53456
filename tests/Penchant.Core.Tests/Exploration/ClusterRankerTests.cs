using Penchant.Core.Exploration;

namespace Penchant.Core.Tests.Exploration;

public sealed class ClusterRankerTests
{
    private static readonly double[] TrueWeights = [1.5, -0.8, 0.5];

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>Shoppers choosing among 5-29 candidates with probability softmax(w · x), x standard normal.</summary>
    private static List<ClusterRankingGroup> Simulate(double[] weights, int groups, int seed)
    {
        var rng = new Random(seed);
        var d = weights.Length;
        var result = new List<ClusterRankingGroup>(groups);
        for (var g = 0; g < groups; g++)
        {
            var rows = 5 + rng.Next(25);
            var x = new float[rows * d];
            var p = new double[rows];
            for (var r = 0; r < rows; r++)
            {
                double s = 0;
                for (var j = 0; j < d; j++)
                {
                    x[(r * d) + j] = (float)Gaussian(rng);
                    s += weights[j] * x[(r * d) + j];
                }

                p[r] = Math.Exp(s);
            }

            var u = rng.NextDouble() * p.Sum();
            var target = 0;
            for (var acc = p[0]; acc < u && target < rows - 1; acc += p[++target])
            {
            }

            result.Add(new ClusterRankingGroup(x, target));
        }

        return result;
    }

    [Fact]
    public void Recovers_the_weights_that_generated_the_choices()
    {
        var groups = Simulate(TrueWeights, 4000, seed: 3);
        var ranker = ClusterRanker.Fit(groups, 3, new ClusterRankerOptions(L2: 0));
        for (var j = 0; j < TrueWeights.Length; j++)
        {
            Assert.InRange(ranker.Weights[j], TrueWeights[j] - 0.1, TrueWeights[j] + 0.1);
        }

        Assert.InRange(ranker.Iterations, 2, 49);
    }

    [Fact]
    public void The_fit_is_at_least_as_likely_as_the_true_weights_and_beats_uniform_choice()
    {
        var groups = Simulate(TrueWeights, 1500, seed: 5);
        var fitted = ClusterRanker.Fit(groups, 3, new ClusterRankerOptions(L2: 0));
        var truth = ClusterRanker.FromWeights(TrueWeights);
        var uniform = ClusterRanker.FromWeights([0, 0, 0]);
        Assert.True(fitted.MeanLogLikelihood(groups) >= truth.MeanLogLikelihood(groups) - 1e-9);
        Assert.True(truth.MeanLogLikelihood(groups) > uniform.MeanLogLikelihood(groups) + 0.3);
        // Uniform choice among r candidates has log-likelihood −log r.
        Assert.Equal(-groups.Average(g => Math.Log(g.Features.Length / 3)), uniform.MeanLogLikelihood(groups), 9);
    }

    [Fact]
    public void A_ridge_penalty_shrinks_the_weights()
    {
        var groups = Simulate(TrueWeights, 500, seed: 7);
        static double Norm(ClusterRanker r) => Math.Sqrt(r.Weights.Sum(w => w * w));
        var free = ClusterRanker.Fit(groups, 3, new ClusterRankerOptions(L2: 0));
        var ridge = ClusterRanker.Fit(groups, 3, new ClusterRankerOptions(L2: 1));
        Assert.True(Norm(ridge) < 0.8 * Norm(free), $"{Norm(ridge)} vs {Norm(free)}");
    }

    [Fact]
    public void A_subsample_is_seeded_and_uses_fewer_choices()
    {
        var groups = Simulate(TrueWeights, 800, seed: 11);
        var a = ClusterRanker.Fit(groups, 3, new ClusterRankerOptions(MaxGroups: 300, Seed: 1));
        var b = ClusterRanker.Fit(groups, 3, new ClusterRankerOptions(MaxGroups: 300, Seed: 1));
        var c = ClusterRanker.Fit(groups, 3, new ClusterRankerOptions(MaxGroups: 300, Seed: 2));
        var all = ClusterRanker.Fit(groups, 3);
        Assert.Equal(a.Weights, b.Weights);
        Assert.NotEqual(a.Weights, c.Weights);
        Assert.NotEqual(a.Weights, all.Weights);
    }

    [Fact]
    public void Scores_and_their_ranking_match_a_plain_dot_product()
    {
        var rng = new Random(13);
        double[] weights = [0.3, -1.2, 2.0, 0.0, 0.7];
        var ranker = ClusterRanker.FromWeights(weights);
        const int rows = 40;
        var features = Enumerable.Range(0, rows * weights.Length).Select(_ => (float)Gaussian(rng)).ToArray();
        var scores = new float[rows];
        ranker.Score(features, scores);
        var reference = Enumerable.Range(0, rows).Select(r => weights.Select((w, j) => w * features[(r * weights.Length) + j]).Sum()).ToArray();
        for (var r = 0; r < rows; r++)
        {
            Assert.Equal(reference[r], scores[r], 4);
        }

        Assert.Equal(
            Enumerable.Range(0, rows).OrderByDescending(r => reference[r]),
            Enumerable.Range(0, rows).OrderByDescending(r => scores[r]));
    }

    [Fact]
    public void Rejects_a_target_outside_its_rows_and_ragged_features()
    {
        Assert.Throws<ArgumentException>(() => ClusterRanker.Fit([new ClusterRankingGroup(new float[6], 3)], 2));
        Assert.Throws<ArgumentException>(() => ClusterRanker.Fit([new ClusterRankingGroup(new float[5], 0)], 2));
        Assert.Throws<ArgumentException>(() => ClusterRanker.FromWeights([1.0]).Score(new float[3], new float[2]));
    }
}
