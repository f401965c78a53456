using System.Runtime.CompilerServices;
using Penchant.Core.Privacy.Audit;
using Penchant.Core.Privacy.DifferentialPrivacy;

namespace Penchant.Storage.Sqlite;

// Erasure, the audit log and the privacy budget: the parts of the store that privacy needs beyond the contract.
public sealed partial class SqliteStore : IPrivacyStore
{
    private const int CheckpointAttempts = 3;

    /// <summary>
    /// Removes every stored trace of one user in one transaction: events, impressions, the user row and the surrogate key. The
    /// store runs with <c>secure_delete</c>, so freed cells and pages are overwritten with zeros; afterwards the
    /// write-ahead log, which still holds older copies of the changed pages, is checkpointed into the database and
    /// truncated, so that no byte of the id is left in the database file, the WAL or the shared-memory index.
    /// </summary>
    /// <param name="userId">The id as stored (the pseudonym when ingest pseudonymises).</param>
    /// <param name="cancellation">Cancels the wait for the write lock.</param>
    public async Task<StoredUserErasure> EraseUserAsync(string userId, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        var (events, impressions, user, key) = await WriteAsync(
            commands =>
            {
                var e = ExecuteOn(commands, "DELETE FROM events WHERE user_key = (SELECT key FROM user_keys WHERE id = $user)", ("$user", userId));
                var i = ExecuteOn(commands, "DELETE FROM impressions WHERE user_key = (SELECT key FROM user_keys WHERE id = $user)", ("$user", userId));
                var u = ExecuteOn(commands, "DELETE FROM users WHERE id = $user", ("$user", userId)) > 0;
                var k = ExecuteOn(commands, "DELETE FROM user_keys WHERE id = $user", ("$user", userId)) > 0;
                return (e, i, u, k);
            },
            static r => r.e > 0 || r.u || r.k ? StoreChange.Deleted : StoreChange.None,
            cancellation);

        // The key row is gone, so a later event of the same id gets a new key: the cache must not keep the old one.
        await _writeLock.WaitAsync(cancellation);
        try
        {
            _userKeys.Remove(userId);
        }
        finally
        {
            _writeLock.Release();
        }

        var truncated = await TruncateLogAsync(cancellation);
        return new StoredUserErasure(events, user, key, truncated, impressions);
    }

    /// <summary>
    /// Copies every committed page from the write-ahead log into the database and truncates the log to zero bytes
    /// (<c>wal_checkpoint(TRUNCATE)</c>), retrying while a reader still uses an older snapshot.
    /// </summary>
    /// <param name="cancellation">Cancels the wait between attempts.</param>
    /// <returns>Whether the log was fully checkpointed and truncated.</returns>
    public async Task<bool> TruncateLogAsync(CancellationToken cancellation = default)
    {
        for (var attempt = 0; attempt < CheckpointAttempts; attempt++)
        {
            await _writeLock.WaitAsync(cancellation);
            try
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                using var command = _writer!.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                using var reader = command.ExecuteReader();
                if (reader.Read() && reader.GetInt64(0) == 0)
                {
                    return true;
                }
            }
            finally
            {
                _writeLock.Release();
            }

            await Task.Delay(50, cancellation);
        }

