using Penchant.Core.Privacy.DifferentialPrivacy;

namespace Penchant.Core.Tests.Privacy.DifferentialPrivacy;

/// <summary>
/// Acceptance tests: the mechanisms' output distributions on neighbouring inputs (counts 100 and 101) are as
/// close as their ε promises, measured on seeded samples; and a deliberately under-noised mechanism fails the
/// same check, so the check has teeth.
/// </summary>
/// <remarks>
/// Outputs are snapped to a power-of-two grid, so each grid value is one histogram bin. With 400 000 samples per
/// side and bins of at least 5 000 samples on both, the standard error of one bin's log ratio is below
/// √(2/5000) = 0.02; the tolerance of 0.1 is five standard errors, so a false failure on any seed is negligible.
/// </remarks>
public sealed class MechanismPrivacyLossTests
{
    private const int Samples = 400_000;
    private const int MinimumBinCount = 5_000;
    private const double Tolerance = 0.1;

    [Fact]
    public void Laplace_privacy_loss_matches_epsilon()
    {
        var mechanism = new LaplaceMechanism(sensitivity: 1, epsilon: 1.0);
        var loss = MaxPrivacyLoss(mechanism, seed: 11);
        Assert.InRange(loss, 1.0 - Tolerance, 1.0 + Tolerance);
    }

    [Fact]
    public void Laplace_with_half_the_noise_fails_the_same_check()
    {
        var tooLittleNoise = new LaplaceMechanism(sensitivity: 0.5, epsilon: 1.0);
        var loss = MaxPrivacyLoss(tooLittleNoise, seed: 11);
        Assert.True(loss > 1.0 + Tolerance, $"an under-noised mechanism must exceed ε; measured {loss:F3}");
    }

    [Fact]
    public void Laplace_with_smaller_epsilon_has_proportionally_smaller_loss()
    {
        var loss = MaxPrivacyLoss(new LaplaceMechanism(sensitivity: 1, epsilon: 0.5), seed: 12);
        Assert.InRange(loss, 0.5 - Tolerance, 0.5 + Tolerance);
    }

    [Theory]
    [InlineData(GaussianCalibration.Analytic)]
    [InlineData(GaussianCalibration.Classic)]
    public void Gaussian_privacy_loss_stays_within_epsilon_where_the_mass_is(GaussianCalibration calibration)
    {
        // With δ = 1e-5 the loss exceeds ε only where less than 1e-4 of the mass lies, far below the bin threshold.
        var mechanism = new GaussianMechanism(sensitivity: 1, epsilon: 0.9, delta: 1e-5, calibration);
        var loss = MaxPrivacyLoss(mechanism, seed: 13);
        Assert.True(loss <= 0.9 + Tolerance, $"measured {loss:F3}");
        Assert.True(loss > 0.2, $"the measurement should see a real loss; measured {loss:F3}");
    }

    [Fact]
    public void Gaussian_with_a_third_of_the_noise_fails_the_same_check()
    {
        var sigma = GaussianMechanism.AnalyticSigma(1, 0.9, 1e-5);
        var tooLittleNoise = new GaussianMechanism(sensitivity: 1.0 / 3, epsilon: 0.9, delta: 1e-5);
        Assert.Equal(sigma / 3, tooLittleNoise.Sigma, 1e-9);
        var loss = MaxPrivacyLoss(tooLittleNoise, seed: 13);
        Assert.True(loss > 0.9 + Tolerance, $"an under-noised mechanism must exceed ε; measured {loss:F3}");
    }

    [Fact]
    public void Analytic_gaussian_meets_its_delta_on_the_hockey_stick_divergence()
    {
        // δ(ε) = Σ_bins max(0, P₁(bin) − e^ε P₂(bin)) is the (ε, δ) definition itself; binning can only lower it.
        const double epsilon = 0.5;
        const double delta = 0.01;
        var honest = new GaussianMechanism(1, epsilon, delta);
        var measured = HockeyStickDelta(honest, epsilon, seed: 14);
        Assert.True(measured <= delta + 0.003, $"measured δ {measured:F4}");

        var tooLittleNoise = new GaussianMechanism(0.5, epsilon, delta);
        var broken = HockeyStickDelta(tooLittleNoise, epsilon, seed: 14);
        Assert.True(broken > delta + 0.003, $"an under-noised mechanism must exceed δ; measured {broken:F4}");
    }

    /// <summary>max over well-populated bins of |ln(P₁(bin)/P₂(bin))| for inputs 100 and 101, both ways.</summary>
    internal static double MaxPrivacyLoss(INoiseMechanism mechanism, int seed)
    {
        var (first, second) = Histograms(mechanism, seed);
        var loss = 0.0;
        foreach (var (bin, a) in first)
        {
            var b = second.GetValueOrDefault(bin);
            if (a >= MinimumBinCount && b >= MinimumBinCount)
            {
                loss = Math.Max(loss, Math.Abs(Math.Log((double)a / b)));
            }
        }

        return loss;
    }

    internal static double HockeyStickDelta(INoiseMechanism mechanism, double epsilon, int seed)
    {
        var (first, second) = Histograms(mechanism, seed);
        double Divergence(Dictionary<double, int> p, Dictionary<double, int> q) =>
            p.Sum(kv => Math.Max(0, kv.Value - (Math.Exp(epsilon) * q.GetValueOrDefault(kv.Key)))) / Samples;
        return Math.Max(Divergence(first, second), Divergence(second, first));
    }

    private static (Dictionary<double, int> First, Dictionary<double, int> Second) Histograms(INoiseMechanism mechanism, int seed)
    {
        var source = new SeededNoiseSource(seed);
        var first = new Dictionary<double, int>();
        var second = new Dictionary<double, int>();
        for (var i = 0; i < Samples; i++)
        {
            var x = mechanism.Release(100, source);
            first[x] = first.GetValueOrDefault(x) + 1;
            var y = mechanism.Release(101, source);
            second[y] = second.GetValueOrDefault(y) + 1;
        }

        return (first, second);
    }
}
