using System.Collections.Concurrent;

namespace Penchant.Core.Privacy;

/// <summary>
/// Remembers the pseudonyms of recently seen user ids, so that a shopper's events cost one HMAC between them rather
/// than one each: a batch of 10,000 events typically names a few hundred shoppers. Thread-safe and bounded.
/// </summary>
/// <remarks>
/// The pseudonym of an id never changes for a key, so a cached answer is always the answer the
/// <see cref="Pseudonymizer"/> would give. Every caller gets the same string instance for an id, which also makes the
/// store's own id-to-key lookups compare by reference. Once <see cref="Capacity"/> ids are held the cache starts over
/// empty (cheaper than tracking recency, and a shop's active shoppers refill it within a few batches). The raw ids are
/// held in process memory only, as they are while a request is handled; nothing here is written anywhere.
/// A capacity of 0 turns caching off.
/// </remarks>
public sealed class PseudonymCache
{
    /// <summary>The default most ids held (about 20 MB with typical ids).</summary>
    public const int DefaultCapacity = 100_000;

    private readonly Pseudonymizer _pseudonymizer;
    private ConcurrentDictionary<string, string> _map = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>Caches the pseudonyms of <paramref name="pseudonymizer"/>, at most <paramref name="capacity"/> at a time.</summary>
    public PseudonymCache(Pseudonymizer pseudonymizer, int capacity = DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(pseudonymizer);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _pseudonymizer = pseudonymizer;
        Capacity = capacity;
    }

    /// <summary>The most ids held at once.</summary>
    public int Capacity { get; }

    /// <summary>The pseudonym of <paramref name="userId"/>, from the cache when it was seen recently.</summary>
    public string Pseudonymize(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        var map = Volatile.Read(ref _map);
        if (map.TryGetValue(userId, out var known))
        {
            return known;
        }

        var pseudonym = _pseudonymizer.Pseudonymize(userId);
        if (Capacity == 0)
        {
            return pseudonym;
        }

        if (Interlocked.Increment(ref _count) > Capacity)
        {
            // Start over. Racing threads may each replace the map or add to the old one; either way every answer stays right.
            Volatile.Write(ref _map, map = new ConcurrentDictionary<string, string>(StringComparer.Ordinal));
            Volatile.Write(ref _count, 1);
        }

        // Two threads computing the same id's pseudonym keep one instance between them.
        return map.GetOrAdd(userId, pseudonym);
    }
}
