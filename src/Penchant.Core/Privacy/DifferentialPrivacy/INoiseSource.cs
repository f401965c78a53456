using System.Numerics;
using System.Security.Cryptography;

namespace Penchant.Core.Privacy.DifferentialPrivacy;

/// <summary>
/// Random bits for noise. Production uses <see cref="SecureNoiseSource"/>; tests use <see cref="SeededNoiseSource"/>
/// so statistical checks are reproducible. Samplers build on raw bits (see <see cref="NoiseSampling"/>) rather than on
/// <see cref="Random.NextDouble"/>, whose 53-bit grid is part of what makes naive floating-point noise attackable.
/// </summary>
public interface INoiseSource
{
    /// <summary>64 uniformly random bits.</summary>
    ulong NextUInt64();
}

/// <summary>Noise from the operating system's cryptographically secure generator; thread-safe.</summary>
public sealed class SecureNoiseSource : INoiseSource
{
    public static SecureNoiseSource Instance { get; } = new();

    public ulong NextUInt64()
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt64(bytes);
    }
}

/// <summary>
/// Reproducible noise for tests and simulations; never for real releases (the seed reveals the noise). xoshiro256**
/// (Blackman and Vigna 2018) seeded through SplitMix64, so a seed gives the same stream on every .NET version,
/// which <see cref="Random(int)"/> does not promise. Thread-safe.
/// </summary>
public sealed class SeededNoiseSource : INoiseSource
{
    private readonly Lock _gate = new();
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public SeededNoiseSource(long seed)
    {
        var x = (ulong)seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    public ulong NextUInt64()
    {
        lock (_gate)
        {
            var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
            var t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = BitOperations.RotateLeft(_s3, 45);
            return result;
        }
    }

    private static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
