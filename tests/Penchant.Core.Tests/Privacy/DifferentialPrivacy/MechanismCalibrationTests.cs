using Penchant.Core.Privacy.DifferentialPrivacy;

namespace Penchant.Core.Tests.Privacy.DifferentialPrivacy;

public sealed class MechanismCalibrationTests
{
    [Fact]
    public void Laplace_noise_has_scale_sensitivity_over_epsilon_and_variance_two_b_squared()
    {
        var mechanism = new LaplaceMechanism(sensitivity: 3, epsilon: 1.5);
        Assert.Equal(2.0, mechanism.Scale, 12);
        Assert.Equal(8.0, mechanism.Variance, 12);
        Assert.Equal(new PrivacyCost(1.5), mechanism.Cost);

        var source = new SeededNoiseSource(21);
        const int n = 200_000;
        double sum = 0, sumAbs = 0, sumSquares = 0;
        for (var i = 0; i < n; i++)
        {
            var x = mechanism.SampleNoise(source);
            sum += x;
            sumAbs += Math.Abs(x);
            sumSquares += x * x;
        }

        // Standard errors: mean √(8/n) ≈ 0.006; E|X| = b, sd b/√n ≈ 0.0045; E X² = 2b², sd √20·b²/√n ≈ 0.04.
        Assert.InRange(sum / n, -0.04, 0.04);
        Assert.InRange(sumAbs / n, 2.0 - 0.03, 2.0 + 0.03);
        Assert.InRange(sumSquares / n, 8.0 - 0.25, 8.0 + 0.25);
    }

    [Fact]
    public void Gaussian_noise_has_variance_sigma_squared()
    {
        var mechanism = new GaussianMechanism(1, 0.5, 1e-6);
        var source = new SeededNoiseSource(22);
        const int n = 200_000;
        double sum = 0, sumSquares = 0;
        for (var i = 0; i < n; i++)
        {
            var x = mechanism.SampleNoise(source);
            sum += x;
            sumSquares += x * x;
        }

        var variance = mechanism.Sigma * mechanism.Sigma;
        Assert.InRange(sum / n, -0.1, 0.1);
        Assert.InRange(sumSquares / n / variance, 0.98, 1.02);
    }

    [Theory]
    [InlineData(1.0, 0.5, 1e-5)]
    [InlineData(2.0, 0.1, 1e-6)]
    [InlineData(1.0, 0.99, 0.01)]
    public void Classic_sigma_follows_the_textbook_formula(double sensitivity, double epsilon, double delta)
    {
        var expected = sensitivity * Math.Sqrt(2 * Math.Log(1.25 / delta)) / epsilon;
        Assert.Equal(expected, GaussianMechanism.ClassicSigma(sensitivity, epsilon, delta), 12);
        Assert.Equal(expected, new GaussianMechanism(sensitivity, epsilon, delta, GaussianCalibration.Classic).Sigma, 12);
    }

    [Fact]
    public void Classic_calibration_refuses_epsilon_of_one_or_more() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussianMechanism.ClassicSigma(1, 1.0, 1e-5));

    [Theory]
    // References computed independently by bisection over the same condition with Python's math.erfc.
    [InlineData(1.0, 1.0, 1e-5, 3.730631634815938)]
    [InlineData(1.0, 0.5, 1e-6, 8.057618480725015)]
    [InlineData(1.0, 3.0, 1e-5, 1.390593456674537)]
    [InlineData(2.0, 0.9, 0.05, 2.847595719515785)]
    [InlineData(1.0, 0.1, 1e-10, 54.20629583690057)]
    public void Analytic_sigma_matches_reference_values(double sensitivity, double epsilon, double delta, double expected)
    {
        var sigma = GaussianMechanism.AnalyticSigma(sensitivity, epsilon, delta);
        Assert.Equal(expected, sigma, expected * 1e-8);
        Assert.True(GaussianMechanism.DeltaFor(sigma, sensitivity, epsilon) <= delta);
        Assert.True(GaussianMechanism.DeltaFor(sigma * 0.999, sensitivity, epsilon) > delta);
        if (epsilon < 1)
        {
            Assert.True(sigma < GaussianMechanism.ClassicSigma(sensitivity, epsilon, delta));
        }
    }

    [Theory]
    [InlineData(0.5, 0.4795001221869535)]
    [InlineData(1.0, 0.15729920705028513)]
    [InlineData(1.5, 0.033894853524689274)]
    [InlineData(2.0, 0.004677734981047265)]
    [InlineData(2.5, 0.0004069520174449589)]
    [InlineData(3.0, 2.2090496998585438e-05)]
    [InlineData(4.0, 1.541725790028002e-08)]
    [InlineData(6.0, 2.1519736712498916e-17)]
    [InlineData(10.0, 2.088487583762545e-45)]
    [InlineData(-1.0, 1.8427007929497148)]
    public void Erfc_is_accurate_in_relative_terms(double x, double expected) =>
        Assert.Equal(expected, SpecialFunctions.Erfc(x), Math.Abs(expected) * 1e-12);

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(-1.0, 1.0)]
    [InlineData(1.0, double.NaN)]
    [InlineData(1.0, double.PositiveInfinity)]
    public void Laplace_rejects_invalid_parameters(double sensitivity, double epsilon) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LaplaceMechanism(sensitivity, epsilon));

    [Theory]
    [InlineData(1.0, 0.5, 0.0)]
    [InlineData(1.0, 0.0, 1e-5)]
    [InlineData(1.0, 0.5, 1.0)]
    public void Gaussian_rejects_invalid_parameters(double sensitivity, double epsilon, double delta) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianMechanism(sensitivity, epsilon, delta));
}
