namespace Penchant.Core.Privacy.DifferentialPrivacy;

/// <summary>Options of <see cref="PrivateAggregates"/>.</summary>
/// <param name="MinimumGroupSize">k: an aggregate (or histogram key) with fewer distinct contributing users is not released.</param>
/// <param name="MaxKeysPerUser">L: each user counts towards at most this many keys of a histogram (once per key).</param>
/// <param name="GaussianCalibration">How σ is calibrated when a release asks for δ &gt; 0.</param>
public sealed record PrivateAggregatesOptions(
    int MinimumGroupSize = 10,
    int MaxKeysPerUser = 10,
    GaussianCalibration GaussianCalibration = GaussianCalibration.Analytic)
{
    public static PrivateAggregatesOptions Default { get; } = new();

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumGroupSize, 1, nameof(MinimumGroupSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxKeysPerUser, 1, nameof(MaxKeysPerUser));
    }
}