        return false;
    }

    /// <summary>Users who have a surrogate key (ever had an event) but whose events and impressions are all gone, then their keys.</summary>
    /// <param name="cancellation">Cancels the wait for the write lock.</param>
    /// <returns>How many keys were removed.</returns>
    public Task<int> DeleteUnusedUserKeysAsync(CancellationToken cancellation = default) =>
        WriteAsync(
            commands =>
            {
                var removed = ExecuteOn(commands, "DELETE FROM user_keys WHERE key NOT IN (SELECT DISTINCT user_key FROM events) AND key NOT IN (SELECT DISTINCT user_key FROM impressions) AND id NOT IN (SELECT id FROM users)");
                if (removed > 0)
                {
                    _userKeys.Clear();
                }

                return removed;
            },
            cancellation);

    // ---------------------------------------------------------------- audit log

    /// <inheritdoc />
    public async ValueTask<ChainedAuditEntry> AppendAsync(AuditEntry entry, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return await WriteAsync(
            commands =>
            {
                ChainedAuditEntry? last = null;
                using (var select = commands.Connection.CreateCommand())
                {
                    select.Transaction = commands.Transaction;
                    select.CommandText = $"SELECT {AuditColumns} FROM audit_log ORDER BY seq DESC LIMIT 1";
                    using var reader = select.ExecuteReader();
                    if (reader.Read())
                    {
                        last = ReadAudit(reader);
                    }
                }

                var chained = AuditChain.Link(last, entry);
                var e = chained.Entry;
                ExecuteOn(
                    commands,
                    "INSERT INTO audit_log (seq, actor, action, target, at, details, previous_hash, hash) VALUES ($seq, $actor, $action, $target, $at, $details, $previous, $hash)",
                    ("$seq", chained.Sequence),
                    ("$actor", e.Actor),
                    ("$action", e.Action),
                    ("$target", e.Target ?? ""),
                    ("$at", e.Timestamp.ToUnixTimeMilliseconds()),
                    ("$details", StoredValues.DictionaryToJson(e.Details)),
                    ("$previous", chained.PreviousHash),
                    ("$hash", chained.Hash));
                return chained;
            },
            cancellation);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChainedAuditEntry> ReadAsync(long fromSequence = 1, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        await using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {AuditColumns} FROM audit_log WHERE seq >= $from ORDER BY seq";
        command.Parameters.AddWithValue("$from", fromSequence);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellation.ThrowIfCancellationRequested();
            yield return ReadAudit(reader);
        }
    }

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

    private const string AuditColumns = "seq, actor, action, target, at, details, previous_hash, hash";

    private static ChainedAuditEntry ReadAudit(Microsoft.Data.Sqlite.SqliteDataReader r)
    {
        var details = StoredValues.JsonToDictionary(r.IsDBNull(5) ? null : r.GetString(5));
        var entry = new AuditEntry(r.GetString(1), r.GetString(2), r.GetString(3), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)), details);
        return new ChainedAuditEntry(r.GetInt64(0), entry, r.GetString(6), r.GetString(7));
    }

    // ---------------------------------------------------------------- privacy budget

    /// <summary>The privacy budget each consumer has spent, as persisted by <see cref="SavePrivacySpendAsync"/>.</summary>
    /// <param name="cancellation">Unused; reads are synchronous.</param>
    public async Task<IReadOnlyDictionary<string, PrivacyCost>> LoadPrivacySpendAsync(CancellationToken cancellation = default)
    {
        await using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT consumer, epsilon, delta FROM privacy_budget";
        using var reader = command.ExecuteReader();
        var spent = new Dictionary<string, PrivacyCost>(StringComparer.Ordinal);
        while (reader.Read())
        {
            spent[reader.GetString(0)] = new PrivacyCost(reader.GetDouble(1), reader.GetDouble(2));
        }

        return spent;
    }

    /// <summary>Records the total a consumer has spent (not the increment), so a restart cannot refill a budget.</summary>
    /// <param name="consumer">The consumer (an API key name).</param>
    /// <param name="total">Everything the consumer has spent so far.</param>
    /// <param name="cancellation">Cancels the wait for the write lock.</param>
    public Task SavePrivacySpendAsync(string consumer, PrivacyCost total, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        return WriteAsync(
            commands => ExecuteOn(
                commands,
                "INSERT INTO privacy_budget (consumer, epsilon, delta) VALUES ($c, $e, $d) ON CONFLICT (consumer) DO UPDATE SET epsilon = excluded.epsilon, delta = excluded.delta",
                ("$c", consumer),
                ("$e", total.Epsilon),
                ("$d", total.Delta)),
            cancellation);
    }
}
