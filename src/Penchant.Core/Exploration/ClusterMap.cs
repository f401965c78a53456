using Penchant.Core.Numerics;

namespace Penchant.Core.Exploration;

/// <summary>
/// Which interest cluster each item belongs to (dense item and cluster ids), with readable labels.
/// Item categories serve as clusters until learned interest clusters exist. An item without a cluster has -1.
/// </summary>
public sealed class ClusterMap
{
    private readonly int[] _itemCluster;
    private readonly int[] _pointers;
    private readonly int[] _members;

    public ClusterMap(int[] itemCluster, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(itemCluster);
        ArgumentNullException.ThrowIfNull(labels);
        _itemCluster = itemCluster;
        Labels = labels;
        ClusterCount = labels.Count;
        _pointers = new int[ClusterCount + 1];
        foreach (var c in itemCluster)
        {
            if (c >= ClusterCount)
            {
                throw new ArgumentException($"Cluster {c} has no label ({ClusterCount} labels).", nameof(itemCluster));
            }

            if (c >= 0)
            {
                _pointers[c + 1]++;
            }
        }

        for (var c = 0; c < ClusterCount; c++)
        {
            _pointers[c + 1] += _pointers[c];
        }

        _members = new int[_pointers[ClusterCount]];
        var next = _pointers.AsSpan(0, ClusterCount).ToArray();
        for (var i = 0; i < itemCluster.Length; i++)
        {
            if (itemCluster[i] >= 0)
            {
                _members[next[itemCluster[i]]++] = i;
            }
        }
    }

    /// <summary>Number of clusters.</summary>
    public int ClusterCount { get; }

    /// <summary>Number of items mapped.</summary>
    public int ItemCount => _itemCluster.Length;

    /// <summary>Readable label per cluster.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The cluster of <paramref name="item"/>, or -1.</summary>
    public int ClusterOf(int item) => (uint)item < (uint)_itemCluster.Length ? _itemCluster[item] : -1;

    /// <summary>The items of <paramref name="cluster"/>, ascending.</summary>
    public ReadOnlySpan<int> ItemsOf(int cluster) => _members.AsSpan(_pointers[cluster], _pointers[cluster + 1] - _pointers[cluster]);

    /// <summary>
    /// The best finite-scored item of <paramref name="cluster"/> (ties to the more popular, then the lower id), or -1
    /// when none has a finite score.
    /// </summary>
    /// <param name="cluster">The cluster.</param>
    /// <param name="scores">A score per item (items beyond its length are not considered).</param>
    /// <param name="popularity">Tie-breaker per item (may be shorter, or empty: missing entries count 0).</param>
    public int BestItem(int cluster, ReadOnlySpan<float> scores, ReadOnlySpan<float> popularity)
    {
        var best = -1;
        var bestScore = float.NegativeInfinity;
        foreach (var item in ItemsOf(cluster))
        {
            if ((uint)item >= (uint)scores.Length)
            {
                break;
            }

            var s = scores[item];
            if (!float.IsFinite(s) || s < bestScore)
            {
                continue;
            }

            if (best < 0 || s > bestScore || PopularityOf(popularity, item) > PopularityOf(popularity, best))
            {
                best = item;
                bestScore = s;
            }
        }

        return best;
    }

    /// <summary>
    /// Each cluster's share of the best <paramref name="items"/> items by score: the sum of their scores, min-max
    /// normalised as (score − <paramref name="min"/>) / <paramref name="range"/>, per cluster.
    /// </summary>
    /// <param name="scores">A score per item (items not to be shown are negative infinity).</param>
    /// <param name="items">How many of the best items count.</param>
    /// <param name="min">The smallest finite score.</param>
    /// <param name="range">The largest finite score minus the smallest (positive).</param>
    /// <param name="count">When given, receives how many of those items each cluster holds.</param>
    /// <param name="firstRank">When given, receives each cluster's best rank among them (0 = first; untouched where it has none).</param>
    public float[] TopMass(ReadOnlySpan<float> scores, int items, float min, float range, int[]? count = null, int[]? firstRank = null) =>
        TopMass(TopK.Select(scores, items), min, range, count, firstRank);

