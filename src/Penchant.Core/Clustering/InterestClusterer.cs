using System.Globalization;
using Penchant.Core.Data;
using Penchant.Core.Embeddings;
using Penchant.Core.Exploration;
using Penchant.Core.Text;

namespace Penchant.Core.Clustering;

/// <summary>Options for <see cref="InterestClusterer"/>.</summary>
/// <param name="KMeans">The k-means settings (k up to a few hundred).</param>
/// <param name="Keywords">Keywords after the category in a label.</param>
/// <param name="SecondCategoryShare">A second category joins the label when it has at least this share of the first one's items.</param>
/// <param name="MinOverlap">The least Jaccard overlap of members for a new cluster to keep an old cluster's id.</param>
/// <param name="WarmStart">Start k-means from the previous clusters when there are any (ids are matched either way).</param>
public sealed record InterestClusterOptions(
    KMeansOptions? KMeans = null,
    int Keywords = 2,
    double SecondCategoryShare = 0.5,
    double MinOverlap = 0.3,
    bool WarmStart = true);

/// <summary>One interest cluster.</summary>
/// <param name="Id">The stable id: kept across retrains while the cluster stays substantially the same.</param>
/// <param name="Label">The readable label, e.g. "Trail shoes · waterproof, grip".</param>
/// <param name="Categories">The most common leaf categories of the members, most common first.</param>
/// <param name="Keywords">The label's keywords.</param>
/// <param name="Members">The members' external item ids, ascending ordinal.</param>
public sealed record InterestCluster(int Id, string Label, IReadOnlyList<string> Categories, IReadOnlyList<string> Keywords, IReadOnlyList<string> Members);

/// <summary>
/// The interest clusters of a catalogue: dense cluster index c (0..Count-1, ordered by stable id) to
/// <see cref="InterestCluster"/>, and each dense item id to its dense cluster index (-1 without one).
/// </summary>
public sealed class InterestClusters
{
    private readonly int[] _itemCluster;

    internal InterestClusters(IReadOnlyList<InterestCluster> clusters, int[] itemCluster, int nextId)
    {
        Clusters = clusters;
        _itemCluster = itemCluster;
        NextId = nextId;
    }

    /// <summary>
    /// Clusters read back from storage to match a new clustering against: ids, labels and members as they were,
    /// with no item-to-cluster map (<see cref="ClusterOf"/> is -1 for every item), since dense item ids do not
    /// outlive the training that assigned them.
    /// </summary>
    /// <param name="clusters">The clusters, any order (they are ordered by id).</param>
    /// <param name="nextId">The id the next new cluster gets; above every id in <paramref name="clusters"/>.</param>
    public static InterestClusters Restore(IReadOnlyList<InterestCluster> clusters, int nextId)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        var ordered = clusters.OrderBy(static c => c.Id).ToArray();
        if (ordered.Length > 0 && ordered[^1].Id >= nextId)
        {
            throw new ArgumentOutOfRangeException(nameof(nextId), nextId, "The next id must be above every cluster id.");
        }

