using Penchant.Core.Clustering;
using Penchant.Core.Data;
using Penchant.Core.Privacy;
using Penchant.Storage;

namespace Penchant.Cli.Engine;

/// <summary>
/// A store seen through <see cref="IngestPrivacy"/>: users and events written through it are pseudonymised,
/// minimised and masked exactly as the server's ingest endpoints do, and lookups by user id use the pseudonym, so
/// an importer needs no privacy code of its own. Reads that stream whole tables return what is stored (pseudonyms).
/// </summary>
internal sealed class PrivacyIngestStore(IPenchantStore inner, IngestPrivacy privacy) : IPenchantStore
{
    /// <summary>Everything dropped and masked so far (imports are sequential, so one tally serves).</summary>
    public IngestTally Tally { get; } = new();

    public Task<WriteResult> UpsertUsersAsync(IReadOnlyList<User> users, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(users);
        return inner.UpsertUsersAsync([.. users.Select(u => privacy.Prepare(u, Tally))], cancellation);
    }

    public Task<WriteResult> AppendEventsAsync(IReadOnlyList<Event> events, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        return inner.AppendEventsAsync([.. events.Select(e => privacy.Prepare(e, Tally))], cancellation);
    }

    public Task<AppendOutcome[]> AppendEventsReportingEachAsync(IReadOnlyList<Event> events, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        return inner.AppendEventsReportingEachAsync([.. events.Select(e => privacy.Prepare(e, Tally))], cancellation);
    }

    public Task<User?> GetUserAsync(string id, CancellationToken cancellation = default) => inner.GetUserAsync(privacy.UserKey(id), cancellation);

    public Task<bool> DeleteUserAsync(string id, CancellationToken cancellation = default) => inner.DeleteUserAsync(privacy.UserKey(id), cancellation);

    public Task<IReadOnlyList<Event>> GetUserEventsAsync(string userId, int limit, CancellationToken cancellation = default) =>
        inner.GetUserEventsAsync(privacy.UserKey(userId), limit, cancellation);

    public async Task<IReadOnlySet<string>> GetUsersWithEventsAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        var byPseudonym = userIds.Distinct(StringComparer.Ordinal).ToDictionary(privacy.UserKey, static id => id, StringComparer.Ordinal);
        var found = await inner.GetUsersWithEventsAsync(byPseudonym.Keys, cancellation);
        return found.Select(p => byPseudonym[p]).ToHashSet(StringComparer.Ordinal);
    }

    public Task<int> DeleteUserEventsAsync(string userId, CancellationToken cancellation = default) =>
        inner.DeleteUserEventsAsync(privacy.UserKey(userId), cancellation);

    public IAsyncEnumerable<User> StreamUsersAsync(CancellationToken cancellation = default) => inner.StreamUsersAsync(cancellation);

    public Task<long> CountUsersAsync(CancellationToken cancellation = default) => inner.CountUsersAsync(cancellation);

    public IAsyncEnumerable<Event> StreamEventsAsync(CancellationToken cancellation = default) => inner.StreamEventsAsync(cancellation);

    public IAsyncEnumerable<Event> StreamUserEventsSinceAsync(IReadOnlyCollection<string> userIds, DateTimeOffset since, CancellationToken cancellation = default) =>
        inner.StreamUserEventsSinceAsync([.. userIds.Select(privacy.UserKey)], since, cancellation);

    public Task<long> CountEventsAsync(CancellationToken cancellation = default) => inner.CountEventsAsync(cancellation);

    public Task<int> DeleteEventsBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellation = default) => inner.DeleteEventsBeforeAsync(cutoff, cancellation);

    public Task SaveInterestClustersAsync(InterestClusters clusters, CancellationToken cancellation = default) => inner.SaveInterestClustersAsync(clusters, cancellation);

    public Task<InterestClusters?> LoadInterestClustersAsync(CancellationToken cancellation = default) => inner.LoadInterestClustersAsync(cancellation);

    public Task<WriteResult> UpsertItemsAsync(IReadOnlyList<Item> items, CancellationToken cancellation = default) => inner.UpsertItemsAsync(items, cancellation);

    public Task<Item?> GetItemAsync(string id, CancellationToken cancellation = default) => inner.GetItemAsync(id, cancellation);

    public Task<bool> DeleteItemAsync(string id, CancellationToken cancellation = default) => inner.DeleteItemAsync(id, cancellation);

    public Task<IReadOnlyList<Item>> ListItemsAsync(string? afterId, int limit, CancellationToken cancellation = default) => inner.ListItemsAsync(afterId, limit, cancellation);

    public IAsyncEnumerable<Item> StreamItemsAsync(CancellationToken cancellation = default) => inner.StreamItemsAsync(cancellation);

    public IAsyncEnumerable<string> StreamItemIdsAsync(CancellationToken cancellation = default) => inner.StreamItemIdsAsync(cancellation);

    public Task<long> CountItemsAsync(CancellationToken cancellation = default) => inner.CountItemsAsync(cancellation);

    public Task InitializeAsync(CancellationToken cancellation = default) => inner.InitializeAsync(cancellation);

    public Task<int> GetSchemaVersionAsync(CancellationToken cancellation = default) => inner.GetSchemaVersionAsync(cancellation);

    public Task<StoreRevision> GetRevisionAsync(CancellationToken cancellation = default) => inner.GetRevisionAsync(cancellation);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
