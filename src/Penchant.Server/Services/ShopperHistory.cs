using Penchant.Core.Data;
using Penchant.Core.Recommenders;

namespace Penchant.Server.Services;

/// <summary>
/// A shopper's stored events folded into a <see cref="UserQuery"/> over one snapshot's item ids, at request
/// time: events that arrived after training count at once.
/// </summary>
public sealed class ShopperHistory
{
    private ShopperHistory(UserQuery query, HashSet<string> purchased, Dictionary<int, EventType> strongest, IReadOnlyList<(string Category, float Share)> session)
    {
        Query = query;
        Purchased = purchased;
        StrongestEvent = strongest;
        SessionCategories = session;
    }

    /// <summary>The fold-in query: decayed evidence per item and the positive-evidence sequence.</summary>
    public UserQuery Query { get; }

    /// <summary>
    /// Ids of items the shopper has: bought, rated or reviewed (one rates what one has), including items newer than the
    /// snapshot. <c>excludePurchased</c> leaves them out.
    /// </summary>
    public IReadOnlySet<string> Purchased { get; }

    /// <summary>Per history item, the strongest kind of event (used to word reasons).</summary>
    public IReadOnlyDictionary<int, EventType> StrongestEvent { get; }

    /// <summary>Leaf categories of the newest few events with their recency-weighted share of them (shares sum to 1).</summary>
    public IReadOnlyList<(string Category, float Share)> SessionCategories { get; }

    /// <summary>Whether there is anything to personalise from.</summary>
    public bool IsEmpty => Query.Items.Length == 0 && SessionCategories.Count == 0;

    /// <summary>No history.</summary>
    public static ShopperHistory Empty { get; } = new(UserQuery.Anonymous, [], [], []);

    /// <summary>Folds <paramref name="newestFirst"/> into a history over <paramref name="snapshot"/>.</summary>
    public static ShopperHistory Build(
        string userId,
        IReadOnlyList<Event> newestFirst,
        ServingSnapshot snapshot,
        CatalogCache catalog,
        EventWeights weights,
        int sessionEvents,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(newestFirst);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(weights);
        var sums = new SortedDictionary<int, float>();
        var strongest = new Dictionary<int, EventType>();
        var sequence = new List<int>();
        var purchased = new HashSet<string>(StringComparer.Ordinal);
        for (var k = newestFirst.Count - 1; k >= 0; k--)
        {
            var e = newestFirst[k];
            if (e.ItemId is null)
            {
                continue;
            }

            // A rating or a review says the shopper has the item as surely as a purchase does.
            if (e.Type is EventType.Purchase or EventType.Rating or EventType.Review)
            {
                purchased.Add(e.ItemId);
            }

            var item = snapshot.Items.IndexOf(e.ItemId);
            if (item < 0)
            {
                continue;
            }

            var raw = weights.WeightOf(e.Type, e.Value);
            var weight = (float)(raw * weights.Decay((now - e.Timestamp).TotalDays));
            sums[item] = sums.GetValueOrDefault(item) + weight;
            if (raw > 0)
            {
                sequence.Add(item);
                if (!strongest.TryGetValue(item, out var kind) || weights.WeightOf(kind, null) < raw)
                {
                    strongest[item] = e.Type;
                }
            }
        }

        var items = new List<int>(sums.Count);
        var values = new List<float>(sums.Count);
        foreach (var (item, weight) in sums)
        {
            if (weight > 0)
            {
                items.Add(item);
                values.Add(weight);
            }
        }

        // The newest event counts most: the k-th newest (from 0) weighs 1 / (k + 1).
        var session = new Dictionary<string, float>(StringComparer.OrdinalIgnoreCase);
        var counted = 0;
        var total = 0f;
        for (var k = 0; k < newestFirst.Count && counted < sessionEvents; k++)
        {
            var e = newestFirst[k];
            if (e.ItemId is null || weights.WeightOf(e.Type, e.Value) <= 0)
            {
                continue;
            }

            var leaf = catalog.TryGet(e.ItemId, out var live) ? live.LeafCategory : snapshot.ItemAt(snapshot.Items.IndexOf(e.ItemId))?.LeafCategory;
            var weight = 1f / (counted + 1);
            counted++;
            total += weight;
            if (leaf is not null)
            {
                session[leaf] = session.GetValueOrDefault(leaf) + weight;
            }
        }

        var shares = session.Select(p => (p.Key, p.Value / total)).ToList();
        var query = new UserQuery(snapshot.Users.IndexOf(userId), [.. items], [.. values], [.. sequence]);
        return new ShopperHistory(query, purchased, strongest, shares);
    }
}
