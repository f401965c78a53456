using System.Collections.Concurrent;
using Penchant.Core.Data;

namespace Penchant.Core.Evaluation;

/// <summary>
/// Cosine similarity of binary item interaction vectors: |U_a ∩ U_b| / sqrt(|U_a| |U_b|), U_i being the
/// training users of item i; 0 when either item has no users.
/// </summary>
/// <remarks>
/// Thread-safe. Pairs of popular items, whose intersections are the costly ones and which recur in many
/// users' lists, are computed once and cached.
/// </remarks>
public sealed class InteractionCosineSimilarity : IItemSimilarity
{
    private const int CacheAbove = 256;

    private readonly InteractionMatrix _itemUsers;
    private readonly ConcurrentDictionary<long, double> _cache = new();

    public InteractionCosineSimilarity(InteractionMatrix userItems)
    {
        ArgumentNullException.ThrowIfNull(userItems);
        _itemUsers = userItems.Transpose();
    }

    public double Similarity(int a, int b)
    {
        var x = _itemUsers.RowColumns(a);
        var y = _itemUsers.RowColumns(b);
        if (x.IsEmpty || y.IsEmpty)
        {
            return 0;
        }

        if (x.Length + y.Length <= CacheAbove)
        {
            return Cosine(x, y);
        }

        var key = ((long)Math.Min(a, b) << 32) | (uint)Math.Max(a, b);
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var value = Cosine(x, y);
        _cache.TryAdd(key, value);
        return value;
    }

    private static double Cosine(ReadOnlySpan<int> x, ReadOnlySpan<int> y) =>
        SortedIntersection.Count(x, y) / Math.Sqrt((double)x.Length * y.Length);
}
