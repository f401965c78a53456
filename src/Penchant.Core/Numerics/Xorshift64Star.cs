namespace Penchant.Core.Numerics;

/// <summary>
/// A small, fast, seedable generator (Vigna's xorshift64*) whose state is one value type, so hot loops keep it in
/// a register and results are identical on every platform and runtime version for a given seed.
/// </summary>
/// <remarks>Vigna, "An experimental exploration of Marsaglia's xorshift generators, scrambled", ACM TOMS 2016.</remarks>
public struct Xorshift64Star
{
    private ulong _state;

    /// <summary>Seeds the generator; every seed (including 0) gives a valid, distinct stream.</summary>
    public Xorshift64Star(ulong seed)
    {
        // SplitMix64 scrambling of the seed so nearby seeds start far apart; never zero.
        var z = seed + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        _state = (z ^ (z >> 31)) | 1UL;
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return _state * 0x2545F4914F6CDD1DUL;
    }

    /// <summary>A uniform integer in [0, <paramref name="bound"/>) (multiply-shift; bias below 2⁻³² for bound &lt; 2³¹).</summary>
    public int NextInt(int bound) => (int)(((NextUInt64() >> 32) * (ulong)(uint)bound) >> 32);

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));
}
