using Microsoft.Extensions.Options;
using Penchant.Core.Data;
using Penchant.Core.Profiles;
using Penchant.Core.Text;
using Penchant.Server.Contracts;
using Penchant.Server.Options;
using Penchant.Storage;

namespace Penchant.Server.Services;

/// <summary>
/// Interest profiles from the core <see cref="InterestProfileBuilder"/>: long- and short-term, time-decaying
/// interests over categories, brands, tags, search keywords and the interest clusters of the serving snapshot,
/// raised or lowered by review sentiment (read by the built-in lexicon analyzer), each with its evidence.
/// Computed from the stored events on request, so it reflects every accepted event at once: a new event on a
/// clustered item moves its cluster's interest without retraining. A shopper who withheld profiling consent
/// gets an empty profile.
/// </summary>
public sealed class BuiltInterestProfileProvider(
    IPenchantStore store,
    CatalogCache catalog,
    ServingModel serving,
    IOptions<PenchantServerOptions> options,
    TimeProvider time) : IInterestProfileProvider
{
    private const int MaxEvents = 2000;
    private const int Listed = 10;

    private readonly InterestProfileBuilder _builder = new(
        InterestProfileOptions.Default with { Weights = options.Value.Weights() },
        new LexiconSentimentAnalyzer());

    public async Task<InterestProfileDto> GetProfileAsync(string userId, CancellationToken cancellation) =>
        (await GetProfileAndCoreAsync(userId, cancellation)).Profile;

    /// <summary>The profile as the API gives it, and the core profile it was made from (null when profiling is not consented to), from one read of the events.</summary>
    public async Task<(InterestProfileDto Profile, InterestProfile? Core)> GetProfileAndCoreAsync(string userId, CancellationToken cancellation)
    {
        var snapshot = serving.Current;
        var profile = await BuildAsync(userId, snapshot, cancellation);
        var now = time.GetUtcNow();
        var clusterIds = snapshot.ClusterIdsByLabel;
        if (profile is null)
        {
            return (new InterestProfileDto(userId, 0, [], [], now, [], [], []), null);
        }

        return (new InterestProfileDto(
            userId,
            (int)profile.EventCount,
            Weights(profile, FacetKind.Category),
            Weights(profile, FacetKind.Brand),
            now,
            [.. profile.Top(Listed, ProfileHorizon.LongTerm).Select(r => ToDto(r, now, clusterIds))],
            [.. profile.Top(Listed, ProfileHorizon.ShortTerm).Select(r => ToDto(r, now, clusterIds, recent: true))],
            [.. profile.Aversions(Listed).Select(r => ToDto(r, now, clusterIds))],
            Weights(profile, FacetKind.Cluster)), profile);
    }

    /// <summary>The core profile of a shopper over the serving snapshot's clusters, or null when profiling is not consented to.</summary>
    public Task<InterestProfile?> BuildAsync(string userId, CancellationToken cancellation) => BuildAsync(userId, serving.Current, cancellation);

    private async Task<InterestProfile?> BuildAsync(string userId, ServingSnapshot snapshot, CancellationToken cancellation)
    {
        var user = await store.GetUserAsync(userId, cancellation);
        if (user is not null && !user.ConsentOrDefault.Profiling)
        {
            return null;
        }

        var events = await store.GetUserEventsAsync(userId, MaxEvents, cancellation);
        var chronological = events.OrderBy(static e => e.Timestamp).ToList();
        var profile = _builder.Build(
            userId,
            chronological,
            id => catalog.TryGet(id, out var item) ? item : null,
            snapshot.Clusters is null ? null : snapshot.ClusterLabelOf);
        return profile;
    }

    private static List<InterestWeight> Weights(InterestProfile profile, FacetKind kind)
    {
        var top = profile.Top(Listed, ProfileHorizon.LongTerm, kind);
        var sum = top.Sum(static r => r.Score);
        return sum <= 0 ? [] : [.. top.Select(r => new InterestWeight(r.Interest.Facet.Value, Math.Round(r.Score / sum, 6)))];
    }

    private static InterestDto ToDto(RankedInterest ranked, DateTimeOffset now, IReadOnlyDictionary<string, int> clusterIds, bool recent = false)
    {
        var i = ranked.Interest;
        return new InterestDto(
            i.Facet.Kind.ToString().ToLowerInvariant(),
            i.Facet.Value,
            Math.Round(ranked.Score, 6),
            recent ? i.RecentSummary(now) : i.Summary(now),
            new InterestEvidenceDto(
                i.Counts.ToDictionary(static p => p.Key.WireName(), static p => p.Value),
                [.. i.RecentEvents.Select(static e => e.EventId)],
                [.. i.Reviews.Select(static r => new ReviewEvidenceDto(r.EventId, Math.Round(r.Opinion, 4), Math.Round(r.Effect, 4)))],
                i.FirstSeen,
                i.LastSeen),
            i.Facet.Kind == FacetKind.Cluster && clusterIds.TryGetValue(i.Facet.Value, out var id) ? id : null);
    }
}
