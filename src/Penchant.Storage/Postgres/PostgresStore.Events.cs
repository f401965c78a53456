using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;
using Penchant.Core.Data;
using static Penchant.Storage.Postgres.PostgresValues;
using static Penchant.Storage.StoreChanges;

namespace Penchant.Storage.Postgres;

// Events: appended a batch per statement (over parameter arrays, or from a temporary table filled by COPY when large), deduplicated by event id, read by time or by user.
public sealed partial class PostgresStore
{
    private const string EventColumns = "e.event_id, i.id, e.type, e.ts, e.value, e.text, e.session_id, e.price";

    /// <inheritdoc />
    public async Task<WriteResult> AppendEventsAsync(IReadOnlyList<Event> events, CancellationToken cancellation = default)
    {
        StoreChecks.ThrowIfInvalid(events);
        if (events.Count == 0)
        {
            return default;
        }

        var written = await WriteAsync((connection, ct) => InsertEventsAsync(connection, events, stored: null, ct), Revises, cancellation);
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
        await WriteAsync((connection, ct) => InsertEventsAsync(connection, events, stored, ct), Revises, cancellation);

        // Only the first event of each stored id was sent, so the first occurrence takes the id off the set.
        return [.. events.Select(e => stored.Remove(e.EventId) ? AppendOutcome.Stored : AppendOutcome.Duplicate)];
    }


    /// <summary>
    /// Batches of at least this many distinct event ids are copied into a temporary table with binary <c>COPY</c> and
    /// inserted from there; smaller ones, such as the single events of the HTTP API, go as parameter arrays in one
    /// round trip, which costs less than creating the table (bench/results/storage.md: arrays ahead up to 1,000 events a
    /// batch, about even at 2,000 to 5,000, <c>COPY</c> ahead from 10,000).
    /// </summary>
    internal const int CopyThreshold = 10_000;

    /// <summary>The temporary table a large batch is copied into, created in the write's transaction and dropped at its end.</summary>
    private const string CopyTable = "penchant_event_batch";

    /// <summary>
    /// Creates the missing surrogate keys of the batch, then inserts the first event of each id in the order given,
    /// skipping ids already stored. Adds the stored ids to <paramref name="stored"/> when given.
    /// </summary>
    /// <returns>How many events were stored.</returns>
    private Task<int> InsertEventsAsync(NpgsqlConnection connection, IReadOnlyList<Event> events, HashSet<string>? stored, CancellationToken cancellation)
    {
        var seen = new HashSet<string>(events.Count, StringComparer.Ordinal);
        var firsts = events.Where(e => seen.Add(e.EventId)).ToArray();
        return firsts.Length >= CopyThreshold
            ? CopyEventsAsync(connection, firsts, stored, cancellation)
            : InsertEventArraysAsync(connection, firsts, stored, cancellation);
    }

    /// <summary>Sends <paramref name="firsts"/> (distinct ids) as parameter arrays: keys and events in one round trip.</summary>
    private async Task<int> InsertEventArraysAsync(NpgsqlConnection connection, Event[] firsts, HashSet<string>? stored, CancellationToken cancellation)
    {
        var insert = new NpgsqlBatchCommand(InsertEventsSql(
            "unnest(@ids, @users, @items, @types, @times, @values, @texts, @sessions, @prices) WITH ORDINALITY AS b(event_id, user_id, item_id, type, ts, value, text, session_id, price, ord)",
            stored is not null))
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
                Parameter("prices", NpgsqlDbType.Array | NpgsqlDbType.Numeric, firsts.Select(static e => e.Price).ToArray()),
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
        return await ExecuteInsertAsync(batch, insert, stored, cancellation);
    }

