using Microsoft.Extensions.Options;
using Penchant.Core.Data;
using Penchant.Core.Privacy;
using Penchant.Core.Privacy.Audit;
using Penchant.Core.Privacy.DifferentialPrivacy;
using Penchant.Core.Search;
using Penchant.Server.Contracts;
using Penchant.Server.Options;
using Penchant.Server.Services;
using Penchant.Storage;

namespace Penchant.Server.Privacy;

/// <summary>
/// The aggregates that leave the engine (item popularity, interest counts per category, audience sizes), released
/// through the core <see cref="PrivateAggregates"/>: counts of distinct shoppers with each shopper's contribution
/// capped, Laplace noise (δ = 0) or Gaussian noise (δ &gt; 0), nothing below k shoppers, and every release charged
/// to the asking API key's budget first. Shoppers whose consent withholds profiling are left out before counting.
/// </summary>
/// <remarks>
/// Spending is persisted in the store after every release and read back on the first export after a start, so a
/// restart does not refill a budget. Each release is recorded in the audit log.
/// </remarks>
public sealed class PrivateExportService(
    IPenchantStore store,
    IPrivacyStore privacyStore,
    CatalogCache catalog,
    IOptions<PrivacyOptions> options,
    IOptions<PenchantServerOptions> server,
    TimeProvider time)
{
    private readonly EventWeights _weights = server.Value.Weights();

    private readonly SemaphoreSlim _load = new(1, 1);
    private PrivacyBudgetAccountant? _accountant;
    private PrivateAggregates? _aggregates;

    /// <summary>The consent policy exports apply.</summary>
    public ConsentPolicy Consent => options.Value.RequireExplicitConsent ? ConsentPolicy.OptIn : ConsentPolicy.Default;

    /// <summary>How many distinct consenting shoppers interacted with each item.</summary>
    /// <param name="consumer">The API key name charged.</param>
    /// <param name="cost">The privacy cost of the release.</param>
    /// <param name="cancellation">Cancels reading the store.</param>
    public async Task<PrivateHistogram<string>> ItemPopularityAsync(string consumer, PrivacyCost cost, CancellationToken cancellation)
    {
        var aggregates = await AggregatesAsync(cancellation);
        var events = await ConsentingEventsNewestFirstAsync(cancellation);
        var histogram = aggregates.ItemPopularity(consumer, events, cost);
        await RecordAsync(consumer, "export.popularity", histogram.Budget, cancellation);
        return histogram;
    }

    /// <summary>How many distinct consenting shoppers showed interest in each leaf category.</summary>
    /// <param name="consumer">The API key name charged.</param>
    /// <param name="cost">The privacy cost of the release.</param>
    /// <param name="cancellation">Cancels reading the store.</param>
    public async Task<PrivateHistogram<string>> InterestsAsync(string consumer, PrivacyCost cost, CancellationToken cancellation)
    {
        var aggregates = await AggregatesAsync(cancellation);
        var events = await ConsentingEventsNewestFirstAsync(cancellation);
        var contributions = events
            .Where(e => e.ItemId is not null && _weights.WeightOf(e.Type, e.Value) > 0)
            .Select(e => (e.UserId, Category: catalog.TryGet(e.ItemId!, out var item) ? item.LeafCategory : null))
            .Where(static c => c.Category is not null)
            .Select(static c => (c.UserId, c.Category!));
        var histogram = aggregates.Histogram(consumer, contributions, cost);
        await RecordAsync(consumer, "export.interests", histogram.Budget, cancellation);
        return histogram;
    }

    /// <summary>
    /// How many distinct consenting shoppers searched for each query (<see cref="Penchant.Core.Search.SearchQueryText"/>:
    /// case, spacing and outer punctuation aside), from the <c>search</c> events the shop sent, each shopper's most recent
    /// queries up to the cap counting. The queries are the shoppers' own words, so none typed by fewer than k shoppers is
    /// released.
    /// </summary>
    /// <param name="consumer">The API key name charged.</param>
    /// <param name="cost">The privacy cost of the release.</param>
    /// <param name="cancellation">Cancels reading the store.</param>
    public async Task<PrivateHistogram<string>> SearchesAsync(string consumer, PrivacyCost cost, CancellationToken cancellation)
    {
        var aggregates = await AggregatesAsync(cancellation);
        var events = await ConsentingEventsNewestFirstAsync(cancellation);
        var contributions = events
            .Where(static e => e.Type == EventType.Search)
            .Select(static e => (e.UserId, Query: SearchQueryText.Normalize(e.Text)))
            .Where(static c => c.Query is not null)
            .Select(static c => (c.UserId, c.Query!));
        var histogram = aggregates.Histogram(consumer, contributions, cost);
        await RecordAsync(consumer, "export.searches", histogram.Budget, cancellation);
        return histogram;
    }

    /// <summary>
    /// A histogram over keys each shopper contributes to (e.g. the segment each consenting shopper is in), released with
    /// the same noise, capping, k and budget as the other exports, and audited as <paramref name="action"/>.
    /// </summary>
    /// <param name="consumer">The API key name charged.</param>
    /// <param name="action">The audit action, e.g. "export.segments".</param>
    /// <param name="contributions">(shopper, key) pairs; a shopper's first keys up to the cap count.</param>
    /// <param name="cost">The privacy cost of the release.</param>
    /// <param name="cancellation">Cancels writing the budget and the audit entry.</param>
    public async Task<PrivateHistogram<string>> HistogramAsync(
        string consumer, string action, IEnumerable<(string User, string Key)> contributions, PrivacyCost cost, CancellationToken cancellation)
    {
        var aggregates = await AggregatesAsync(cancellation);
        var histogram = aggregates.Histogram(consumer, contributions, cost);
        await RecordAsync(consumer, action, histogram.Budget, cancellation);
        return histogram;
    }

    /// <summary>The size of an audience: distinct consenting shoppers with positive evidence on items of a category.</summary>
    /// <param name="consumer">The API key name charged.</param>
    /// <param name="category">A category name at any level of the items' paths.</param>
    /// <param name="cost">The privacy cost of the release.</param>
    /// <param name="cancellation">Cancels reading the store.</param>
    public async Task<PrivateCount> AudienceSizeAsync(string consumer, string category, PrivacyCost cost, CancellationToken cancellation)
    {
        var aggregates = await AggregatesAsync(cancellation);
        var events = await ConsentingEventsNewestFirstAsync(cancellation);
        var members = events
            .Where(e => e.ItemId is not null && _weights.WeightOf(e.Type, e.Value) > 0
                && catalog.TryGet(e.ItemId!, out var item) && item.Categories.Contains(category, StringComparer.OrdinalIgnoreCase))
            .Select(static e => e.UserId);
        var count = aggregates.CountUsers(consumer, members, cost);
        await RecordAsync(consumer, "export.audience", count.Budget, cancellation);
        return count;
    }

    /// <summary>What a consumer has spent and may spend.</summary>
    /// <param name="consumer">The API key name.</param>
    /// <param name="cancellation">Cancels reading the store.</param>
    public async Task<PrivacyBudgetResponse> BudgetAsync(string consumer, CancellationToken cancellation)
    {
        await AggregatesAsync(cancellation);
        var spent = _accountant!.SpentBy(consumer);
        var o = options.Value;
        return new PrivacyBudgetResponse(consumer, spent.Epsilon, spent.Delta, o.ExportEpsilonLimit, o.ExportDeltaLimit);
    }

    /// <summary>
    /// Which shoppers (by stored id, the pseudonym) may be profiled under <see cref="Consent"/>: those whose recorded
    /// consent allows it, and those without a record when the policy allows that.
    /// </summary>
    public async Task<Func<string, bool>> ProfilingAllowedAsync(CancellationToken cancellation)
    {
        var policy = Consent;
        var refused = new HashSet<string>(StringComparer.Ordinal);
        var known = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var user in store.StreamUsersAsync(cancellation))
        {
            known.Add(user.Id);
            if (!policy.MayProfile(user.Consent))
            {
                refused.Add(user.Id);
            }
        }

        var unknownAllowed = policy.MayProfile(null);
        return id => !refused.Contains(id) && (unknownAllowed || known.Contains(id));
    }

    private async Task<List<Event>> ConsentingEventsNewestFirstAsync(CancellationToken cancellation)
    {
        var allowed = await ProfilingAllowedAsync(cancellation);
        var events = new List<Event>();
        await foreach (var e in store.StreamEventsAsync(cancellation))
        {
            if (allowed(e.UserId))
            {
                events.Add(e);
            }
        }

        events.Reverse();
        return events;
    }

    private async Task RecordAsync(string consumer, string action, BudgetDecision budget, CancellationToken cancellation)
    {
        if (budget.Granted)
        {
            await privacyStore.SavePrivacySpendAsync(consumer, budget.Spent, cancellation);
        }

        await privacyStore.AppendAsync(
            new AuditEntry(consumer, action, "aggregate", time.GetUtcNow(), new Dictionary<string, string>
            {
                ["granted"] = budget.Granted ? "true" : "false",
                ["epsilon"] = budget.Requested.Epsilon.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                ["delta"] = budget.Requested.Delta.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                ["spent_epsilon"] = budget.Spent.Epsilon.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            }),
            cancellation);
    }

    private async Task<PrivateAggregates> AggregatesAsync(CancellationToken cancellation)
    {
        if (_aggregates is { } ready)
        {
            return ready;
        }

        await _load.WaitAsync(cancellation);
        try
        {
            if (_aggregates is null)
            {
                var o = options.Value;
                var spent = await privacyStore.LoadPrivacySpendAsync(cancellation);
                _accountant = new PrivacyBudgetAccountant(new PrivacyBudgetOptions(new PrivacyCost(o.ExportEpsilonLimit, o.ExportDeltaLimit)), spent);
                _aggregates = new PrivateAggregates(_accountant, SecureNoiseSource.Instance, new PrivateAggregatesOptions(o.MinimumGroupSize, o.MaxKeysPerUser));
            }

            return _aggregates;
        }
        finally
        {
            _load.Release();
        }
    }
}
