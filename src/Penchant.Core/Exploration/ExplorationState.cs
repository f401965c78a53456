using System.Collections.Concurrent;

namespace Penchant.Core.Exploration;

/// <summary>One shopper's exploration outcomes, per cluster and overall. Guarded by the owning <see cref="ExplorationState"/>.</summary>
public sealed class ShopperExploration
{
    internal readonly Dictionary<int, (double Successes, double Failures, int Dislikes)> Clusters = [];

    internal readonly HashSet<int> Stopped = [];

    internal readonly HashSet<int> Promoted = [];

    internal double ExploreSuccesses;

    internal double ExploreFailures;
}

/// <summary>A read-only copy of a shopper's exploration state.</summary>
/// <param name="Stopped">Clusters no longer explored for this shopper (repeated dislikes).</param>
/// <param name="Promoted">Explored clusters the shopper liked: now part of their interests.</param>
/// <param name="ExploreSuccesses">Weighted successes of explore slots.</param>
/// <param name="ExploreFailures">Weighted failures of explore slots.</param>
public sealed record ShopperExplorationSnapshot(IReadOnlySet<int> Stopped, IReadOnlySet<int> Promoted, double ExploreSuccesses, double ExploreFailures);

/// <summary>
/// Live exploration state for all shoppers: Beta posteriors of explore success per (shopper, cluster),
/// stopped and promoted clusters, and each shopper's overall explore outcome that adapts their budget.
/// Thread-safe; updated in real time from feedback.
/// </summary>
public sealed class ExplorationState(FeedbackOptions? options = null)
{
    private readonly ConcurrentDictionary<string, ShopperExploration> _shoppers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, (double Successes, double Failures)> _global = new();

    public FeedbackOptions Options { get; } = options ?? new FeedbackOptions();

    /// <summary>Records feedback on an item of <paramref name="cluster"/> shown to <paramref name="shopper"/>.</summary>
    /// <param name="shopper">The shopper's key.</param>
    /// <param name="cluster">The item's cluster.</param>
    /// <param name="kind">What the shopper did.</param>
    /// <param name="explored">Whether the item was in an explore slot.</param>
    public void Record(string shopper, int cluster, FeedbackKind kind, bool explored)
    {
        ArgumentNullException.ThrowIfNull(shopper);
        var (success, failure) = kind switch
        {
            FeedbackKind.Ignored => (0.0, Options.IgnoredWeight),
            FeedbackKind.Click => (1.0, 0.0),
            FeedbackKind.Conversion => (2.0, 0.0),
            FeedbackKind.Like => (3.0, 0.0),
            FeedbackKind.Dislike => (0.0, 3.0),
            FeedbackKind.Hide => (0.0, 3.0),
            _ => (0.0, 0.0),
        };
        var state = _shoppers.GetOrAdd(shopper, static _ => new ShopperExploration());
        lock (state)
        {
            var (s, f, d) = state.Clusters.GetValueOrDefault(cluster);
            var negative = kind is FeedbackKind.Dislike or FeedbackKind.Hide;
            d += negative ? 1 : 0;
            state.Clusters[cluster] = (s + success, f + failure, d);
            if (negative && d >= Options.DislikesToStop)
            {
                state.Stopped.Add(cluster);
                state.Promoted.Remove(cluster);
            }

            if (explored && kind is FeedbackKind.Like or FeedbackKind.Conversion)
            {
                state.Promoted.Add(cluster);
                state.Stopped.Remove(cluster);
            }

            if (explored)
            {
                state.ExploreSuccesses += success;
                state.ExploreFailures += failure;
            }
        }

        _global.AddOrUpdate(cluster, (success, failure), (_, g) => (g.Successes + success, g.Failures + failure));
    }

    /// <summary>The Beta posterior (alpha, beta) of explore success for a shopper and cluster.</summary>
    public (double Alpha, double Beta) Posterior(string shopper, int cluster)
    {
        var (gs, gf) = _global.GetValueOrDefault(cluster);
        var alpha = 1.0 + (Options.GlobalShare * gs);
        var beta = 1.0 + (Options.GlobalShare * gf);
        if (_shoppers.TryGetValue(shopper, out var state))
        {
            lock (state)
            {
                var (s, f, _) = state.Clusters.GetValueOrDefault(cluster);
                alpha += s;
                beta += f;
            }
        }

        return (alpha, beta);
    }

    /// <summary>A copy of one shopper's state (empty for a shopper with none).</summary>
    public ShopperExplorationSnapshot Snapshot(string shopper)
    {
        if (!_shoppers.TryGetValue(shopper, out var state))
        {
            return new ShopperExplorationSnapshot(new HashSet<int>(), new HashSet<int>(), 0, 0);
        }

        lock (state)
        {
            return new ShopperExplorationSnapshot(
                new HashSet<int>(state.Stopped),
                new HashSet<int>(state.Promoted),
                state.ExploreSuccesses,
                state.ExploreFailures);
        }
    }

    /// <summary>Forgets everything about a shopper (erasure).</summary>
    public bool Forget(string shopper) => _shoppers.TryRemove(shopper, out _);

    /// <summary>How many shoppers have state.</summary>
    public int ShopperCount => _shoppers.Count;
}
