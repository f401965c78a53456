using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Penchant.Core.Data;
using Penchant.Core.Exploration;
using Penchant.Server.Contracts;
using Penchant.Server.Options;
using Penchant.Storage;

namespace Penchant.Server.Services;

/// <summary>
/// Puts exploration into shopper recommendations: a share of the slots goes to items of clusters new to the shopper,
/// chosen by <see cref="ExplorationPolicy"/> (Thompson sampling over predicted novel clusters) from the same filtered
/// scores as the exploit slots, so business filters bind both alike. Every served slate is queued for the impression
/// log with its propensities; feedback on items updates the per-shopper <see cref="ExplorationState"/>.
/// </summary>
public sealed class ExplorationService(
    CatalogCache catalog,
    ImpressionWriter impressions,
    IOptions<ExplorationServerOptions> options,
    IOptions<PenchantServerOptions> server,
    TimeProvider time)
{
    private const int RememberedPerShopper = 256;
    private const int LiveCatalogueRedraws = 3;

    private readonly ExplorationState _state = new(new FeedbackOptions(DislikesToStop: options.Value.DislikesToStop));
    private readonly ConcurrentDictionary<string, Dictionary<string, int>> _explored = new(StringComparer.Ordinal);
    private long _requests;

    /// <summary>The per-shopper exploration state (posteriors, stopped and promoted clusters).</summary>
    public ExplorationState State => _state;

    /// <summary>Whether a request's <c>explore=</c> share is allowed.</summary>
    /// <param name="share">The requested share.</param>
    /// <param name="error">Why not, when not.</param>
    /// <returns>Whether the share is between 0 and the configured maximum.</returns>
    public bool IsAllowedShare(double share, out string? error)
    {
        var max = options.Value.MaxShare;
        error = double.IsFinite(share) && share >= 0 && share <= max ? null : $"explore must be between 0 and {max}, not {share}";
        return error is null;
    }

    /// <summary>
    /// Fills the slate: with exploration on and a cluster map, the policy's slate (its exploit slots from the same scores,
    /// with promoted clusters boosted); otherwise <paramref name="ranked"/> as it is. Queues the slate's impressions.
    /// </summary>
    /// <param name="user">The shopper as stored.</param>
    /// <param name="snapshot">The serving snapshot the scores are over.</param>
    /// <param name="scores">
    /// The final scores with every filter applied (filtered items negative infinity); a few entries change while the
    /// slate is drawn and are restored before this returns.
    /// </param>
    /// <param name="ranked">The exploit-only ranking of those scores, already checked against the live catalogue.</param>
    /// <param name="history">The shopper's items in time order.</param>
    /// <param name="count">Slots wanted.</param>
    /// <param name="filter">The request's filter, checked again for every item against the live catalogue.</param>
    /// <param name="excluded">Further excluded ids (purchased items).</param>
    /// <param name="logImpressions">False for a ranking of the caller's own items, which is not a slate shown as it is.</param>
    /// <param name="share">The request's share, or null for the configured one adapted to the shopper.</param>
    /// <param name="feed">The feed this slate is the next page of (<see cref="FeedPages"/>), or null for a new one.</param>
    /// <returns>The slate to serve.</returns>
    public ExplorationSlate Plan(
        string user,
        ServingSnapshot snapshot,
        Span<float> scores,
        List<(int Index, Item Item, float Score)> ranked,
        ReadOnlySpan<int> history,
        int count,
        RecommendationFilter filter,
        IReadOnlySet<string>? excluded,
        double? share,
        bool logImpressions = true,
        string? feed = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(filter);
        var configured = options.Value.Share;
        var slots = new List<ExplorationSlot>(ranked.Count);
        var items = ranked;
        if (snapshot.Exploration is { } model && (share ?? configured) > 0 && ranked.Count > 0)
        {
            items = [];
            var snapshotState = _state.Snapshot(user);
            var known = WithPromoted(history, snapshotState.Promoted, model.Clusters);
            var learned = model.Learned is not null;
            var policy = new ExplorationPolicy(model.Predictor, _state, new ExplorationOptions(
                ExploreShare: configured,
                MinShare: configured / 4,
                MaxShare: Math.Min(1.0, 2 * configured),
                PropensitySamples: options.Value.PropensitySamples,
                Diversity: learned ? options.Value.Diversity : 1.0,
                NovelCoverage: learned ? options.Value.NovelCoverage : 0.0))
            {
                Learned = model.Learned,
            };
            var rng = new Random(HashCode.Combine(server.Value.Seed, Interlocked.Increment(ref _requests)));
            // The scores know the catalogue as trained; an item the live catalogue no longer allows (out of stock since)
            // is masked and the slate drawn again, so that its cluster keeps its explore slot.
            // The exploit-only ranking is reused for the exploit slots rather than selected again from the scores.
            var ranking = ranked.Select(static r => r.Index).ToArray();
            float[]? masked = null;
            IReadOnlyList<SlateEntry> slate = [];
            for (var attempt = 0; attempt < LiveCatalogueRedraws; attempt++)
            {
                slate = policy.BuildInPlace(user, masked ?? scores, ranking, snapshot.NormalizedPopularity, known, count, rng, share, snapshotState);
                var rejected = slate.Where(e => Live(snapshot, e.Item, filter, excluded) is null).ToList();
                if (rejected.Count == 0)
                {
                    break;
                }

                masked ??= scores.ToArray();
                rejected.ForEach(e => masked[e.Item] = float.NegativeInfinity);
            }

            // The request's per-brand and per-category caps hold over the whole slate, explore slots included; an item
            // over them leaves its slot to the next exploit item that fits.
            var used = new HashSet<int>();
            var caps = filter.Capped ? new ListCaps(filter) : null;
            foreach (var entry in slate.OrderBy(static e => e.Position))
            {
                if (Live(snapshot, entry.Item, filter, excluded) is not { } live || used.Contains(entry.Item) || (caps is not null && !caps.TryTake(live)))
                {
                    continue;
                }

                used.Add(entry.Item);

                items.Add((entry.Item, live, entry.Score));
                slots.Add(entry.Kind == SlotKind.Explore
                    ? new ExplorationSlot(true, model.Clusters.Labels[entry.Cluster], entry.Propensity, Reason(model.Clusters, known, entry.Cluster)) { ClusterId = entry.Cluster }
                    : ExplorationSlot.Exploit);
            }

            // An item the live catalogue no longer allows leaves its slot to the next exploit item.
            foreach (var r in ranked)
            {
                if (items.Count >= count)
                {
                    break;
                }

                if (!used.Contains(r.Index) && (caps is null || caps.TryTake(r.Item)))
                {
                    used.Add(r.Index);
                    items.Add(r);
                    slots.Add(ExplorationSlot.Exploit);
                }
            }

            Remember(user, items, slots);
        }
        else
        {
            slots.AddRange(Enumerable.Repeat(ExplorationSlot.Exploit, ranked.Count));
        }

        var slateId = FeedPages.NewSlateId(feed);
        if (logImpressions && options.Value.LogImpressions && items.Count > 0)
        {
            var now = time.GetUtcNow();
            var log = new Impression[items.Count];
            for (var p = 0; p < items.Count; p++)
            {
                var cluster = slots[p].Cluster ?? (snapshot.Exploration?.Clusters.ClusterOf(items[p].Index) is >= 0 and var c ? snapshot.Exploration.Clusters.Labels[c] : null);
                log[p] = new Impression(slateId, user, items[p].Item.Id, now, p, slots[p].Explore, cluster, slots[p].Propensity, snapshot.Version) { Placement = filter.Placement };
            }

            impressions.Enqueue(log);
        }

        return new ExplorationSlate(slateId, items, slots);
    }

    /// <summary>
    /// Feeds a like, dislike or hide into the exploration state: repeated dislikes of a cluster stop exploring it for
    /// the shopper; a like of an item served to them as exploration promotes its cluster into their interests.
    /// </summary>
    /// <param name="user">The shopper as stored.</param>
    /// <param name="snapshot">The serving snapshot.</param>
    /// <param name="item">The item reacted to.</param>
    /// <param name="reaction">The reaction.</param>
    public void Record(string user, ServingSnapshot snapshot, Item item, ShopperReaction reaction)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(item);
        if (snapshot.Exploration is not { } model || model.Clusters.ClusterOf(snapshot.Items.IndexOf(item.Id)) is not (>= 0 and var cluster))
        {
            return;
        }

        var explored = false;
        if (_explored.TryGetValue(user, out var served))
        {
            lock (served)
            {
                explored = served.TryGetValue(item.Id, out var servedCluster) && servedCluster == cluster;
            }
        }

        var kind = reaction switch
        {
            ShopperReaction.Like => FeedbackKind.Like,
            ShopperReaction.Dislike => FeedbackKind.Dislike,
            _ => FeedbackKind.Hide,
        };
        _state.Record(user, cluster, kind, explored);
    }

    /// <summary>Forgets a shopper's exploration state and the items explored for them (erasure).</summary>
    /// <param name="user">The shopper as stored.</param>
    /// <returns>Whether anything was held.</returns>
    public bool Forget(string user)
    {
        var state = _state.Forget(user);
        var served = _explored.TryRemove(user, out _);
        return state || served;
    }

    private Item? Live(ServingSnapshot snapshot, int index, RecommendationFilter filter, IReadOnlySet<string>? excluded)
    {
        var id = snapshot.Items[index];
        return catalog.TryGet(id, out var live) && filter.Allows(live) && excluded?.Contains(id) != true ? live : null;
    }

    // A promoted cluster is part of the shopper's interests now: it counts as seen (so it is no longer explored) and
    // as their most recent interest for predicting what comes next.
    private static int[] WithPromoted(ReadOnlySpan<int> history, IReadOnlySet<int> promoted, ClusterMap clusters)
    {
        var known = new List<int>(history.Length + promoted.Count);
        known.AddRange(history);
        foreach (var cluster in promoted)
        {
            if (clusters.ItemsOf(cluster) is { Length: > 0 } members)
            {
                known.Add(members[0]);
            }
        }

        return [.. known];
    }

    private static string Reason(ClusterMap clusters, int[] history, int cluster)
    {
        for (var i = history.Length - 1; i >= 0; i--)
        {
            if (clusters.ClusterOf(history[i]) is >= 0 and var theirs && theirs != cluster)
            {
                return $"something new: {clusters.Labels[cluster]}, popular with shoppers who like {clusters.Labels[theirs]}";
            }
        }

        return $"something new: {clusters.Labels[cluster]}, popular with shoppers";
    }

    private void Remember(string user, List<(int Index, Item Item, float Score)> items, List<ExplorationSlot> slots)
    {
        if (!slots.Any(static s => s.Explore))
        {
            return;
        }

        var served = _explored.GetOrAdd(user, static _ => new Dictionary<string, int>(StringComparer.Ordinal));
        lock (served)
        {
            if (served.Count >= RememberedPerShopper)
            {
                served.Clear();
            }

            for (var p = 0; p < items.Count; p++)
            {
                if (slots[p].Explore)
                {
                    served[items[p].Item.Id] = slots[p].ClusterId;
                }
            }
        }
    }
}

