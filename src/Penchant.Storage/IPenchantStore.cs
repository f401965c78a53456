using System.Runtime.CompilerServices;
using Penchant.Core.Data;

namespace Penchant.Storage;

/// <summary>How a batch write went: rows newly stored or changed, and rows that were already there unchanged.</summary>
public readonly record struct WriteResult(int Written, int Unchanged)
{
    public static WriteResult operator +(WriteResult a, WriteResult b) => new(a.Written + b.Written, a.Unchanged + b.Unchanged);
}

/// <summary>What became of one appended event.</summary>
public enum AppendOutcome
{
    /// <summary>Newly stored.</summary>
    Stored,

    /// <summary>Not stored again: its id was already stored, earlier or earlier in the same call.</summary>
    Duplicate,
}

/// <summary>Catalogue items.</summary>
public interface IItemStore
{
    /// <summary>Inserts or replaces items by id, in one transaction per call. Identical rows count as unchanged.</summary>
    Task<WriteResult> UpsertItemsAsync(IReadOnlyList<Item> items, CancellationToken cancellation = default);

    Task<Item?> GetItemAsync(string id, CancellationToken cancellation = default);

    /// <summary>Deletes an item; false when it did not exist.</summary>
    Task<bool> DeleteItemAsync(string id, CancellationToken cancellation = default);

    /// <summary>Items ordered by id, from <paramref name="afterId"/> (exclusive) when given: keyset paging.</summary>
    Task<IReadOnlyList<Item>> ListItemsAsync(string? afterId, int limit, CancellationToken cancellation = default);

    /// <summary>Every item, streamed in id order.</summary>
    IAsyncEnumerable<Item> StreamItemsAsync(CancellationToken cancellation = default);

    /// <summary>Every item id, streamed in id order; stores override it to skip reading whole items.</summary>
    async IAsyncEnumerable<string> StreamItemIdsAsync([EnumeratorCancellation] CancellationToken cancellation = default)
    {
        await foreach (var item in StreamItemsAsync(cancellation))
        {
            yield return item.Id;
        }
    }

    Task<long> CountItemsAsync(CancellationToken cancellation = default);
}

/// <summary>Shoppers.</summary>
public interface IUserStore
{
    Task<WriteResult> UpsertUsersAsync(IReadOnlyList<User> users, CancellationToken cancellation = default);

    Task<User?> GetUserAsync(string id, CancellationToken cancellation = default);

    /// <summary>Deletes a user row only (events are removed with <see cref="IEventStore.DeleteUserEventsAsync"/>).</summary>
    Task<bool> DeleteUserAsync(string id, CancellationToken cancellation = default);

    IAsyncEnumerable<User> StreamUsersAsync(CancellationToken cancellation = default);

    Task<long> CountUsersAsync(CancellationToken cancellation = default);
}

/// <summary>Behaviour events; append-only but for erasure and retention.</summary>
public interface IEventStore
{
    /// <summary>
    /// Appends events in one transaction per call. An event whose id is already stored is a duplicate and is
    /// not stored again (<see cref="WriteResult.Unchanged"/>). Durable when the task completes.
    /// </summary>
    Task<WriteResult> AppendEventsAsync(IReadOnlyList<Event> events, CancellationToken cancellation = default);

    /// <summary>
    /// Appends events like <see cref="AppendEventsAsync"/> (one transaction, durable when the task completes) and
    /// reports what became of each, in the order given. Callers that commit several requests' events together use
    /// it to answer each request for its own events.
    /// </summary>
    Task<AppendOutcome[]> AppendEventsReportingEachAsync(IReadOnlyList<Event> events, CancellationToken cancellation = default);

    /// <summary>Every event in timestamp order (ties by insertion order).</summary>
    IAsyncEnumerable<Event> StreamEventsAsync(CancellationToken cancellation = default);

    /// <summary>
    /// The events of <paramref name="userIds"/> at or after <paramref name="since"/>: each shopper's in timestamp order
    /// (ties by insertion order), the shoppers one after another in no set order. Read through the index on shopper and
    /// time, so it costs what those shoppers did since then, not the size of the store (the online reports' read).
    /// </summary>
    IAsyncEnumerable<Event> StreamUserEventsSinceAsync(IReadOnlyCollection<string> userIds, DateTimeOffset since, CancellationToken cancellation = default);

    /// <summary>
    /// Which of <paramref name="userIds"/> still have at least one event (each looked up through the index on shopper):
    /// a server holding a model of shoppers finds out which of them another process erased or purged.
    /// </summary>
    Task<IReadOnlySet<string>> GetUsersWithEventsAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellation = default);

    /// <summary>A user's events, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<Event>> GetUserEventsAsync(string userId, int limit, CancellationToken cancellation = default);

    Task<long> CountEventsAsync(CancellationToken cancellation = default);

    /// <summary>Removes every event of a user; returns how many.</summary>
    Task<int> DeleteUserEventsAsync(string userId, CancellationToken cancellation = default);

    /// <summary>Removes events older than <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> DeleteEventsBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellation = default);
}

/// <summary>
/// Where a store's training input stands: <paramref name="Store"/> is drawn at random when the store is created, and
/// <paramref name="Value"/> grows in the same transaction as every write that changes items, users or events (a write
/// that changes nothing leaves it). Two equal revisions mean the same items, users and events, so a model trained at
/// one is current at the other; a store recreated under the same path has another <paramref name="Store"/>.
/// <paramref name="Deletions"/> grows, with <paramref name="Value"/>, with every write that deletes a shopper's events
/// or row (erasure, retention): a model trained at a smaller count may hold what was deleted.
/// </summary>
public readonly record struct StoreRevision(string Store, long Value, long Deletions)
{
    public override string ToString() => $"{Store}:{Value}:{Deletions}";
}

/// <summary>A whole Penchant store: items, users, events and the served interest clusters, with a versioned schema.</summary>
public interface IPenchantStore : IItemStore, IUserStore, IEventStore, IInterestClusterStore, IAsyncDisposable
{
    /// <summary>Creates the schema or migrates it to the current version.</summary>
    Task InitializeAsync(CancellationToken cancellation = default);

    /// <summary>The schema version the store is at.</summary>
    Task<int> GetSchemaVersionAsync(CancellationToken cancellation = default);

    /// <summary>The store's revision (<see cref="StoreRevision"/>); read it before reading what it vouches for.</summary>
    Task<StoreRevision> GetRevisionAsync(CancellationToken cancellation = default);
}
