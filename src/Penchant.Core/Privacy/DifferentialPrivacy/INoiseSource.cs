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

/// <summary>Reproducible noise for tests and simulations; never for real releases (the seed reveals the noise). Thread-safe.</summary>
public sealed class SeededNoiseSource(int seed) : INoiseSource
{
    private readonly Random _random = new(seed);
    private readonly Lock _gate = new();

    public ulong NextUInt64()
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        lock (_gate)
        {
            _random.NextBytes(bytes);
        }

        return BitConverter.ToUInt64(bytes);
    }
}
