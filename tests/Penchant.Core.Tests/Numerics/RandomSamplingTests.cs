using Penchant.Core.Numerics;

namespace Penchant.Core.Tests.Numerics;

public sealed class RandomSamplingTests
{
    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(3.0, 1.0)]
    [InlineData(0.5, 1.0)]
    [InlineData(1.0, 4.0)]
    [InlineData(1.0, 0.3)]
    [InlineData(2.5, 1.5)]
    public void Beta_draws_have_the_distributions_mean_and_variance(double alpha, double beta)
    {
        var rng = new Random(7);
        const int n = 200_000;
        var draws = new double[n];
        for (var i = 0; i < n; i++)
        {
            draws[i] = RandomSampling.Beta(rng, alpha, beta);
            Assert.InRange(draws[i], 0.0, 1.0);
        }

        var mean = draws.Average();
        var variance = draws.Sum(d => (d - mean) * (d - mean)) / (n - 1);
        var expectedMean = alpha / (alpha + beta);
        var expectedVariance = alpha * beta / ((alpha + beta) * (alpha + beta) * (alpha + beta + 1));
        // Five standard errors of the mean; the variance within 3 %.
        Assert.InRange(mean, expectedMean - (5 * Math.Sqrt(expectedVariance / n)), expectedMean + (5 * Math.Sqrt(expectedVariance / n)));
        Assert.InRange(variance, expectedVariance * 0.97, expectedVariance * 1.03);
    }

    [Fact]
    public void Beta_by_inversion_matches_the_gamma_route_in_distribution()
    {
        // Beta(3, 1) by inversion against X / (X + Y) from two Gamma draws: the same quantiles.
        var rng = new Random(11);
        const int n = 100_000;
        var inverted = Enumerable.Range(0, n).Select(_ => RandomSampling.Beta(rng, 3, 1)).Order().ToArray();
        var viaGamma = Enumerable.Range(0, n).Select(_ =>
        {
            var x = RandomSampling.Gamma(rng, 3);
            var y = RandomSampling.Gamma(rng, 1);
            return x / (x + y);
        }).Order().ToArray();
        foreach (var q in new[] { 0.05, 0.25, 0.5, 0.75, 0.95 })
        {
            var i = (int)(q * (n - 1));
            Assert.InRange(inverted[i] - viaGamma[i], -0.01, 0.01);
        }
    }
}
