using Npgsql;
using NpgsqlTypes;
using Penchant.Core.Privacy.Audit;
using Penchant.Core.Privacy.DifferentialPrivacy;
using static Penchant.Storage.Postgres.PostgresValues;

namespace Penchant.Storage.Postgres;

// Erasure, the audit log and the privacy budget: the parts of the store that privacy needs beyond the contract.
public sealed partial class PostgresStore : IPrivacyStore
{
    private const string AuditColumns = "seq, actor, action, target, at, details, previous_hash, hash";

    /// <summary>
    /// Removes every stored trace of one user in one transaction: events, impressions, the user row and the surrogate
    /// key. PostgreSQL keeps deleted row versions in the table files until they are vacuumed, so after the commit the
    /// touched tables are vacuumed (<see cref="TruncateLogAsync"/>), which frees the dead rows and their index entries.
    /// </summary>
    /// <param name="userId">The id as stored (the pseudonym when ingest pseudonymises).</param>
    /// <param name="cancellation">Cancels the wait for the write lock and the vacuum.</param>
    /// <returns>What was removed; <see cref="StoredUserErasure.LogTruncated"/> tells that the vacuum ran.</returns>
    public async Task<StoredUserErasure> EraseUserAsync(string userId, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        var (events, impressions, user, key) = await WriteAsync(
            async (connection, ct) =>
            {
                // Rows keyed by the user go first, while the key still finds them.
                var e = await DeleteKeyedRowsAsync(connection, "events", userId, ct);
                var i = await DeleteKeyedRowsAsync(connection, "impressions", userId, ct);
                var u = await ExecuteAsync(connection, $"DELETE FROM {_schema}.users WHERE id = @user", [Text("user", userId)], ct) > 0;
                var k = await ExecuteAsync(connection, $"DELETE FROM {_schema}.user_keys WHERE id = @user", [Text("user", userId)], ct) > 0;

                // The saved serving snapshot holds every trained shopper's pseudonym and history: it goes in the same
                // transaction, after a save in progress has committed (the snapshot lock), so none of its rows escape.
                await LockSnapshotAsync(connection, ct);
                await ExecuteAsync(connection, $"DELETE FROM {_schema}.serving_snapshot", [], ct);
                return (e, i, u, k);
            },
            static r => r.e > 0 || r.u || r.k ? StoreChange.Deleted : StoreChange.None,
            cancellation);
        var vacuumed = await TruncateLogAsync(cancellation);
        return new StoredUserErasure(events, user, key, vacuumed, impressions);
    }

    /// <summary>
    /// PostgreSQL's counterpart of truncating SQLite's write-ahead log: <c>VACUUM</c> of the tables that hold users'
    /// rows (<see cref="PostgresSchema.ErasedTables"/>), index entries included, so that deleted rows leave the table
    /// files' live data. It cannot remove row versions that a transaction older than the delete may still read, and the
    /// server's own write-ahead log keeps its copies until recycled.
    /// </summary>
    /// <param name="cancellation">Cancels the vacuum.</param>
    /// <returns>Whether every table was vacuumed; false when the server skipped one with a warning (e.g. another role owns it).</returns>
    public async Task<bool> TruncateLogAsync(CancellationToken cancellation = default)
    {
        await using var connection = await OpenConnectionAsync(cancellation);
        var warned = false;
        connection.Notice += (_, e) => warned |= e.Notice.InvariantSeverity == "WARNING";
        var tables = string.Join(", ", PostgresSchema.ErasedTables.Select(t => $"{_schema}.{t}"));
        await ExecuteAsync(connection, $"VACUUM (INDEX_CLEANUP ON) {tables}", [], cancellation);
        return !warned;
    }

    /// <summary>Users who have a surrogate key (ever had an event) but whose events and impressions are all gone and who have no user row, then their keys.</summary>
    /// <param name="cancellation">Cancels the wait for the write lock.</param>
    /// <returns>How many keys were removed.</returns>
    public Task<int> DeleteUnusedUserKeysAsync(CancellationToken cancellation = default) =>
        WriteAsync(
            (connection, ct) => ExecuteAsync(
                connection,
                $"""
                DELETE FROM {_schema}.user_keys k
                WHERE NOT EXISTS (SELECT 1 FROM {_schema}.events e WHERE e.user_key = k.key)
                    AND NOT EXISTS (SELECT 1 FROM {_schema}.impressions m WHERE m.user_key = k.key)
                    AND NOT EXISTS (SELECT 1 FROM {_schema}.users u WHERE u.id = k.id)
                """,
                [],
                ct),
            cancellation);