    /// <summary>
    /// <see cref="TopMass(ReadOnlySpan{float}, int, float, float, int[], int[])"/> over an already selected
    /// <paramref name="top"/> (best first, as <see cref="TopK.Select"/> returns it).
    /// </summary>
    public float[] TopMass(ReadOnlySpan<ScoredItem> top, float min, float range, int[]? count = null, int[]? firstRank = null)
    {
        var mass = new float[ClusterCount];
        for (var r = 0; r < top.Length; r++)
        {
            var c = ClusterOf(top[r].Item);
            if (c >= 0)
            {
                mass[c] += (top[r].Score - min) / range;
                if (count is not null)
                {
                    count[c]++;
                }

                if (firstRank is not null)
                {
                    firstRank[c] = Math.Min(firstRank[c], r);
                }
            }
        }

        return mass;
    }

    /// <summary>
    /// <see cref="BestItem"/> of every cluster <paramref name="wanted"/> marks (-1 for the others), read where it can
    /// be from <paramref name="top"/>, the best <paramref name="requested"/> items of <paramref name="scores"/> as
    /// <see cref="TopK.Select"/> returns them, so that only clusters it cannot settle are scanned.
    /// </summary>
    /// <remarks>
    /// A cluster whose best score in <paramref name="top"/> is above the last (lowest) score there has every item at
    /// that score in <paramref name="top"/>, so the tie-break among them (more popular, then lower id) is settled
    /// there too. When <paramref name="top"/> holds fewer than <paramref name="requested"/> items it holds every
    /// finite-scored item, and a cluster absent from it has none. Otherwise, a cluster whose best there ties the last
    /// score, or that is absent, is scanned as <see cref="BestItem"/> does. The result is the same either way.
    /// </remarks>
    public int[] BestItems(ReadOnlySpan<float> scores, ReadOnlySpan<float> popularity, ReadOnlySpan<ScoredItem> top, int requested, ReadOnlySpan<bool> wanted)
    {
        if (wanted.Length != ClusterCount)
        {
            throw new ArgumentException("One flag per cluster is required.", nameof(wanted));
        }

        var best = new int[ClusterCount];
        Array.Fill(best, -1);
        var bestScore = new float[ClusterCount];
        foreach (var (item, score) in top)
        {
            var c = ClusterOf(item);
            if (c < 0 || !wanted[c] || item >= scores.Length || !float.IsFinite(score))
            {
                continue;
            }

            // Best first, so a cluster's first entry has its best score; later entries at that score tie.
            if (best[c] < 0)
            {
                (best[c], bestScore[c]) = (item, score);
            }
            else if (score == bestScore[c] && PopularityOf(popularity, item) > PopularityOf(popularity, best[c]))
            {
                best[c] = item;
            }
        }

        var complete = top.Length < requested;
        var last = top.Length > 0 ? top[^1].Score : float.PositiveInfinity;
        for (var c = 0; c < ClusterCount; c++)
        {
            if (wanted[c] && !complete && (best[c] < 0 || !(bestScore[c] > last)))
            {
                best[c] = BestItem(c, scores, popularity);
            }
        }

        return best;
    }

    private static float PopularityOf(ReadOnlySpan<float> popularity, int item) => popularity.Length > item ? popularity[item] : 0f;

    /// <summary>
    /// Clusters from one label per item (e.g. a leaf category or first genre); null or empty labels get -1.
    /// Cluster ids are assigned in order of first appearance.
    /// </summary>
    public static ClusterMap FromLabels(IReadOnlyList<string?> itemLabels)
    {
        ArgumentNullException.ThrowIfNull(itemLabels);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var labels = new List<string>();
        var clusters = new int[itemLabels.Count];
        for (var i = 0; i < itemLabels.Count; i++)
        {
            var label = itemLabels[i];
            if (string.IsNullOrEmpty(label))
            {
                clusters[i] = -1;
                continue;
            }

            if (!ids.TryGetValue(label, out var c))
            {
                c = labels.Count;
                ids.Add(label, c);
                labels.Add(label);
            }

            clusters[i] = c;
        }

        return new ClusterMap(clusters, labels);
    }

    /// <summary>The distinct clusters of a sequence of items, in order of first appearance.</summary>
    public List<int> ClustersOf(ReadOnlySpan<int> items)
    {
        var seen = new HashSet<int>();
        var result = new List<int>();
        foreach (var item in items)
        {
            var c = ClusterOf(item);
            if (c >= 0 && seen.Add(c))
            {
                result.Add(c);
            }
        }

        return result;
    }
}
