using System.Collections.Concurrent;
using Penchant.Core.Data;

namespace Penchant.Server.Services;

/// <summary>An explicit reaction to a recommended item.</summary>
public enum ShopperReaction
{
    Like,
    Dislike,
    Hide,
}

/// <summary>
/// Explicit feedback (like, dislike, hide) on recommended items, applied to that shopper's very next
/// recommendations without retraining: a hidden item disappears; each dislike lowers the item's leaf category
/// and brand by a share of the score range (so repeated dislikes of a category push it out of the list); a
/// like raises the item's leaf category. Held in memory per server process.
/// </summary>
public sealed class FeedbackService
{
    /// <summary>Share of the score range one dislike of a category or brand subtracts from its items.</summary>
    public const float DislikePenalty = 0.5f;

    /// <summary>Share of the score range one like of a category adds to its items.</summary>
    public const float LikeBoost = 0.15f;

    private readonly ConcurrentDictionary<string, ShopperFeedback> _shoppers = new(StringComparer.Ordinal);

    /// <summary>Records a reaction of <paramref name="user"/> to <paramref name="item"/>.</summary>
    public void Record(string user, Item item, ShopperReaction reaction)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(item);
        var state = _shoppers.GetOrAdd(user, static _ => new ShopperFeedback());
        lock (state)
        {
            switch (reaction)
            {
                case ShopperReaction.Hide:
                    state.Hidden.Add(item.Id);
                    break;
                case ShopperReaction.Dislike:
                    state.Hidden.Add(item.Id);
                    Count(state.Categories, item.LeafCategory, -1);
                    Count(state.Brands, item.Brand, -1);
                    break;
                case ShopperReaction.Like:
                    Count(state.Categories, item.LeafCategory, +1);
                    break;
            }
        }
    }

    /// <summary>Drops everything recorded for <paramref name="user"/> (erasure); true when there was something.</summary>
    public bool Forget(string user) => _shoppers.TryRemove(user, out _);

    /// <summary>Applies <paramref name="user"/>'s feedback to dense scores over <paramref name="snapshot"/>'s items, in place.</summary>
    public void Apply(string user, ServingSnapshot snapshot, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!_shoppers.TryGetValue(user, out var state))
        {
            return;
        }

        var min = float.PositiveInfinity;
        var max = float.NegativeInfinity;
        foreach (var s in scores)
        {
            if (float.IsFinite(s))
            {
                min = Math.Min(min, s);
                max = Math.Max(max, s);
            }
        }

        var range = max > min ? max - min : 1f;
        lock (state)
        {
            foreach (var (category, net) in state.Categories)
            {
                Shift(scores, snapshot.ItemsByLeafCategory.GetValueOrDefault(category), range * (net < 0 ? net * DislikePenalty : net * LikeBoost));
            }

            foreach (var (brand, net) in state.Brands)
            {
                Shift(scores, snapshot.ItemsByBrand.GetValueOrDefault(brand), range * net * DislikePenalty);
            }

            foreach (var id in state.Hidden)
            {
                var index = snapshot.Items.IndexOf(id);
                if ((uint)index < (uint)scores.Length)
                {
                    scores[index] = float.NegativeInfinity;
                }
            }
        }
    }

    private static void Count(Dictionary<string, int> counts, string? key, int delta)
    {
        if (key is not null)
        {
            counts[key] = counts.GetValueOrDefault(key) + delta;
        }
    }

    private static void Shift(Span<float> scores, int[]? items, float delta)
    {
        foreach (var i in items ?? [])
        {
            if ((uint)i < (uint)scores.Length && float.IsFinite(scores[i]))
            {
                scores[i] += delta;
            }
        }
    }

    private sealed class ShopperFeedback
    {
        public HashSet<string> Hidden { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> Categories { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Dictionary<string, int> Brands { get; } = new(StringComparer.OrdinalIgnoreCase);
    }
}
