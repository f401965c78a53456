using System.Numerics;

namespace Penchant.Core.Privacy.DifferentialPrivacy;

/// <summary>Samplers for DP noise over an <see cref="INoiseSource"/>, and Mironov's output snapping.</summary>
public static class NoiseSampling
{
    /// <summary>
    /// A uniform double in (0, 1) in which every representable value is reachable with probability proportional
    /// to the gap it stands for: the binade [2^-(k+1), 2^-k) is chosen with probability 2^-(k+1) from the leading zero
    /// bits, then the 52 mantissa bits are uniform. This is the U* that Mironov (2012) requires of the Laplace
    /// sampler; <see cref="Random.NextDouble"/> only reaches multiples of 2^-53.
    /// </summary>
    public static double Uniform(INoiseSource source) => UniformWithSpareBit(source, out _);

    /// <summary>A Laplace(0, <paramref name="scale"/>) sample: a random sign times <paramref name="scale"/>·(−ln U*).</summary>
    public static double Laplace(INoiseSource source, double scale)
    {
        var u = UniformWithSpareBit(source, out var spareBit);
        var magnitude = -Math.Log(u) * scale;
        return spareBit ? magnitude : -magnitude;
    }

    /// <summary>A standard normal sample by the Box–Muller transform.</summary>
    public static double StandardNormal(INoiseSource source)
    {
        var radius = Math.Sqrt(-2.0 * Math.Log(Uniform(source)));
        var angle = 2.0 * Math.PI * ((source.NextUInt64() >> 11) * (1.0 / (1UL << 53)));
        return radius * Math.Cos(angle);
    }

    /// <summary>
    /// The snapping step of Mironov (2012): clamps to [−bound, bound], rounds to the nearest multiple of Λ, the
    /// smallest power of two at least <paramref name="scale"/>, and clamps again. Rounding to a power-of-two grid is
    /// exact in binary floating point and erases the low-order bits that otherwise reveal which true value produced
    /// an output.
    /// </summary>
    public static double Snap(double value, double scale, double bound)
    {
        var grid = GridFor(scale);
        var clamped = Math.Clamp(value, -bound, bound);
        return Math.Clamp(Math.Round(clamped / grid, MidpointRounding.ToEven) * grid, -bound, bound);
    }

    /// <summary>Λ: the smallest power of two not below <paramref name="scale"/>.</summary>
    public static double GridFor(double scale)
    {
        if (!(scale > 0) || double.IsInfinity(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The noise scale must be positive and finite.");
        }

        var exponent = Math.ILogB(scale);
        var grid = Math.ScaleB(1.0, exponent);
        return grid < scale ? grid * 2 : grid;
    }

    private static double UniformWithSpareBit(INoiseSource source, out bool spareBit)
    {
        var zeros = 0;
        ulong bits;
        while ((bits = source.NextUInt64()) == 0 && zeros < 1024)
        {
            zeros += 64;
        }

        zeros = Math.Min(zeros + BitOperations.LeadingZeroCount(bits), 1021);
        var word = source.NextUInt64();
        spareBit = (word & 1) != 0;
        var mantissa = word >> 12;
        var exponentField = (ulong)(1022 - zeros);
        return BitConverter.UInt64BitsToDouble((exponentField << 52) | mantissa);
    }
}