        return new InterestClusters(ordered, [], nextId);
    }

    /// <summary>The clusters by dense index.</summary>
    public IReadOnlyList<InterestCluster> Clusters { get; }

    /// <summary>The id the next new cluster gets (never reused, so retired ids stay retired).</summary>
    public int NextId { get; }

    /// <summary>The dense cluster index of dense item <paramref name="item"/>, or -1.</summary>
    public int ClusterOf(int item) => (uint)item < (uint)_itemCluster.Length ? _itemCluster[item] : -1;

    /// <summary>These clusters with new labels (one per cluster, by dense index), e.g. from a language model; ids, members and the item map unchanged.</summary>
    public InterestClusters WithLabels(IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count != Clusters.Count)
        {
            throw new ArgumentException($"{labels.Count} labels for {Clusters.Count} clusters.", nameof(labels));
        }

        return new InterestClusters(
            [.. Clusters.Select((c, i) => string.IsNullOrWhiteSpace(labels[i]) ? c : c with { Label = labels[i].Trim() })], _itemCluster, NextId);
    }

    /// <summary>Writes the clusters with their item-to-cluster map, for <see cref="Read"/> (a saved server snapshot).</summary>
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(NextId);
        writer.Write(Clusters.Count);
        foreach (var cluster in Clusters)
        {
            writer.Write(cluster.Id);
            writer.Write(cluster.Label);
            Recommenders.ModelFile.WriteStrings(writer, cluster.Categories);
            Recommenders.ModelFile.WriteStrings(writer, cluster.Keywords);
            Recommenders.ModelFile.WriteStrings(writer, cluster.Members);
        }

        Recommenders.ModelFile.WriteArray(writer, _itemCluster);
    }

    /// <summary>Reads clusters written by <see cref="Write"/>, item-to-cluster map included.</summary>
    /// <exception cref="InvalidDataException">A cluster index out of range.</exception>
    public static InterestClusters Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var nextId = reader.ReadInt32();
        var count = reader.ReadInt32();
        if (count < 0)
        {
            throw new InvalidDataException($"{count} interest clusters.");
        }

        var clusters = new InterestCluster[count];
        for (var c = 0; c < count; c++)
        {
            clusters[c] = new InterestCluster(
                reader.ReadInt32(),
                reader.ReadString(),
                Recommenders.ModelFile.ReadStrings(reader),
                Recommenders.ModelFile.ReadStrings(reader),
                Recommenders.ModelFile.ReadStrings(reader));
        }

        var itemCluster = Recommenders.ModelFile.ReadInts(reader);
        if (itemCluster.Any(c => c < -1 || c >= count))
        {
            throw new InvalidDataException($"An item mapped to a cluster outside 0..{count - 1}.");
        }

        return new InterestClusters(clusters, itemCluster, nextId);
    }

    /// <summary>The cluster map exploration uses: dense cluster indices with the readable labels.</summary>
    public ClusterMap ToClusterMap() => new(_itemCluster.ToArray(), [.. Clusters.Select(static c => c.Label)]);
}

/// <summary>
/// Groups items into interest clusters by spherical k-means over their embeddings, labels each cluster from
/// its members' most common categories and heaviest text keywords, and carries cluster ids over from a
/// previous clustering by greedy matching on member overlap (Jaccard), so that a retrain with another seed or
/// slightly changed data keeps the ids people and stored state refer to. With a previous clustering, k-means
/// starts from the previous clusters (their members' mean in the current space), which keeps most clusters
/// substantially the same unless the data really moved.
/// </summary>
public sealed class InterestClusterer(InterestClusterOptions? options = null)
{
    public InterestClusterOptions Options { get; } = options ?? new InterestClusterOptions();

    /// <summary>Clusters the items.</summary>
    /// <param name="embeddings">Item embeddings by dense id.</param>
    /// <param name="items">The catalogue item of each dense id (labels use its category path and id).</param>
    /// <param name="text">A text model fitted on <paramref name="items"/> in the same order (keywords).</param>
    /// <param name="seed">Seeds k-means.</param>
    /// <param name="previous">The clustering to carry ids from, or null.</param>
    /// <param name="cancellation">Cancels the run.</param>
    public InterestClusters Fit(
        ItemEmbeddings embeddings,
        IReadOnlyList<Item> items,
        ItemTextModel text,
        int seed,
        InterestClusters? previous = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(text);
        if (items.Count != embeddings.ItemCount || text.ItemCount != embeddings.ItemCount)
        {
            throw new ArgumentException("Embeddings, items and text model must cover the same items.", nameof(items));
        }

        var result = new SphericalKMeans(Options.KMeans).Fit(embeddings, seed, Options.WarmStart ? WarmStart(previous, embeddings, items) : null, cancellation);
        var k = result.ClusterCount;
        var members = new List<int>[k];
        for (var c = 0; c < k; c++)
        {
            members[c] = [];
        }

        for (var i = 0; i < result.Assignments.Length; i++)
        {
            if (result.Assignments[i] >= 0)
            {
                members[result.Assignments[i]].Add(i);
            }
        }

        var ids = MatchIds(members, items, previous, out var nextId);
        var order = Enumerable.Range(0, k).Where(c => members[c].Count > 0).OrderBy(c => ids[c]).ToArray();
        var dense = new int[k];
        Array.Fill(dense, -1);
        var clusters = new List<InterestCluster>(order.Length);
        foreach (var c in order)
        {
            dense[c] = clusters.Count;
            var (categories, keywords, label) = Describe(members[c], items, text);
            var memberIds = members[c].Select(i => items[i].Id).Order(StringComparer.Ordinal).ToArray();
            clusters.Add(new InterestCluster(ids[c], label, categories, keywords, memberIds));
        }

        var itemCluster = Array.ConvertAll(result.Assignments, a => a >= 0 ? dense[a] : -1);
        return new InterestClusters(clusters, itemCluster, nextId);
    }

