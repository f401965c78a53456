namespace Penchant.Core.Privacy.DifferentialPrivacy;

/// <summary>
/// The Gaussian mechanism: adds N(0, σ²) noise calibrated to the L2 sensitivity Δ₂ for (ε, δ)-differential privacy.
/// σ comes from the analytic calibration of Balle and Wang (2018) by default, or the classic formula
/// (see <see cref="GaussianCalibration"/>). Gaussian noise suits histograms where each person touches many bins:
/// Δ₂ = √L grows more slowly than Δ₁ = L.
/// </summary>
/// <remarks>
/// Outputs are clamped and snapped to a multiple of Λ, the smallest power of two ≥ σ, as for
/// <see cref="LaplaceMechanism"/>: Mironov's (2012) floating-point attack applies to any additive noise, and the
/// snapping removes the low-order bits it exploits. Mironov's formal analysis covers the Laplace case; for Gaussian
/// noise the snapping is the same hardening without a separately proved bound.
/// </remarks>
public sealed class GaussianMechanism : INoiseMechanism
{
    public GaussianMechanism(
        double sensitivity,
        double epsilon,
        double delta,
        GaussianCalibration calibration = GaussianCalibration.Analytic,
        double bound = LaplaceMechanism.DefaultBound)
    {
        if (!(bound > 0) || double.IsInfinity(bound))
        {
            throw new ArgumentOutOfRangeException(nameof(bound), bound, "The bound must be positive and finite.");
        }

        Sigma = calibration switch
        {
            GaussianCalibration.Classic => ClassicSigma(sensitivity, epsilon, delta),
            GaussianCalibration.Analytic => AnalyticSigma(sensitivity, epsilon, delta),
            _ => throw new ArgumentOutOfRangeException(nameof(calibration), calibration, null),
        };
        Sensitivity = sensitivity;
        Epsilon = epsilon;
        Delta = delta;
        Calibration = calibration;
        Bound = bound;
    }

    /// <summary>Δ₂: the L2 norm of the largest change one person can make.</summary>
    public double Sensitivity { get; }

    public double Epsilon { get; }

    public double Delta { get; }

    public GaussianCalibration Calibration { get; }

    public double Bound { get; }

    public double Sigma { get; }

    public double Scale => Sigma;

    public PrivacyCost Cost => new(Epsilon, Delta);

    public double SampleNoise(INoiseSource source) => Sigma * NoiseSampling.StandardNormal(source);

    public double Release(double value, INoiseSource source) =>
        NoiseSampling.Snap(Math.Clamp(value, -Bound, Bound) + SampleNoise(source), Sigma, Bound);

    /// <summary>σ = Δ₂·√(2 ln(1.25/δ))/ε; requires 0 &lt; ε &lt; 1 and 0 &lt; δ &lt; 1.</summary>
    public static double ClassicSigma(double sensitivity, double epsilon, double delta)
    {
        Validate(sensitivity, epsilon, delta);
        if (epsilon >= 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(epsilon), epsilon, "The classic Gaussian calibration holds only for ε < 1; use the analytic calibration.");
        }

        return sensitivity * Math.Sqrt(2 * Math.Log(1.25 / delta)) / epsilon;
    }

    /// <summary>The smallest σ for which the Gaussian mechanism is (ε, δ)-DP (Balle and Wang 2018, Theorem 8).</summary>
    public static double AnalyticSigma(double sensitivity, double epsilon, double delta)
    {
        Validate(sensitivity, epsilon, delta);
        var high = sensitivity;
        while (DeltaFor(high, sensitivity, epsilon) > delta)
        {
            high *= 2;
        }

        var low = high / 2;
        while (DeltaFor(low, sensitivity, epsilon) <= delta)
        {
            high = low;
            low /= 2;
        }

        for (var i = 0; i < 200 && high - low > high * 1e-14; i++)
        {
            var mid = 0.5 * (low + high);
            if (DeltaFor(mid, sensitivity, epsilon) <= delta)
            {
                high = mid;
            }
            else
            {
                low = mid;
            }
        }

        return high;
    }

    /// <summary>
    /// The exact δ at which Gaussian noise of scale σ makes a Δ₂-sensitive query ε-DP:
    /// Φ(Δ/2σ − εσ/Δ) − e^ε·Φ(−Δ/2σ − εσ/Δ).
    /// </summary>
    public static double DeltaFor(double sigma, double sensitivity, double epsilon)
    {
        var a = sensitivity / (2 * sigma);
        var b = epsilon * sigma / sensitivity;
        return Math.Max(0, SpecialFunctions.NormalCdf(a - b) - (Math.Exp(epsilon) * SpecialFunctions.NormalCdf(-a - b)));
    }

    private static void Validate(double sensitivity, double epsilon, double delta)
    {
        if (!(sensitivity > 0) || double.IsInfinity(sensitivity))
        {
            throw new ArgumentOutOfRangeException(nameof(sensitivity), sensitivity, "The sensitivity must be positive and finite.");
        }

        if (!(epsilon > 0) || epsilon > 500)
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be in (0, 500].");
        }

        if (!(delta > 0 && delta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "The Gaussian mechanism needs 0 < δ < 1.");
        }
    }
}
