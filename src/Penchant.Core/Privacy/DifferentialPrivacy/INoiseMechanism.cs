namespace Penchant.Core.Privacy.DifferentialPrivacy;

/// <summary>An additive-noise mechanism calibrated to a sensitivity and a privacy cost.</summary>
public interface INoiseMechanism
{
    /// <summary>What one release costs.</summary>
    PrivacyCost Cost { get; }

    /// <summary>The noise scale: b for Laplace, σ for Gaussian.</summary>
    double Scale { get; }

    /// <summary>Raw noise, without snapping; for analysis and tests. Release values with <see cref="Release"/>.</summary>
    double SampleNoise(INoiseSource source);

    /// <summary>The value plus noise, snapped to a power-of-two grid and clamped (Mironov 2012).</summary>
    double Release(double value, INoiseSource source);
}
