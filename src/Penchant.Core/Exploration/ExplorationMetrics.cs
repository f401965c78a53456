namespace Penchant.Core.Exploration;

/// <summary>The outcome of the novel-cluster hit rate.</summary>
/// <param name="Eligible">Shoppers whose next interaction fell in a cluster new to them.</param>
/// <param name="Hits">Of those, how many were shown that cluster.</param>
public sealed record NovelClusterHitRate(int Eligible, int Hits)
{
    public double Rate => Eligible == 0 ? 0 : (double)Hits / Eligible;
}

/// <summary>Exploration-specific measures: novel-cluster hit rate, serendipity and novelty.</summary>
public static class ExplorationMetrics
{
    /// <summary>
    /// Among shoppers whose next interaction falls in a cluster absent from their history, the share whose
    /// shown clusters (explore slots, or a whole exploit-only list) include that cluster.
    /// </summary>
    /// <param name="cases">Per shopper: clusters in their history, the next interaction's cluster, and the clusters shown.</param>
    public static NovelClusterHitRate NovelClusterHits(IEnumerable<(IReadOnlySet<int> History, int Next, IReadOnlyCollection<int> Shown)> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        int eligible = 0, hits = 0;
        foreach (var (history, next, shown) in cases)
        {
            if (next < 0 || history.Contains(next))
            {
                continue;
            }

            eligible++;
            if (shown.Contains(next))
            {
                hits++;
            }
        }

        return new NovelClusterHitRate(eligible, hits);
    }

    /// <summary>
    /// Serendipity of a list: the share of its items that are relevant and not expected, where expected items
    /// are those a primitive recommender (typically popularity) would show (Ge, Delgado-Battenfeld and Jannach 2010).
    /// </summary>
    public static double Serendipity(IReadOnlyList<int> recommended, IReadOnlySet<int> relevant, IReadOnlySet<int> expected)
    {
        ArgumentNullException.ThrowIfNull(recommended);
        ArgumentNullException.ThrowIfNull(relevant);
        ArgumentNullException.ThrowIfNull(expected);
        if (recommended.Count == 0)
        {
            return 0;
        }

        return (double)recommended.Count(i => relevant.Contains(i) && !expected.Contains(i)) / recommended.Count;
    }

    /// <summary>Mean self-information −log2(p(i)) of the items, p(i) the share of training users who interacted with i.</summary>
    public static double Novelty(IReadOnlyList<int> recommended, ReadOnlySpan<int> itemUserCounts, int userCount)
    {
        ArgumentNullException.ThrowIfNull(recommended);
        if (recommended.Count == 0 || userCount <= 0)
        {
            return 0;
        }

        double sum = 0;
        foreach (var item in recommended)
        {
            var count = (uint)item < (uint)itemUserCounts.Length ? itemUserCounts[item] : 0;
            sum += -Math.Log2(Math.Max(count, 1) / (double)userCount);
        }

        return sum / recommended.Count;
    }
}
