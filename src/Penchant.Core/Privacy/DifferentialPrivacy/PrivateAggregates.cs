using Penchant.Core.Data;

namespace Penchant.Core.Privacy.DifferentialPrivacy;

/// <summary>
/// Releases aggregate statistics with differential privacy: segment and audience sizes, item popularity exports,
/// interest counts per category. Every release is charged to a consumer's budget first, is withheld below the minimum
/// group size k, and bounds each user's influence by clamping contributions.
/// </summary>
/// <remarks>
/// <para>
/// Sensitivity by construction. Counts are of distinct users, never of events: a user who viewed an item fifty times
/// counts once for it. In a histogram each user counts towards at most L = <see cref="PrivateAggregatesOptions.MaxKeysPerUser"/>
/// keys; further keys of that user are dropped, keeping the first L in the order given (pass a user's keys most recent
/// first). Adding or removing one user therefore changes at most L counts by one each: L1 sensitivity L, L2 sensitivity √L.
/// A single count has sensitivity 1.
/// </para>
/// <para>
/// Mechanism by cost. A cost with δ = 0 uses the <see cref="LaplaceMechanism"/> (b = L/ε); δ &gt; 0 uses the
/// <see cref="GaussianMechanism"/> (σ for Δ₂ = √L), which adds less noise to wide histograms. The whole histogram costs
/// the one (ε, δ) given. Outputs are snapped, then rounded to whole counts and floored at zero (post-processing, free).
/// </para>
/// <para>
/// The k threshold compares the true number of distinct contributors with k. That is a hard guarantee that no
/// released figure describes fewer than k people, but the decision to suppress is itself not noised, so it is outside
/// the ε accounting: an observer learns whether a group has at least k members. The budget is charged whether or not
/// anything is suppressed, so spending reveals nothing further, and a consumer cannot probe sizes for free.
/// </para>
/// </remarks>
public sealed class PrivateAggregates
{
    private readonly PrivacyBudgetAccountant _accountant;
    private readonly INoiseSource _noise;
    private readonly PrivateAggregatesOptions _options;

    public PrivateAggregates(PrivacyBudgetAccountant accountant, INoiseSource noise, PrivateAggregatesOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(accountant);
        ArgumentNullException.ThrowIfNull(noise);
        _accountant = accountant;
        _noise = noise;
        _options = options ?? PrivateAggregatesOptions.Default;
        _options.Validate();
    }

    /// <summary>A noisy count of distinct users, e.g. a segment or audience size.</summary>
    public PrivateCount CountUsers(string consumer, IEnumerable<string> userIds, PrivacyCost cost)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        var mechanism = MechanismFor(cost, keysPerUser: 1);
        var budget = _accountant.TrySpend(consumer, cost);
        if (!budget.Granted)
        {
            return new PrivateCount(ReleaseStatus.BudgetExhausted, null, PrivacyCost.Zero, budget);
        }

        var distinct = new HashSet<string>(userIds, StringComparer.Ordinal).Count;
        return distinct < _options.MinimumGroupSize
            ? new PrivateCount(ReleaseStatus.BelowMinimumGroupSize, null, cost, budget)
            : new PrivateCount(ReleaseStatus.Released, ToCount(mechanism.Release(distinct, _noise)), cost, budget);
    }

    /// <summary>
    /// A noisy count of distinct users per key (an item, a category, an interest), each user clamped to
    /// <see cref="PrivateAggregatesOptions.MaxKeysPerUser"/> keys.
    /// </summary>
    public PrivateHistogram<TKey> Histogram<TKey>(string consumer, IEnumerable<(string UserId, TKey Key)> contributions, PrivacyCost cost)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(contributions);
        var mechanism = MechanismFor(cost, _options.MaxKeysPerUser);
        var budget = _accountant.TrySpend(consumer, cost);
        if (!budget.Granted)
        {
            return new PrivateHistogram<TKey>(ReleaseStatus.BudgetExhausted, new Dictionary<TKey, long>(), 0, PrivacyCost.Zero, budget);
        }

        var counts = ClampedCounts(contributions, _options.MaxKeysPerUser);
        var released = new Dictionary<TKey, long>();
        var suppressed = 0;
        foreach (var (key, count) in counts)
        {
            if (count < _options.MinimumGroupSize)
            {
                suppressed++;
            }
            else
            {
                released[key] = ToCount(mechanism.Release(count, _noise));
            }
        }

        var status = released.Count == 0 ? ReleaseStatus.BelowMinimumGroupSize : ReleaseStatus.Released;
        return new PrivateHistogram<TKey>(status, released, suppressed, cost, budget);
    }

    /// <summary>
    /// Item popularity for export: how many distinct users interacted with each item, from events given newest
    /// first (the order decides which items count for users above the per-user cap). Events without an item are skipped.
    /// </summary>
    public PrivateHistogram<string> ItemPopularity(string consumer, IEnumerable<Event> eventsNewestFirst, PrivacyCost cost)
    {
        ArgumentNullException.ThrowIfNull(eventsNewestFirst);
        return Histogram(
            consumer,
            eventsNewestFirst.Where(e => e.ItemId is not null).Select(e => (e.UserId, e.ItemId!)),
            cost);
    }

    /// <summary>Distinct users per key with each user clamped to the first <paramref name="maxKeysPerUser"/> distinct keys.</summary>
    internal static Dictionary<TKey, int> ClampedCounts<TKey>(IEnumerable<(string UserId, TKey Key)> contributions, int maxKeysPerUser)
        where TKey : notnull
    {
        var keysByUser = new Dictionary<string, HashSet<TKey>>(StringComparer.Ordinal);
        var counts = new Dictionary<TKey, int>();
        foreach (var (user, key) in contributions)
        {
            if (!keysByUser.TryGetValue(user, out var keys))
            {
                keysByUser[user] = keys = [];
            }

            if (keys.Count < maxKeysPerUser && keys.Add(key))
            {
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        return counts;
    }

    private INoiseMechanism MechanismFor(PrivacyCost cost, int keysPerUser)
    {
        if (!(cost.Epsilon > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(cost), cost, "A release needs ε > 0.");
        }

        return cost.Delta == 0
            ? new LaplaceMechanism(keysPerUser, cost.Epsilon)
            : new GaussianMechanism(Math.Sqrt(keysPerUser), cost.Epsilon, cost.Delta, _options.GaussianCalibration);
    }

    private static long ToCount(double noisy) => Math.Max(0, (long)Math.Round(noisy, MidpointRounding.ToEven));
}
