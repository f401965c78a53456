namespace Penchant.Core.Recommenders.SasRec;

/// <summary>
/// A tiny counter-based generator (SplitMix64). Training derives one from (seed, epoch, batch, slot), so dropout
/// masks and samples do not depend on thread scheduling and a resumed run draws the same numbers.
/// </summary>
internal struct SplitMix64(ulong state)
{
    private ulong _state = state;

    /// <summary>Mixes several values into one seed.</summary>
    public static ulong Seed(long a, long b = 0, long c = 0, long d = 0)
    {
        var s = new SplitMix64((ulong)a);
        var x = s.Next() ^ (ulong)b;
        s = new SplitMix64(x);
        x = s.Next() ^ (ulong)c;
        s = new SplitMix64(x);
        x = s.Next() ^ (ulong)d;
        return new SplitMix64(x).Next();
    }

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public float NextFloat() => (Next() >> 40) * (1f / (1 << 24));

    /// <summary>Uniform integer in [0, bound).</summary>
    public int NextInt(int bound) => (int)((Next() >> 33) % (ulong)bound);

    /// <summary>Standard normal (Box–Muller).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - ((Next() >> 11) * (1.0 / (1UL << 53)));
        var u2 = (Next() >> 11) * (1.0 / (1UL << 53));
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