/// <summary>How one slot of a served slate was filled.</summary>
/// <param name="Explore">Whether the exploration policy filled it.</param>
/// <param name="Cluster">The explored cluster's label (explore slots only).</param>
/// <param name="Propensity">The policy's probability of this choice; 1 for exploit slots.</param>
/// <param name="Reason">The explanation shown for an explore slot.</param>
public sealed record ExplorationSlot(bool Explore, string? Cluster, double Propensity, string? Reason)
{
    /// <summary>An exploit slot.</summary>
    public static ExplorationSlot Exploit { get; } = new(false, null, 1.0, null);

    /// <summary>The explored cluster's index, set for explore slots.</summary>
    public int ClusterId { get; init; } = -1;
}

/// <summary>A slate as served: items in order and how each slot was filled.</summary>
/// <param name="Id">The slate id, logged with each impression and returned to the caller.</param>
/// <param name="Items">The items in slate order.</param>
/// <param name="Slots">One entry per item.</param>
public sealed record ExplorationSlate(string Id, List<(int Index, Item Item, float Score)> Items, IReadOnlyList<ExplorationSlot> Slots)
{
    /// <summary>Marks an item's response entry with its slot: explore items get the flag, cluster, propensity and reason.</summary>
    /// <param name="position">The item's position.</param>
    /// <param name="item">The entry as built for an exploit slot.</param>
    /// <returns>The entry to serve.</returns>
    public RecommendedItem Mark(int position, RecommendedItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var slot = Slots[position];
        return slot.Explore ? item with { Reason = slot.Reason ?? item.Reason, Explore = true, Cluster = slot.Cluster, Propensity = slot.Propensity } : item;
    }
}
