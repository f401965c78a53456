namespace Penchant.Core.Text;

/// <summary>
/// A stable, seeded 64-bit hash of strings for feature hashing. Unlike <see cref="string.GetHashCode()"/>
/// it is the same in every process, so hashed models and embeddings can be saved and compared.
/// </summary>
/// <remarks>FNV-1a over the UTF-16 code units, finished with the SplitMix64 mixer.</remarks>
public static class FeatureHash
{
    /// <summary>The hash of <paramref name="text"/> under <paramref name="seed"/>.</summary>
    public static ulong Hash(ReadOnlySpan<char> text, ulong seed = 0)
    {
        var h = 14695981039346656037UL ^ Mix(seed);
        foreach (var c in text)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return Mix(h);
    }

    /// <summary>Combines two hashes in an order-sensitive way (for n-grams of hashed tokens).</summary>
    public static ulong Combine(ulong a, ulong b) => Mix((a * 0x9E3779B97F4A7C15UL) ^ b);

    /// <summary>The SplitMix64 finaliser.</summary>
    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
