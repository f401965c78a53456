using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using Penchant.Core.Data;
using static Penchant.Storage.Postgres.PostgresValues;
using static Penchant.Storage.StoreChanges;

namespace Penchant.Storage.Postgres;

/// <summary>
/// The server store: every table in one schema of a PostgreSQL database, reached through a pooled
/// <see cref="NpgsqlDataSource"/>. Each write is one transaction that first takes a transaction-scoped advisory lock
/// on the schema, so writers in this process and in any other run one at a time, as in the SQLite store; reads use
/// connections of their own and run alongside writes.
/// </summary>
/// <remarks>
/// Events and impressions reference users and items through bigint surrogate keys, created in the same round trip as
/// the rows. A batch of events is deduplicated by id in the client (the first of each id is kept), then inserted by
/// one <c>INSERT ... SELECT ... ORDER BY ... ON CONFLICT (event_id) DO NOTHING</c>, which skips ids already stored.
/// A batch under <see cref="CopyThreshold"/> distinct ids, such as an HTTP API call's single event, selects from
/// <c>unnest(...)</c> over parameter arrays: one round trip. A larger one, such as an import's batch of 50,000
/// events, is first written with binary <c>COPY</c> into a temporary table dropped at commit, and the keys and the
/// events are inserted from that table: a few round trips, but faster at that size than the arrays (measured in
/// BENCHMARKS.md and bench/results/storage.md). A call's transaction is committed, and so durable as far as the server's <c>synchronous_commit</c>
/// promises, when its task completes.
/// </remarks>
public sealed partial class PostgresStore : IPenchantStore
{
    /// <summary>Item or user upserts sent to the server per round trip.</summary>
    private const int UpsertBatchSize = 1_000;

    private const string ItemColumns = "id, title, description, category_path, brand, price, tags, attributes, image_url, available, created_at";

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema; // the schema as written in SQL: quoted
    private readonly long _lockKey;
    private bool _disposed;

    /// <summary>A store over <paramref name="options"/>; call <see cref="InitializeAsync(CancellationToken)"/> (or use <see cref="OpenAsync"/>) before use.</summary>
    public PostgresStore(PostgresStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Schema = options.Schema;
        _schema = '"' + options.Schema + '"';
        _lockKey = LockKeyOf("schema", options.Schema);
        _dataSource = NpgsqlDataSource.Create(WithDefaults(options.ConnectionString));
    }

