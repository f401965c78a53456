using Penchant.Core.Data;

namespace Penchant.Core.Evaluation;

/// <summary>A similarity in [0, 1] between two items, used by intra-list diversity.</summary>
public interface IItemSimilarity
{
    double Similarity(int a, int b);
}

/// <summary>Jaccard similarity of item feature sets (categories, attributes): |A ∩ B| / |A ∪ B|; 0 when both are empty.</summary>
public sealed class FeatureJaccardSimilarity : IItemSimilarity
{
    private readonly int[][] _features;

    /// <param name="features">Per dense item, its feature ids (any order, repeats ignored).</param>
    public FeatureJaccardSimilarity(IReadOnlyList<int[]> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        _features = [.. features.Select(static f => f.Distinct().Order().ToArray())];
    }

    public double Similarity(int a, int b)
    {
        var x = (uint)a < (uint)_features.Length ? _features[a] : [];
        var y = (uint)b < (uint)_features.Length ? _features[b] : [];
        var common = SortedIntersection.Count(x, y);
        var union = x.Length + y.Length - common;
        return union == 0 ? 0 : (double)common / union;
    }
}

/// <summary>
/// Cosine similarity of binary item interaction vectors: |U_a ∩ U_b| / sqrt(|U_a| |U_b|), U_i being the
/// training users of item i; 0 when either item has no users.
/// </summary>
public sealed class InteractionCosineSimilarity : IItemSimilarity
{
    private readonly InteractionMatrix _itemUsers;

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

        return SortedIntersection.Count(x, y) / Math.Sqrt((double)x.Length * y.Length);
    }
}

/// <summary>Intersection size of two ascending, distinct int sequences.</summary>
internal static class SortedIntersection
{
    public static int Count(ReadOnlySpan<int> x, ReadOnlySpan<int> y)
    {
        var i = 0;
        var j = 0;
        var count = 0;
        while (i < x.Length && j < y.Length)
        {
            if (x[i] == y[j])
            {
                count++;
                i++;
                j++;
            }
            else if (x[i] < y[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return count;
    }
}
