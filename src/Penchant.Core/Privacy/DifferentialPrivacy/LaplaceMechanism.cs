namespace Penchant.Core.Privacy.DifferentialPrivacy;

/// <summary>
/// The Laplace mechanism: adds Laplace(0, b) noise with b = Δ₁/ε, which makes a query of L1 sensitivity Δ₁
/// ε-differentially private (Dwork, McSherry, Nissim and Smith, "Calibrating noise to sensitivity in private data
/// analysis", TCC 2006). The noise variance is 2b².
/// </summary>
/// <remarks>
/// Textbook implementations are broken by floating point: Mironov ("On significance of the least significant bits for
/// differential privacy", CCS 2012) shows that the set of doubles reachable by x + noise depends on x, so outputs can
/// reveal x exactly. This class follows his snapping mechanism: the uniform draw covers every double in (0, 1)
/// (<see cref="NoiseSampling.Uniform"/>), the input and output are clamped to ±<see cref="Bound"/>, and the output is
/// rounded to a multiple of Λ, the smallest power of two ≥ b (<see cref="NoiseSampling.Snap"/>). Mironov proves the
/// result (ε + 2⁻⁴⁹·B·ε/Δ₁)-DP when the logarithm is correctly rounded; <see cref="Math.Log(double)"/> is accurate to
/// about one ulp, not guaranteed correctly rounded, which is the residual gap. Snapping costs accuracy of at most Λ/2 ≤ b.
/// </remarks>
public sealed class LaplaceMechanism : INoiseMechanism
{
    /// <summary>The default clamp bound B = 2⁴⁰, far above any count yet small enough that 2⁻⁴⁹·B is negligible.</summary>
    public const double DefaultBound = 1L << 40;

    public LaplaceMechanism(double sensitivity, double epsilon, double bound = DefaultBound)
    {
        if (!(sensitivity > 0) || double.IsInfinity(sensitivity))
        {
            throw new ArgumentOutOfRangeException(nameof(sensitivity), sensitivity, "The sensitivity must be positive and finite.");
        }

        if (!(epsilon > 0) || double.IsInfinity(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be positive and finite.");
        }

        if (!(bound > 0) || double.IsInfinity(bound))
        {
            throw new ArgumentOutOfRangeException(nameof(bound), bound, "The bound must be positive and finite.");
        }

        Sensitivity = sensitivity;
        Epsilon = epsilon;
        Bound = bound;
        Scale = sensitivity / epsilon;
    }

    /// <summary>Δ₁: how much one person can change the true value.</summary>
    public double Sensitivity { get; }

    public double Epsilon { get; }

    /// <summary>B: inputs and outputs are clamped to [−B, B].</summary>
    public double Bound { get; }

    /// <summary>b = Δ₁/ε.</summary>
    public double Scale { get; }

    /// <summary>2b².</summary>
    public double Variance => 2 * Scale * Scale;

    public PrivacyCost Cost => new(Epsilon);

    public double SampleNoise(INoiseSource source) => NoiseSampling.Laplace(source, Scale);

    public double Release(double value, INoiseSource source) =>
        NoiseSampling.Snap(Math.Clamp(value, -Bound, Bound) + SampleNoise(source), Scale, Bound);
}
