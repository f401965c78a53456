using Penchant.Core.Data;

namespace Penchant.Core.Baskets;

/// <summary>Options for <see cref="BasketBuilder"/>.</summary>
/// <param name="Types">The events whose items go into baskets; purchases when null.</param>
/// <param name="Gap">
/// For events without a session id: a shopper's next such event more than this after their previous one starts a new
/// basket. One hour when null.
/// </param>
public sealed record BasketOptions(IReadOnlySet<EventType>? Types = null, TimeSpan? Gap = null)
{
    /// <summary>The event types used: <see cref="Types"/>, or purchases alone.</summary>
    public IReadOnlySet<EventType> EventTypes => Types ?? new HashSet<EventType> { EventType.Purchase };

    /// <summary>The gap used: <see cref="Gap"/>, or one hour.</summary>
    public TimeSpan BasketGap => Gap ?? TimeSpan.FromHours(1);
}

/// <summary>Baskets as rows of a binary matrix over the items they hold, with the items' external ids.</summary>
/// <param name="Matrix">Rows are baskets, columns items; 1 where the basket holds the item.</param>
/// <param name="Items">External item id of each column.</param>
public sealed record BasketSet(InteractionMatrix Matrix, IdMap Items)
{
    /// <summary>Baskets from records whose user is the basket (as a basket file reads): one row per basket, in order of first appearance.</summary>
    public static BasketSet FromRecords(IEnumerable<Evaluation.InteractionRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var items = new IdMap();
        var baskets = records.GroupBy(static r => r.User, StringComparer.Ordinal)
            .Select(g => g.Select(r => items.GetOrAdd(r.Item)).Distinct().Order().ToArray())
            .ToList();
        return new BasketSet(InteractionData.FromSequences(baskets, items.Count).Matrix, items);
    }

    /// <summary>The baskets as interaction data (each basket a "user"), for the recommenders.</summary>
    public InteractionData ToInteractionData()
    {
        var baskets = new int[Matrix.Rows][];
        for (var b = 0; b < Matrix.Rows; b++)
        {
            baskets[b] = Matrix.RowColumns(b).ToArray();
        }

        return InteractionData.FromSequences(baskets, Items.Count, items: Items);
    }
}

/// <summary>
/// Groups shoppers' events into baskets: the items one shopper took in one session (by the shop's session id), or,
/// where events carry none, in one run of events no more than <see cref="BasketOptions.Gap"/> apart. An item counts
/// once per basket.
/// </summary>
/// <param name="options">Which events, and the gap between baskets.</param>
/// <param name="items">
/// The item ids to index by (shared with an <see cref="InteractionBuilder"/> so that both agree on the columns);
/// items not in it are added as events arrive. A new map when null.
/// </param>
public sealed class BasketBuilder(BasketOptions? options = null, IdMap? items = null)
{
    private readonly List<(string User, string? Session, long Time, int Item)> _events = [];
    private readonly IdMap _items = items ?? new IdMap();

    public BasketOptions Options { get; } = options ?? new BasketOptions();

    /// <summary>Events taken in so far (those of the chosen types with an item).</summary>
    public int Count => _events.Count;

    /// <summary>Takes <paramref name="e"/> if it is of a chosen type and names an item.</summary>
    public void Add(Event e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.ItemId is { } item && Options.EventTypes.Contains(e.Type))
        {
            _events.Add((e.UserId, e.SessionId, e.Timestamp.ToUnixTimeMilliseconds(), _items.GetOrAdd(item)));
        }
    }

    /// <summary>The baskets of the events taken in, each shopper's together.</summary>
    public BasketSet Build()
    {
        var ordered = _events
            .Select(static (e, index) => (e.User, e.Session, e.Time, e.Item, Index: index))
            .OrderBy(static e => e.User, StringComparer.Ordinal)
            .ThenBy(static e => e.Time)
            .ThenBy(static e => e.Index)
            .ToList();

        var baskets = new List<int[]>();
        var open = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal); // by session id, within one shopper
        HashSet<int>? run = null; // the shopper's current basket of events without a session id
        string? user = null;
        long last = 0;
        var gap = (long)Options.BasketGap.TotalMilliseconds;

        void Close()
        {
            if (run is { Count: > 0 })
            {
                baskets.Add([.. run.Order()]);
            }

            run = null;
            baskets.AddRange(open.Values.Select(static s => s.Order().ToArray()));
            open.Clear();
        }

        foreach (var e in ordered)
        {
            if (!string.Equals(e.User, user, StringComparison.Ordinal))
            {
                Close();
                user = e.User;
                last = long.MinValue;
            }

            var item = e.Item;
            if (e.Session is { } session)
            {
                if (!open.TryGetValue(session, out var basket))
                {
                    open[session] = basket = [];
                }

                basket.Add(item);
                continue;
            }

            if (run is null || e.Time - last > gap)
            {
                if (run is { Count: > 0 })
                {
                    baskets.Add([.. run.Order()]);
                }

                run = [];
            }

            run.Add(item);
            last = e.Time;
        }

        Close();
        var data = InteractionData.FromSequences(baskets, _items.Count);
        return new BasketSet(data.Matrix, _items);
    }
}
