using Npgsql;
using NpgsqlTypes;
using Penchant.Core.Data;
using static Penchant.Storage.Postgres.PostgresValues;

namespace Penchant.Storage.Postgres;

// Events: appended a batch per statement over parameter arrays, deduplicated by event id, read by time or by user.
public sealed partial class PostgresStore
{
    private const string EventColumns = "e.event_id, i.id, e.type, e.ts, e.value, e.text, e.session_id";

    /// <inheritdoc />
    public async Task<WriteResult> AppendEventsAsync(IReadOnlyList<Event> events, CancellationToken cancellation = default)
    {
        StoreChecks.ThrowIfInvalid(events);
        if (events.Count == 0)
        {
            return default;
        }

        var written = await WriteAsync((connection, ct) => InsertEventsAsync(connection, events, stored: null, ct), cancellation);
        return new WriteResult(written, events.Count - written);
    }

    /// <inheritdoc />
    public async Task<AppendOutcome[]> AppendEventsReportingEachAsync(IReadOnlyList<Event> events, CancellationToken cancellation = default)
    {
        StoreChecks.ThrowIfInvalid(events);
        if (events.Count == 0)
        {
            return [];
        }

        var stored = new HashSet<string>(StringComparer.Ordinal);
        await WriteAsync((connection, ct) => InsertEventsAsync(connection, events, stored, ct), cancellation);

        // Only the first event of each stored id was sent, so the first occurrence takes the id off the set.
        return [.. events.Select(e => stored.Remove(e.EventId) ? AppendOutcome.Stored : AppendOutcome.Duplicate)];
    }


    /// <summary>
    /// Creates the missing surrogate keys of the batch, then inserts the first event of each id in the order given,
    /// skipping ids already stored; one round trip. Adds the stored ids to <paramref name="stored"/> when given.
    /// </summary>
    /// <returns>How many events were stored.</returns>
    private async Task<int> InsertEventsAsync(NpgsqlConnection connection, IReadOnlyList<Event> events, HashSet<string>? stored, CancellationToken cancellation)
    {
        var seen = new HashSet<string>(events.Count, StringComparer.Ordinal);
        var firsts = events.Where(e => seen.Add(e.EventId)).ToArray();
        var insert = new NpgsqlBatchCommand($"""
            INSERT INTO {_schema}.events (event_id, user_key, item_key, type, ts, value, text, session_id)
            SELECT b.event_id, u.key, i.key, b.type, b.ts, b.value, b.text, b.session_id
            FROM unnest(@ids, @users, @items, @types, @times, @values, @texts, @sessions)
                WITH ORDINALITY AS b(event_id, user_id, item_id, type, ts, value, text, session_id, ord)
            JOIN {_schema}.user_keys u ON u.id = b.user_id
            LEFT JOIN {_schema}.item_keys i ON i.id = b.item_id
            ORDER BY b.ord
            ON CONFLICT (event_id) DO NOTHING
            {(stored is null ? "" : "RETURNING event_id")}
            """)
        {
            Parameters =
            {
                TextArray("ids", firsts.Select(static e => e.EventId)),
                TextArray("users", firsts.Select(static e => e.UserId)),
                TextArray("items", firsts.Select(static e => e.ItemId)),
                TextArray("types", firsts.Select(static e => e.Type.WireName())),
                Parameter("times", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, firsts.Select(static e => ToStoredTime(e.Timestamp)).ToArray()),
                Parameter("values", NpgsqlDbType.Array | NpgsqlDbType.Double, firsts.Select(static e => e.Value).ToArray()),
                TextArray("texts", firsts.Select(static e => e.Text)),
                TextArray("sessions", firsts.Select(static e => e.SessionId)),
            },
        };

        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                InsertKeys("user_keys", firsts.Select(static e => e.UserId)),
                InsertKeys("item_keys", firsts.Select(static e => e.ItemId).OfType<string>()),
                insert,
            },
        };
        if (stored is null)
        {
            await batch.ExecuteNonQueryAsync(cancellation);
            return insert.RecordsAffected;
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellation);
        do
        {
            while (await reader.ReadAsync(cancellation))
            {
                stored.Add(reader.GetString(0));
            }
        }
        while (await reader.NextResultAsync(cancellation));

        return stored.Count;
    }

    /// <summary>A statement that gives each of <paramref name="ids"/> a key in <paramref name="table"/> unless it has one.</summary>
    private NpgsqlBatchCommand InsertKeys(string table, IEnumerable<string> ids) =>
        new($"""
            INSERT INTO {_schema}.{table} (id)
            SELECT n.id FROM unnest(@ids) AS n(id)
            WHERE NOT EXISTS (SELECT 1 FROM {_schema}.{table} k WHERE k.id = n.id)
            ON CONFLICT (id) DO NOTHING
            """)
        {
            Parameters = { TextArray("ids", ids.Distinct(StringComparer.Ordinal)) },
        };

    /// <inheritdoc />
    public IAsyncEnumerable<Event> StreamEventsAsync(CancellationToken cancellation = default) =>
        StreamAsync(
            $"""
            SELECT {EventColumns}, u.id
            FROM {_schema}.events e
            JOIN {_schema}.user_keys u ON u.key = e.user_key
            LEFT JOIN {_schema}.item_keys i ON i.key = e.item_key
            ORDER BY e.ts, e.seq
            """,
            [],
            static r => ReadEvent(r, r.GetString(7)),
            cancellation);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Event>> GetUserEventsAsync(string userId, int limit, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await QueryAsync(
            $"""
            SELECT {EventColumns}
            FROM {_schema}.events e LEFT JOIN {_schema}.item_keys i ON i.key = e.item_key
            WHERE e.user_key = (SELECT key FROM {_schema}.user_keys WHERE id = @user)
            ORDER BY e.ts DESC, e.seq DESC
            LIMIT @limit
            """,
            [Text("user", userId), Parameter("limit", NpgsqlDbType.Integer, limit)],
            r => ReadEvent(r, userId),
            cancellation);
    }

    private static Event ReadEvent(NpgsqlDataReader r, string userId) => new(
        r.GetString(0),
        userId,
        r.GetTextOrNull(1),
        r.GetEventType(2),
        r.GetTime(3),
        r.IsDBNull(4) ? null : r.GetDouble(4),
        r.GetTextOrNull(5),
        r.GetTextOrNull(6));

    /// <inheritdoc />
    public Task<long> CountEventsAsync(CancellationToken cancellation = default) => CountAsync("events", cancellation);

    /// <inheritdoc />
    public Task<int> DeleteUserEventsAsync(string userId, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return WriteAsync((connection, ct) => DeleteKeyedRowsAsync(connection, "events", userId, ct), cancellation);
    }

    /// <summary>Deletes the rows of <paramref name="table"/> (events or impressions) that belong to <paramref name="userId"/>.</summary>
    private Task<int> DeleteKeyedRowsAsync(NpgsqlConnection connection, string table, string userId, CancellationToken cancellation) =>
        ExecuteAsync(
            connection,
            $"DELETE FROM {_schema}.{table} WHERE user_key = (SELECT key FROM {_schema}.user_keys WHERE id = @user)",
            [Text("user", userId)],
            cancellation);

    /// <inheritdoc />
    public Task<int> DeleteEventsBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellation = default) =>
        WriteAsync(
            (connection, ct) => ExecuteAsync(connection, $"DELETE FROM {_schema}.events WHERE ts < @cutoff", [Time("cutoff", cutoff)], ct),
            cancellation);
}