    /// <summary>
    /// Copies <paramref name="firsts"/> (distinct ids) into <see cref="CopyTable"/> with binary <c>COPY</c>, then
    /// creates the missing keys and inserts the events from it in one round trip.
    /// </summary>
    private async Task<int> CopyEventsAsync(NpgsqlConnection connection, Event[] firsts, HashSet<string>? stored, CancellationToken cancellation)
    {
        await ExecuteAsync(
            connection,
            $"""
            CREATE TEMP TABLE {CopyTable} (
                ord bigint NOT NULL, event_id text COLLATE "C" NOT NULL, user_id text COLLATE "C" NOT NULL, item_id text COLLATE "C",
                type text NOT NULL, ts timestamptz NOT NULL, value double precision, text text, session_id text, price numeric
            ) ON COMMIT DROP
            """,
            [],
            cancellation);
        await CopyRowsAsync(connection, firsts, cancellation);

        var insert = new NpgsqlBatchCommand(InsertEventsSql($"pg_temp.{CopyTable} AS b", stored is not null));
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands = { InsertCopiedKeys("user_keys", "user_id"), InsertCopiedKeys("item_keys", "item_id"), insert },
        };
        return await ExecuteInsertAsync(batch, insert, stored, cancellation);
    }

    private static async Task CopyRowsAsync(NpgsqlConnection connection, Event[] firsts, CancellationToken cancellation)
    {
        await using var import = await connection.BeginBinaryImportAsync(
            $"COPY pg_temp.{CopyTable} (ord, event_id, user_id, item_id, type, ts, value, text, session_id, price) FROM STDIN (FORMAT BINARY)", cancellation);
        for (var i = 0; i < firsts.Length; i++)
        {
            var e = firsts[i];
            await import.StartRowAsync(cancellation);
            await import.WriteAsync((long)i, NpgsqlDbType.Bigint, cancellation);
            await import.WriteAsync(e.EventId, NpgsqlDbType.Text, cancellation);
            await import.WriteAsync(e.UserId, NpgsqlDbType.Text, cancellation);
            await WriteTextOrNullAsync(import, e.ItemId, cancellation);
            await import.WriteAsync(e.Type.WireName(), NpgsqlDbType.Text, cancellation);
            await import.WriteAsync(ToStoredTime(e.Timestamp), NpgsqlDbType.TimestampTz, cancellation);
            if (e.Value is { } value)
            {
                await import.WriteAsync(value, NpgsqlDbType.Double, cancellation);
            }
            else
            {
                await import.WriteNullAsync(cancellation);
            }

            await WriteTextOrNullAsync(import, e.Text, cancellation);
            await WriteTextOrNullAsync(import, e.SessionId, cancellation);
            if (e.Price is { } price)
            {
                await import.WriteAsync(price, NpgsqlDbType.Numeric, cancellation);
            }
            else
            {
                await import.WriteNullAsync(cancellation);
            }
        }

        await import.CompleteAsync(cancellation);
    }

    private static Task WriteTextOrNullAsync(NpgsqlBinaryImporter import, string? text, CancellationToken cancellation) =>
        text is null ? import.WriteNullAsync(cancellation) : import.WriteAsync(text, NpgsqlDbType.Text, cancellation);

    /// <summary>
    /// The statement that inserts the rows of <paramref name="source"/> (aliased <c>b</c>, with the columns of
    /// <see cref="CopyTable"/>) in <c>ord</c> order, skipping ids already stored, optionally returning the stored ids.
    /// </summary>
    private string InsertEventsSql(string source, bool returning) => $"""
        INSERT INTO {_schema}.events (event_id, user_key, item_key, type, ts, value, text, session_id, price)
        SELECT b.event_id, u.key, i.key, b.type, b.ts, b.value, b.text, b.session_id, b.price
        FROM {source}
        JOIN {_schema}.user_keys u ON u.id = b.user_id
        LEFT JOIN {_schema}.item_keys i ON i.id = b.item_id
        ORDER BY b.ord
        ON CONFLICT (event_id) DO NOTHING
        {(returning ? "RETURNING event_id" : "")}
        """;

    /// <summary>Runs <paramref name="batch"/>, whose last statement is <paramref name="insert"/>; collects the ids it returns into <paramref name="stored"/> when given.</summary>
    /// <returns>How many events <paramref name="insert"/> stored.</returns>
    private static async Task<int> ExecuteInsertAsync(NpgsqlBatch batch, NpgsqlBatchCommand insert, HashSet<string>? stored, CancellationToken cancellation)
    {
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

    /// <summary>A statement that gives each id of <paramref name="column"/> in <see cref="CopyTable"/> a key in <paramref name="table"/> unless it has one, in order of first use.</summary>
    private NpgsqlBatchCommand InsertCopiedKeys(string table, string column) =>
        new($"""
            INSERT INTO {_schema}.{table} (id)
            SELECT b.{column} FROM pg_temp.{CopyTable} b
            WHERE b.{column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {_schema}.{table} k WHERE k.id = b.{column})
            GROUP BY b.{column}
            ORDER BY min(b.ord)
            ON CONFLICT (id) DO NOTHING
            """);

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
            static r => ReadEvent(r, r.GetString(8)),
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

    /// <inheritdoc />
    public async Task<IReadOnlySet<string>> GetUsersWithEventsAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        var found = new HashSet<string>(StringComparer.Ordinal);

        // Ten thousand shoppers per query, each probed through the (user_key, ts, seq) index.
        foreach (var chunk in userIds.Distinct(StringComparer.Ordinal).Chunk(10_000))
        {
            found.UnionWith(await QueryAsync(
                $"""
                SELECT u.id FROM {_schema}.user_keys u
                WHERE u.id = ANY(@ids) AND EXISTS (SELECT 1 FROM {_schema}.events e WHERE e.user_key = u.key)
                """,
                [TextArray("ids", chunk)],
                static r => r.GetString(0),
                cancellation));
        }

        return found;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Event> StreamUserEventsSinceAsync(
        IReadOnlyCollection<string> userIds, DateTimeOffset since, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);

        // A thousand shoppers per query: each one's rows come from the (user_key, ts, seq) index.
        foreach (var chunk in userIds.Distinct(StringComparer.Ordinal).Chunk(1000))
        {
            await foreach (var e in StreamAsync(
                $"""
                SELECT {EventColumns}, u.id
                FROM {_schema}.user_keys u
                JOIN {_schema}.events e ON e.user_key = u.key AND e.ts >= @since
                LEFT JOIN {_schema}.item_keys i ON i.key = e.item_key
                WHERE u.id = ANY(@ids)
                ORDER BY e.user_key, e.ts, e.seq
                """,
                [TextArray("ids", chunk), Time("since", since)],
                static r => ReadEvent(r, r.GetString(8)),
                cancellation))
            {
                yield return e;
            }
        }
    }

    private static Event ReadEvent(NpgsqlDataReader r, string userId) => new(
        r.GetString(0),
        userId,
        r.GetTextOrNull(1),
        r.GetEventType(2),
        r.GetTime(3),
        r.IsDBNull(4) ? null : r.GetDouble(4),
        r.GetTextOrNull(5),
        r.GetTextOrNull(6),
        r.IsDBNull(7) ? null : r.GetDecimal(7));

    /// <inheritdoc />
    public Task<long> CountEventsAsync(CancellationToken cancellation = default) => CountAsync("events", cancellation);

    /// <inheritdoc />
    public Task<int> DeleteUserEventsAsync(string userId, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return WriteAsync((connection, ct) => DeleteKeyedRowsAsync(connection, "events", userId, ct), Deletes, cancellation);
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
            Deletes,
            cancellation);
}
