namespace Penchant.Core.Evaluation;

/// <summary>
/// Metrics of what is recommended rather than whether it was hit. Popularity is training popularity: the
/// number of training users who interacted with an item.
/// </summary>
public static class BeyondAccuracyMetrics
{
    /// <summary>Catalogue coverage = distinct items in any list / <paramref name="catalogueSize"/>.</summary>
    public static double Coverage(IEnumerable<int[]?> lists, int catalogueSize)
    {
        ArgumentNullException.ThrowIfNull(lists);
        if (catalogueSize <= 0)
        {
            return 0;
        }

        var seen = new HashSet<int>();
        foreach (var list in lists)
        {
            if (list is not null)
            {
                seen.UnionWith(list);
            }
        }

        return (double)seen.Count / catalogueSize;
    }

    /// <summary>
    /// Novelty of a list = mean self-information -log2 p(i) of its items, p(i) = max(pop(i), 1) / users:
    /// the rarer the item in training, the more novel. An item nobody trained on counts as seen once.
    /// </summary>
    public static double Novelty(ReadOnlySpan<int> list, IReadOnlyList<int> itemPopularity, int userCount)
    {
        ArgumentNullException.ThrowIfNull(itemPopularity);
        if (list.IsEmpty || userCount <= 0)
        {
            return 0;
        }

        var sum = 0.0;
        foreach (var item in list)
        {
            sum -= Math.Log2(Math.Max(itemPopularity[item], 1) / (double)userCount);
        }

        return sum / list.Length;
    }

    /// <summary>
    /// Intra-list diversity = 1 - mean over unordered pairs of list items of their similarity.
    /// NaN for a list with fewer than two items.
    /// </summary>
    public static double IntraListDiversity(ReadOnlySpan<int> list, IItemSimilarity similarity)
    {
        ArgumentNullException.ThrowIfNull(similarity);
        if (list.Length < 2)
        {
            return double.NaN;
        }

        var sum = 0.0;
        var pairs = 0;
        for (var a = 0; a < list.Length; a++)
        {
            for (var b = a + 1; b < list.Length; b++)
            {
                sum += similarity.Similarity(list[a], list[b]);
                pairs++;
            }
        }

        return 1 - (sum / pairs);
    }

    /// <summary>Average recommendation popularity (ARP) of a list = mean training popularity of its items.</summary>
    public static double AveragePopularity(ReadOnlySpan<int> list, IReadOnlyList<int> itemPopularity)
    {
        ArgumentNullException.ThrowIfNull(itemPopularity);
        if (list.IsEmpty)
        {
            return 0;
        }

        var sum = 0.0;
        foreach (var item in list)
        {
            sum += itemPopularity[item];
        }

        return sum / list.Length;
    }

    /// <summary>
    /// Each item's popularity percentile = the share of catalogue items with strictly lower training popularity
    /// (0 for the least popular, near 1 for the most). A list's popularity bias is the mean over its items.
    /// </summary>
    public static double[] PopularityPercentiles(IReadOnlyList<int> itemPopularity)
    {
        ArgumentNullException.ThrowIfNull(itemPopularity);
        var n = itemPopularity.Count;
        var sorted = itemPopularity.ToArray();
        Array.Sort(sorted);
        var result = new double[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = (double)LowerBound(sorted, itemPopularity[i]) / n;
        }

        return result;
    }

    private static int LowerBound(int[] sorted, int value)
    {
        var lo = 0;
        var hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