    /// <summary>
    /// Statements the server prepares once per connection and reuses, unless the connection string says otherwise.
    /// Every request of the serving path runs the same few statements (a shopper's newest events, impressions);
    /// prepared, they cost PostgreSQL no parse and plan each time (server run 26: recommendation p50 about 2.5 ms
    /// against about 3 ms unprepared, on one machine with the database).
    /// </summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>The connection string with <see cref="DefaultMaxAutoPrepare"/> unless it sets "Max Auto Prepare" itself.</summary>
    internal static string WithDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var given = connectionString.Replace(" ", "", StringComparison.Ordinal).Contains("maxautoprepare=", StringComparison.OrdinalIgnoreCase);
        if (!given)
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        return builder.ConnectionString;
    }

    /// <summary>The schema that holds the store's tables.</summary>
    public string Schema { get; }

    /// <summary>Opens the store, creating its schema or migrating it to the current version.</summary>
    public static async Task<PostgresStore> OpenAsync(PostgresStoreOptions options, CancellationToken cancellation = default)
    {
        return await StoreChecks.InitializedAsync(new PostgresStore(options), cancellation);
    }

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellation = default) => InitializeAsync(PostgresSchema.CurrentVersion, cancellation);

    /// <summary>
    /// Creates the schema when missing and applies migrations up to <paramref name="targetVersion"/>, all in one
    /// transaction under the schema's lock, so stores starting at once in several processes migrate it once.
    /// Tests use a lower target to build an older schema.
    /// </summary>
    internal async Task InitializeAsync(int targetVersion, CancellationToken cancellation)
    {
        await using var connection = await OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await LockAsync(connection, cancellation);

        // CREATE SCHEMA IF NOT EXISTS checks the right to create schemas first: skip it when an administrator made the schema.
        if (!await ScalarAsync<bool>(connection, "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = @schema)", [Text("schema", Schema)], cancellation))
        {
            await ExecuteAsync(connection, $"CREATE SCHEMA {_schema}", [], cancellation);
        }

        await ExecuteAsync(
            connection,
            $"CREATE TABLE IF NOT EXISTS {_schema}.schema_version (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL)",
            [],
            cancellation);
        var current = await ReadVersionAsync(connection, cancellation);
        if (current > PostgresSchema.CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The database schema {_schema} is at version {current}, newer than this build's {PostgresSchema.CurrentVersion}; upgrade Penchant.");
        }

        foreach (var step in PostgresSchema.Migrations(_schema))
        {
            if (step.Version <= current || step.Version > targetVersion)
            {
                continue;
            }

            await ExecuteAsync(connection, step.Sql, [], cancellation);
            await ExecuteAsync(
                connection,
                $"INSERT INTO {_schema}.schema_version (version, description, applied_at) VALUES (@version, @description, now())",
                [Parameter("version", NpgsqlDbType.Integer, step.Version), Text("description", step.Description)],
                cancellation);
        }

        await transaction.CommitAsync(cancellation);
        _revisioned = targetVersion >= PostgresSchema.RevisionVersion;
    }

    private Task<int> ReadVersionAsync(NpgsqlConnection connection, CancellationToken cancellation) =>
        ScalarAsync<int>(connection, $"SELECT COALESCE(MAX(version), 0) FROM {_schema}.schema_version", [], cancellation);

    /// <inheritdoc />
    public async Task<int> GetSchemaVersionAsync(CancellationToken cancellation = default)
    {
        await using var connection = await OpenConnectionAsync(cancellation);
        return await ReadVersionAsync(connection, cancellation);
    }

    // ---------------------------------------------------------------- items

    /// <inheritdoc />
    public Task<WriteResult> UpsertItemsAsync(IReadOnlyList<Item> items, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            ArgumentNullException.ThrowIfNull(item);
            ArgumentNullException.ThrowIfNull(item.Id);
            ArgumentNullException.ThrowIfNull(item.Title);
        }

        // The price is compared as text so that a change of scale (10 to 10.00) is a change, as in the SQLite store.
        var sql = $"""
            INSERT INTO {_schema}.items AS t ({ItemColumns})
            VALUES (@id, @title, @description, @category_path, @brand, @price, @tags, @attributes, @image_url, @available, @created_at)
            ON CONFLICT (id) DO UPDATE SET
                title = excluded.title, description = excluded.description, category_path = excluded.category_path,
                brand = excluded.brand, price = excluded.price, tags = excluded.tags, attributes = excluded.attributes,
                image_url = excluded.image_url, available = excluded.available, created_at = excluded.created_at
            WHERE (t.title, t.description, t.category_path, t.brand, t.price::text, t.tags, t.attributes, t.image_url, t.available, t.created_at)
                IS DISTINCT FROM (excluded.title, excluded.description, excluded.category_path, excluded.brand, excluded.price::text,
                    excluded.tags, excluded.attributes, excluded.image_url, excluded.available, excluded.created_at)
            """;
        return UpsertAsync(items, sql, static item =>
        [
            Text("id", item.Id),
            Text("title", item.Title),
            Text("description", item.Description),
            TextArray("category_path", item.CategoryPath),
            Text("brand", item.Brand),
            Parameter("price", NpgsqlDbType.Numeric, item.Price),
            TextArray("tags", item.Tags),
            Json("attributes", item.Attributes),
            Text("image_url", item.ImageUrl),
            Parameter("available", NpgsqlDbType.Boolean, item.Available),
            Time("created_at", item.CreatedAt),
        ], cancellation);
    }

    /// <inheritdoc />
    public async Task<Item?> GetItemAsync(string id, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var items = await QueryAsync($"SELECT {ItemColumns} FROM {_schema}.items WHERE id = @id", [Text("id", id)], ReadItem, cancellation);
        return items.Count == 0 ? null : items[0];
    }

    /// <inheritdoc />
    public Task<bool> DeleteItemAsync(string id, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return WriteAsync(
            async (connection, ct) => await ExecuteAsync(connection, $"DELETE FROM {_schema}.items WHERE id = @id", [Text("id", id)], ct) > 0,
            Revises,
            cancellation);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Item>> ListItemsAsync(string? afterId, int limit, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var limitParameter = Parameter("limit", NpgsqlDbType.Integer, limit);
        return afterId is null
            ? await QueryAsync($"SELECT {ItemColumns} FROM {_schema}.items ORDER BY id LIMIT @limit", [limitParameter], ReadItem, cancellation)
            : await QueryAsync(
                $"SELECT {ItemColumns} FROM {_schema}.items WHERE id > @after ORDER BY id LIMIT @limit", [limitParameter, Text("after", afterId)], ReadItem, cancellation);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<Item> StreamItemsAsync(CancellationToken cancellation = default) =>
        StreamAsync($"SELECT {ItemColumns} FROM {_schema}.items ORDER BY id", [], ReadItem, cancellation);

    /// <inheritdoc />
    public IAsyncEnumerable<string> StreamItemIdsAsync(CancellationToken cancellation = default) =>
        StreamAsync($"SELECT id FROM {_schema}.items ORDER BY id", [], static r => r.GetString(0), cancellation);

    /// <inheritdoc />
    public Task<long> CountItemsAsync(CancellationToken cancellation = default) => CountAsync("items", cancellation);

    private static Item ReadItem(NpgsqlDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.GetTextOrNull(2),
        r.GetListOrNull(3),
        r.GetTextOrNull(4),
        r.IsDBNull(5) ? null : r.GetDecimal(5),
        r.GetListOrNull(6),
        r.GetDictionaryOrNull(7),
        r.GetTextOrNull(8),
        r.GetBoolean(9),
        r.IsDBNull(10) ? null : r.GetTime(10));

    // ---------------------------------------------------------------- users

    private const string UserColumns = "id, attributes, consent_personalization, consent_profiling";

    /// <inheritdoc />
    public Task<WriteResult> UpsertUsersAsync(IReadOnlyList<User> users, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(users);
        foreach (var user in users)
        {
            ArgumentNullException.ThrowIfNull(user);
            ArgumentNullException.ThrowIfNull(user.Id);
        }

        var sql = $"""
            INSERT INTO {_schema}.users AS t ({UserColumns}) VALUES (@id, @attributes, @personalization, @profiling)
            ON CONFLICT (id) DO UPDATE SET
                attributes = excluded.attributes, consent_personalization = excluded.consent_personalization,
                consent_profiling = excluded.consent_profiling
            WHERE (t.attributes, t.consent_personalization, t.consent_profiling)
                IS DISTINCT FROM (excluded.attributes, excluded.consent_personalization, excluded.consent_profiling)
            """;
        return UpsertAsync(users, sql, static user =>
        [
            Text("id", user.Id),
            Json("attributes", user.Attributes),
            Parameter("personalization", NpgsqlDbType.Boolean, user.Consent?.Personalization),
            Parameter("profiling", NpgsqlDbType.Boolean, user.Consent?.Profiling),
        ], cancellation);
    }

    /// <inheritdoc />
    public async Task<User?> GetUserAsync(string id, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var users = await QueryAsync($"SELECT {UserColumns} FROM {_schema}.users WHERE id = @id", [Text("id", id)], ReadUser, cancellation);
        return users.Count == 0 ? null : users[0];
    }

    /// <inheritdoc />
    public Task<bool> DeleteUserAsync(string id, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return WriteAsync(
            async (connection, ct) => await ExecuteAsync(connection, $"DELETE FROM {_schema}.users WHERE id = @id", [Text("id", id)], ct) > 0,
            Deletes,
            cancellation);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<User> StreamUsersAsync(CancellationToken cancellation = default) =>
        StreamAsync($"SELECT {UserColumns} FROM {_schema}.users ORDER BY id", [], ReadUser, cancellation);

    /// <inheritdoc />
    public Task<long> CountUsersAsync(CancellationToken cancellation = default) => CountAsync("users", cancellation);

    private static User ReadUser(NpgsqlDataReader r) => new(
        r.GetString(0),
        r.GetDictionaryOrNull(1),
        r.IsDBNull(2) && r.IsDBNull(3) ? null : new ConsentFlags(r.IsDBNull(2) || r.GetBoolean(2), r.IsDBNull(3) || r.GetBoolean(3)));

    // ---------------------------------------------------------------- plumbing

    /// <summary>
    /// The key of one of a schema's advisory locks (<paramref name="purpose"/>: the write lock "schema", the training lease,
    /// the snapshot lock): the first eight bytes of a SHA-256 of both names, the same in every process.
    /// </summary>
    private static long LockKeyOf(string purpose, string schema) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"penchant.{purpose}.{schema}")));

    private Task LockAsync(NpgsqlConnection connection, CancellationToken cancellation) =>
        ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(@key)", [Parameter("key", NpgsqlDbType.Bigint, _lockKey)], cancellation);

    private ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellation)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _dataSource.OpenConnectionAsync(cancellation);
    }

    /// <summary>Runs <paramref name="work"/> in one transaction holding the schema's write lock, and commits.</summary>
    private Task<T> WriteAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellation) =>
        WriteAsync(work, null, cancellation);

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction holding the schema's write lock; when <paramref name="revises"/>
    /// says its result changed training input, the store's revision grows in the same transaction, and it commits.
    /// </summary>
    private async Task<T> WriteAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, Func<T, StoreChange>? revises, CancellationToken cancellation)
    {
        await using var connection = await OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await LockAsync(connection, cancellation);
        var result = await work(connection, cancellation);
        var change = revises?.Invoke(result) ?? StoreChange.None;
        if (_revisioned && StoreChanges.Statement(change, $"{_schema}.store_revision") is { } revision)
        {
            if (change == StoreChange.Deleted)
            {
                // A snapshot save in progress checked the old count: it commits first (see SaveSnapshotAsync).
                await LockSnapshotAsync(connection, cancellation);
            }

            await ExecuteAsync(connection, revision, [], cancellation);
        }

        await transaction.CommitAsync(cancellation);
        return result;
    }

    // Whether the schema has the revision table: not when a test built an older schema (InitializeAsync's target).
    private bool _revisioned = true;

    /// <inheritdoc />
    public async Task<StoreRevision> GetRevisionAsync(CancellationToken cancellation = default)
    {
        var rows = await QueryAsync(
            $"SELECT store, value, deletions FROM {_schema}.store_revision",
            [],
            static r => new StoreRevision(r.GetString(0), r.GetInt64(1), r.GetInt64(2)),
            cancellation);
        return rows.Count == 1 ? rows[0] : throw new InvalidOperationException("The store has no revision row; call InitializeAsync first.");
    }

    /// <summary>Runs <paramref name="sql"/> once per row, many rows a round trip, in one transaction; counts the rows it changed.</summary>
    private Task<WriteResult> UpsertAsync<T>(IReadOnlyList<T> rows, string sql, Func<T, NpgsqlParameter[]> parameters, CancellationToken cancellation)
    {
        if (rows.Count == 0)
        {
            return Task.FromResult(default(WriteResult));
        }

        return WriteAsync(
            async (connection, ct) =>
            {
                var result = default(WriteResult);
                foreach (var chunk in rows.Chunk(UpsertBatchSize))
                {
                    await using var batch = new NpgsqlBatch(connection);
                    foreach (var row in chunk)
                    {
                        var command = new NpgsqlBatchCommand(sql);
                        command.Parameters.AddRange(parameters(row));
                        batch.BatchCommands.Add(command);
                    }

                    await batch.ExecuteNonQueryAsync(ct);
                    foreach (var command in batch.BatchCommands)
                    {
                        result += command.RecordsAffected > 0 ? new WriteResult(1, 0) : new WriteResult(0, 1);
                    }
                }

                return result;
            },
            Revises,
            cancellation);
    }

    private async Task<long> CountAsync(string table, CancellationToken cancellation)
    {
        await using var connection = await OpenConnectionAsync(cancellation);
        return await ScalarAsync<long>(connection, $"SELECT count(*) FROM {_schema}.{table}", [], cancellation);
    }

    private async Task<List<T>> QueryAsync<T>(string sql, NpgsqlParameter[] parameters, Func<NpgsqlDataReader, T> read, CancellationToken cancellation)
    {
        var rows = new List<T>();
        await foreach (var row in StreamAsync(sql, parameters, read, cancellation))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The rows of one query, read as they arrive on a connection held until the stream ends.</summary>
    private async IAsyncEnumerable<T> StreamAsync<T>(
        string sql, NpgsqlParameter[] parameters, Func<NpgsqlDataReader, T> read, [EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var connection = await OpenConnectionAsync(cancellation);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            yield return read(reader);
        }
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, NpgsqlParameter[] parameters, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        return await command.ExecuteNonQueryAsync(cancellation);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, NpgsqlParameter[] parameters, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation)
            ? reader.GetFieldValue<T>(0)
            : throw new InvalidOperationException($"The query returned no row: {sql}");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _dataSource.DisposeAsync();
    }
}