    // ---------------------------------------------------------------- audit log

    /// <inheritdoc />
    /// <remarks>The write lock serialises appends across processes, so sequence numbers have no gaps.</remarks>
    public async ValueTask<ChainedAuditEntry> AppendAsync(AuditEntry entry, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return await WriteAsync(
            async (connection, ct) =>
            {
                ChainedAuditEntry? last = null;
                await using (var select = new NpgsqlCommand($"SELECT {AuditColumns} FROM {_schema}.audit_log ORDER BY seq DESC LIMIT 1", connection))
                await using (var reader = await select.ExecuteReaderAsync(ct))
                {
                    if (await reader.ReadAsync(ct))
                    {
                        last = ReadAudit(reader);
                    }
                }

                var chained = AuditChain.Link(last, entry);
                var e = chained.Entry;
                await ExecuteAsync(
                    connection,
                    $"""
                    INSERT INTO {_schema}.audit_log ({AuditColumns})
                    VALUES (@seq, @actor, @action, @target, @at, @details, @previous, @hash)
                    """,
                    [
                        Parameter("seq", NpgsqlDbType.Bigint, chained.Sequence),
                        Text("actor", e.Actor),
                        Text("action", e.Action),
                        Text("target", e.Target ?? ""),
                        Time("at", e.Timestamp),
                        Json("details", e.Details),
                        Text("previous", chained.PreviousHash),
                        Text("hash", chained.Hash),
                    ],
                    ct);
                return chained;
            },
            cancellation);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ChainedAuditEntry> ReadAsync(long fromSequence = 1, CancellationToken cancellation = default) =>
        StreamAsync(
            $"SELECT {AuditColumns} FROM {_schema}.audit_log WHERE seq >= @from ORDER BY seq",
            [Parameter("from", NpgsqlDbType.Bigint, fromSequence)],
            ReadAudit,
            cancellation);

    /// <inheritdoc />
    public async ValueTask<AuditVerification> VerifyAsync(CancellationToken cancellation = default)
    {
        var entries = new List<ChainedAuditEntry>();
        await foreach (var entry in ReadAsync(1, cancellation))
        {
            entries.Add(entry);
        }

        return AuditChain.Verify(entries);
    }

    private static ChainedAuditEntry ReadAudit(NpgsqlDataReader r)
    {
        var entry = new AuditEntry(r.GetString(1), r.GetString(2), r.GetString(3), r.GetTime(4), r.GetDictionaryOrNull(5));
        return new ChainedAuditEntry(r.GetInt64(0), entry, r.GetString(6), r.GetString(7));
    }

    // ---------------------------------------------------------------- privacy budget

    /// <summary>The privacy budget each consumer has spent, as persisted by <see cref="SavePrivacySpendAsync"/>.</summary>
    /// <param name="cancellation">Cancels the read.</param>
    public async Task<IReadOnlyDictionary<string, PrivacyCost>> LoadPrivacySpendAsync(CancellationToken cancellation = default)
    {
        var rows = await QueryAsync(
            $"SELECT consumer, epsilon, delta FROM {_schema}.privacy_budget",
            [],
            static r => (Consumer: r.GetString(0), Cost: new PrivacyCost(r.GetDouble(1), r.GetDouble(2))),
            cancellation);
        return rows.ToDictionary(static r => r.Consumer, static r => r.Cost, StringComparer.Ordinal);
    }

    /// <summary>Records the total a consumer has spent (not the increment), so a restart cannot refill a budget.</summary>
    /// <param name="consumer">The consumer (an API key name).</param>
    /// <param name="total">Everything the consumer has spent so far.</param>
    /// <param name="cancellation">Cancels the wait for the write lock.</param>
    public Task SavePrivacySpendAsync(string consumer, PrivacyCost total, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        return WriteAsync(
            (connection, ct) => ExecuteAsync(
                connection,
                $"""
                INSERT INTO {_schema}.privacy_budget (consumer, epsilon, delta) VALUES (@consumer, @epsilon, @delta)
                ON CONFLICT (consumer) DO UPDATE SET epsilon = excluded.epsilon, delta = excluded.delta
                """,
                [Text("consumer", consumer), Parameter("epsilon", NpgsqlDbType.Double, total.Epsilon), Parameter("delta", NpgsqlDbType.Double, total.Delta)],
                ct),
            cancellation);
    }
}