    /// <summary>
    /// The previous clusters placed in the current embedding space: the normalised mean of the members that
    /// still exist (by external id), so a retrain starts where the last one ended even when embeddings moved.
    /// </summary>
    private static ItemEmbeddings? WarmStart(InterestClusters? previous, ItemEmbeddings embeddings, IReadOnlyList<Item> items)
    {
        if (previous is null || previous.Clusters.Count == 0)
        {
            return null;
        }

        var index = new Dictionary<string, int>(items.Count, StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            index.TryAdd(items[i].Id, i);
        }

        var rows = new List<float[]>(previous.Clusters.Count);
        foreach (var cluster in previous.Clusters)
        {
            var sum = new float[embeddings.Dimensions];
            foreach (var id in cluster.Members)
            {
                if (index.TryGetValue(id, out var i))
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(sum, embeddings.Row(i), sum);
                }
            }

            rows.Add(sum);
        }

        return ItemEmbeddings.FromRows(rows, embeddings.Dimensions);
    }

    /// <summary>
    /// Old ids for new clusters: all (new, old) pairs with Jaccard at least <see cref="InterestClusterOptions.MinOverlap"/>,
    /// taken greedily from the largest overlap; the rest get fresh ids.
    /// </summary>
    private int[] MatchIds(List<int>[] members, IReadOnlyList<Item> items, InterestClusters? previous, out int nextId)
    {
        var ids = new int[members.Length];
        Array.Fill(ids, -1);
        nextId = previous?.NextId ?? 0;
        if (previous is not null)
        {
            var oldOf = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var o = 0; o < previous.Clusters.Count; o++)
            {
                foreach (var id in previous.Clusters[o].Members)
                {
                    oldOf[id] = o;
                }
            }

            var pairs = new List<(double Jaccard, int New, int Old)>();
            for (var c = 0; c < members.Length; c++)
            {
                var overlap = new Dictionary<int, int>();
                foreach (var i in members[c])
                {
                    if (oldOf.TryGetValue(items[i].Id, out var o))
                    {
                        overlap[o] = overlap.GetValueOrDefault(o) + 1;
                    }
                }

                foreach (var (o, both) in overlap)
                {
                    var jaccard = (double)both / (members[c].Count + previous.Clusters[o].Members.Count - both);
                    if (jaccard >= Options.MinOverlap)
                    {
                        pairs.Add((jaccard, c, o));
                    }
                }
            }

            pairs.Sort(static (a, b) => a.Jaccard != b.Jaccard ? b.Jaccard.CompareTo(a.Jaccard)
                : a.New != b.New ? a.New.CompareTo(b.New) : a.Old.CompareTo(b.Old));
            var oldTaken = new HashSet<int>();
            foreach (var (_, c, o) in pairs)
            {
                if (ids[c] < 0 && oldTaken.Add(o))
                {
                    ids[c] = previous.Clusters[o].Id;
                }
            }
        }

        for (var c = 0; c < members.Length; c++)
        {
            if (ids[c] < 0)
            {
                ids[c] = nextId++;
            }
        }

        return ids;
    }

    /// <summary>Whether <paramref name="han"/> occurs in <paramref name="title"/> with no Han character beside it.</summary>
    private static bool StandsAlone(char han, string title)
    {
        for (var i = title.IndexOf(han, StringComparison.Ordinal); i >= 0; i = title.IndexOf(han, i + 1))
        {
            if ((i == 0 || !TextNormalizer.IsHan(title[i - 1])) && (i + 1 == title.Length || !TextNormalizer.IsHan(title[i + 1])))
            {
                return true;
            }
        }

        return false;
    }

    private (IReadOnlyList<string> Categories, IReadOnlyList<string> Keywords, string Label) Describe(List<int> members, IReadOnlyList<Item> items, ItemTextModel text)
    {
        var categories = members
            .Select(i => items[i].LeafCategory)
            .Where(static c => !string.IsNullOrEmpty(c))
            .GroupBy(static c => c!, StringComparer.Ordinal)
            .Select(static g => (Category: g.Key, Count: g.Count()))
            .OrderByDescending(static g => g.Count).ThenBy(static g => g.Category, StringComparer.Ordinal)
            .ToList();
        var named = new List<string>();
        if (categories.Count > 0)
        {
            named.Add(categories[0].Category);
            if (categories.Count > 1 && categories[1].Count >= Options.SecondCategoryShare * categories[0].Count)
            {
                named.Add(categories[1].Category);
            }
        }

        // Keywords should add to the category, so words of the named categories' whole paths and the members'
        // brands are left out: what remains describes the items (materials, features, styles).
        var categoryWords = new HashSet<string>(
            members.Select(i => items[i]).Where(item => named.Contains(item.LeafCategory ?? "", StringComparer.Ordinal))
                .SelectMany(static item => item.Categories).Distinct(StringComparer.Ordinal)
                .Concat(members.Select(i => items[i].Brand ?? "").Distinct(StringComparer.Ordinal))
                .SelectMany(static c => c.Split([' ', '-', '&', ','], StringSplitOptions.RemoveEmptyEntries)),
            StringComparer.OrdinalIgnoreCase);
        var profile = text.ShopperVector(members.Select(static i => (i, 1f)));
        var candidates = text.Keywords(profile, Options.Keywords + categoryWords.Count + 8).Select(static k => k.Display).ToArray();
        var keywords = new List<string>(Options.Keywords);
        foreach (var k in candidates)
        {
            if (keywords.Count == Options.Keywords)
            {
                break;
            }

            var han = TextNormalizer.IsHan(k[0]);
            // Dictionary-free Chinese terms are character bigrams and single characters, so they overlap: a single
            // character is a word only where a title shows it alone (else it is a fragment, 衬 of 衬衫), and a term
            // sharing a character with one already taken is the same word again or one cut across two (色衬 of 绿色衬衫).
            if ((han && k.Length == 1 && !members.Any(i => StandsAlone(k[0], items[i].Title)))
                || (han && keywords.Any(t => TextNormalizer.IsHan(t[0]) && t.AsSpan().IndexOfAny(k) >= 0))
                || categoryWords.Any(w => w.StartsWith(k, StringComparison.OrdinalIgnoreCase) || k.StartsWith(w, StringComparison.OrdinalIgnoreCase))
                || keywords.Contains(k, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            keywords.Add(k);
        }

        var head = named.Count > 0 ? string.Join(" & ", named) : keywords.FirstOrDefault() ?? "Cluster " + members.Count.ToString(CultureInfo.InvariantCulture);
        var label = keywords.Count > 0 && named.Count > 0 ? $"{head} · {string.Join(", ", keywords)}" : head;
        return ([.. categories.Select(static c => c.Category)], keywords, label);
    }
}
