using System.Data;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Penchant.Core.Data;

using static Penchant.Storage.StoreChanges;

namespace Penchant.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in write-ahead-log mode. Writes go through one connection, one at a time,
/// with prepared commands reused across the rows of a batch and one transaction per call; reads use pooled
/// connections of their own and run alongside writes.
/// </summary>
/// <remarks>
/// Events reference users and items through integer surrogate keys, resolved through an in-memory cache, so a
/// bulk append costs one indexed insert per event. Each call to <see cref="AppendEventsAsync"/> is durable when it
/// returns under <see cref="SqliteSynchronous.Full"/>.
/// </remarks>
public sealed partial class SqliteStore : IPenchantStore
{
    private readonly string _connectionString;
    private readonly SqliteStoreOptions _options;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Dictionary<string, long> _userKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _itemKeys = new(StringComparer.Ordinal);
    private SqliteConnection? _writer;
    private WriteCommands? _commands;
    private bool _disposed;

    /// <summary>A store over the file at <paramref name="path"/> (created when missing). Call <see cref="InitializeAsync(CancellationToken)"/> before use.</summary>
    public SqliteStore(string path, SqliteStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
        _options = options ?? SqliteStoreOptions.Default;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating or migrating) the store at <paramref name="path"/>.</summary>
    public static async Task<SqliteStore> OpenAsync(string path, SqliteStoreOptions? options = null, CancellationToken cancellation = default)
    {
        return await StoreChecks.InitializedAsync(new SqliteStore(path, options), cancellation);
    }

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellation = default) => InitializeAsync(SqliteSchema.CurrentVersion, cancellation);

    /// <summary>Applies migrations up to <paramref name="targetVersion"/> only; tests use it to build an older schema.</summary>
    internal async Task InitializeAsync(int targetVersion, CancellationToken cancellation)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _writeLock.WaitAsync(cancellation);
        try
        {
            if (_writer is null)
            {
                var writer = new SqliteConnection(_connectionString);
                writer.Open();
                var synchronous = _options.Synchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL";
                Execute(writer, $"""
                    PRAGMA journal_mode = WAL;
                    PRAGMA synchronous = {synchronous};
                    PRAGMA cache_size = -{_options.CacheSizeKiB.ToString(CultureInfo.InvariantCulture)};
                    PRAGMA temp_store = MEMORY;
                    PRAGMA secure_delete = ON;
                    PRAGMA busy_timeout = 10000;
                    PRAGMA wal_autocheckpoint = {_options.WalCheckpointPages.ToString(CultureInfo.InvariantCulture)};
                    PRAGMA journal_size_limit = {(64L << 20).ToString(CultureInfo.InvariantCulture)};
                    """);
                _writer = writer;
            }

            Migrate(_writer, targetVersion);
            if (targetVersion == SqliteSchema.CurrentVersion)
            {
                _commands ??= new WriteCommands(_writer);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static void Migrate(SqliteConnection connection, int targetVersion)
    {
        Execute(connection, SqliteSchema.VersionTable);
        var current = ReadVersion(connection);
        if (current > SqliteSchema.CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The database schema is at version {current}, newer than this build's {SqliteSchema.CurrentVersion}; upgrade Penchant.");
        }

        foreach (var step in SqliteSchema.Migrations)
        {
            if (step.Version <= current || step.Version > targetVersion)
            {
                continue;
            }

            using var transaction = connection.BeginTransaction();
            Execute(connection, step.Sql, transaction);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_version (version, description, applied_at) VALUES ($v, $d, $t)";
            record.Parameters.AddWithValue("$v", step.Version);
            record.Parameters.AddWithValue("$d", step.Description);
            record.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            record.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    private static int ReadVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async Task<int> GetSchemaVersionAsync(CancellationToken cancellation = default)
    {
        await using var connection = OpenReader();
        return ReadVersion(connection);
    }

    // ---------------------------------------------------------------- items

    /// <inheritdoc />
    public Task<WriteResult> UpsertItemsAsync(IReadOnlyList<Item> items, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        return WriteAsync(commands =>
        {
            var result = default(WriteResult);
            foreach (var item in items)
            {
                ArgumentNullException.ThrowIfNull(item);
                ArgumentNullException.ThrowIfNull(item.Id);
                ArgumentNullException.ThrowIfNull(item.Title);
                var p = commands.UpsertItem.Parameters;
                p[0].Value = item.Id;
                p[1].Value = item.Title;
                p[2].Value = StoredValues.OrNull(item.Description);
                p[3].Value = StoredValues.ListToJson(item.CategoryPath);
                p[4].Value = StoredValues.OrNull(item.Brand);
                p[5].Value = StoredValues.PriceToText(item.Price);
                p[6].Value = StoredValues.ListToJson(item.Tags);
                p[7].Value = StoredValues.DictionaryToJson(item.Attributes);
                p[8].Value = StoredValues.OrNull(item.ImageUrl);
                p[9].Value = item.Available ? 1 : 0;
                p[10].Value = item.CreatedAt is { } created ? StoredValues.ToUnixMicros(created) : DBNull.Value;
                result += commands.UpsertItem.ExecuteNonQuery() > 0 ? new WriteResult(1, 0) : new WriteResult(0, 1);
            }

            return result;
        }, Revises, cancellation);
    }

    private const string ItemColumns = "id, title, description, category_path, brand, price, tags, attributes, image_url, available, created_at";

    /// <inheritdoc />
    public async Task<Item?> GetItemAsync(string id, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ItemColumns} FROM items WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadItem(reader) : null;
    }

    /// <inheritdoc />
    public Task<bool> DeleteItemAsync(string id, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return WriteAsync(commands => ExecuteOn(commands, "DELETE FROM items WHERE id = $id", ("$id", id)) > 0, Revises, cancellation);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Item>> ListItemsAsync(string? afterId, int limit, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = afterId is null
            ? $"SELECT {ItemColumns} FROM items ORDER BY id LIMIT $limit"
            : $"SELECT {ItemColumns} FROM items WHERE id > $after ORDER BY id LIMIT $limit";
        command.Parameters.AddWithValue("$limit", limit);
        if (afterId is not null)
        {
            command.Parameters.AddWithValue("$after", afterId);
        }

        using var reader = command.ExecuteReader();
        var items = new List<Item>(Math.Min(limit, 1024));
        while (reader.Read())
        {
            items.Add(ReadItem(reader));
        }

        return items;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Item> StreamItemsAsync([EnumeratorCancellation] CancellationToken cancellation = default)
    {
        await using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ItemColumns} FROM items ORDER BY id";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellation.ThrowIfCancellationRequested();
            yield return ReadItem(reader);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> StreamItemIdsAsync([EnumeratorCancellation] CancellationToken cancellation = default)
    {
        await using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM items ORDER BY id";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellation.ThrowIfCancellationRequested();
            yield return reader.GetString(0);
        }
    }

    /// <inheritdoc />
    public Task<long> CountItemsAsync(CancellationToken cancellation = default) => CountAsync("items");

    private static Item ReadItem(SqliteDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.IsDBNull(2) ? null : r.GetString(2),
        StoredValues.JsonToList(r.IsDBNull(3) ? null : r.GetString(3)),
        r.IsDBNull(4) ? null : r.GetString(4),
        StoredValues.TextToPrice(r.IsDBNull(5) ? null : r.GetString(5)),
        StoredValues.JsonToList(r.IsDBNull(6) ? null : r.GetString(6)),
        StoredValues.JsonToDictionary(r.IsDBNull(7) ? null : r.GetString(7)),
        r.IsDBNull(8) ? null : r.GetString(8),
        r.GetInt64(9) != 0,
        r.IsDBNull(10) ? null : StoredValues.FromUnixMicros(r.GetInt64(10)));

    // ---------------------------------------------------------------- users

    /// <inheritdoc />
    public Task<WriteResult> UpsertUsersAsync(IReadOnlyList<User> users, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(users);
        return WriteAsync(commands =>
        {
            var result = default(WriteResult);
            foreach (var user in users)
            {
                ArgumentNullException.ThrowIfNull(user);
                ArgumentNullException.ThrowIfNull(user.Id);
                var p = commands.UpsertUser.Parameters;
                p[0].Value = user.Id;
                p[1].Value = StoredValues.DictionaryToJson(user.Attributes);
                p[2].Value = user.Consent is { } c1 ? (c1.Personalization ? 1 : 0) : DBNull.Value;
                p[3].Value = user.Consent is { } c2 ? (c2.Profiling ? 1 : 0) : DBNull.Value;
                result += commands.UpsertUser.ExecuteNonQuery() > 0 ? new WriteResult(1, 0) : new WriteResult(0, 1);
            }

            return result;
        }, Revises, cancellation);
    }

    /// <inheritdoc />
    public async Task<User?> GetUserAsync(string id, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, attributes, consent_personalization, consent_profiling FROM users WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadUser(reader) : null;
    }

    /// <inheritdoc />
    public Task<bool> DeleteUserAsync(string id, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return WriteAsync(commands => ExecuteOn(commands, "DELETE FROM users WHERE id = $id", ("$id", id)) > 0, Deletes, cancellation);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<User> StreamUsersAsync([EnumeratorCancellation] CancellationToken cancellation = default)
    {
        await using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, attributes, consent_personalization, consent_profiling FROM users ORDER BY id";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellation.ThrowIfCancellationRequested();
            yield return ReadUser(reader);
        }
    }

    /// <inheritdoc />
    public Task<long> CountUsersAsync(CancellationToken cancellation = default) => CountAsync("users");

    private static User ReadUser(SqliteDataReader r) => new(
        r.GetString(0),
        StoredValues.JsonToDictionary(r.IsDBNull(1) ? null : r.GetString(1)),
        r.IsDBNull(2) && r.IsDBNull(3) ? null : new ConsentFlags(r.IsDBNull(2) || r.GetInt64(2) != 0, r.IsDBNull(3) || r.GetInt64(3) != 0));

    // ---------------------------------------------------------------- events

    /// <inheritdoc />
    public async Task<WriteResult> AppendEventsAsync(IReadOnlyList<Event> events, CancellationToken cancellation = default)
    {
        StoreChecks.ThrowIfInvalid(events);
        var written = await WriteAsync(commands => AppendCore(commands, events, outcomes: null), Revises, cancellation);
        return new WriteResult(written, events.Count - written);
    }

    /// <inheritdoc />
    public Task<AppendOutcome[]> AppendEventsReportingEachAsync(IReadOnlyList<Event> events, CancellationToken cancellation = default)
    {
        StoreChecks.ThrowIfInvalid(events);
        return WriteAsync(commands =>
        {
            var outcomes = new AppendOutcome[events.Count];
            AppendCore(commands, events, outcomes);
            return outcomes;
        }, Revises, cancellation);
    }


    /// <summary>Inserts <paramref name="events"/> in the open transaction; fills <paramref name="outcomes"/> when given and returns how many were stored.</summary>
    private int AppendCore(WriteCommands commands, IReadOnlyList<Event> events, AppendOutcome[]? outcomes)
    {
        var written = 0;
        var insert = commands.InsertEvent;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var user = KeyOf(commands, _userKeys, commands.UserKeys, e.UserId);
            long? item = e.ItemId is null ? null : KeyOf(commands, _itemKeys, commands.ItemKeys, e.ItemId);
            var stored = insert.Execute(e, user, item);
            written += stored;
            if (outcomes is not null)
            {
                outcomes[i] = stored > 0 ? AppendOutcome.Stored : AppendOutcome.Duplicate;
            }
        }

        return written;
    }

    /// <summary>The surrogate key of an id, creating it when new. Runs inside the write transaction.</summary>
    private long KeyOf(WriteCommands commands, Dictionary<string, long> cache, SqliteKeyLookup lookup, string id)
    {
        if (cache.TryGetValue(id, out var key))
        {
            return key;
        }

        key = lookup.GetOrCreate(id, out var created);
        commands.NewKeys |= created;

        if (cache.Count >= _options.KeyCacheLimit)
        {
            cache.Clear();
        }

        cache[id] = key;
        return key;
    }

    private const string EventColumns = "e.event_id, e.user_key, e.item_key, e.type, e.ts, e.value, e.text, e.session_id, e.price";

    /// <inheritdoc />
    public async IAsyncEnumerable<Event> StreamEventsAsync([EnumeratorCancellation] CancellationToken cancellation = default)
    {
        await using var connection = OpenReader();
        // One read transaction: the key maps and the events come from the same snapshot.
        using var transaction = connection.BeginTransaction(deferred: true);
        var users = ReadKeys(connection, transaction, "user_keys");
        var items = ReadKeys(connection, transaction, "item_keys");
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {EventColumns} FROM events e ORDER BY e.ts, e.seq";
        using var reader = command.ExecuteReader();
        var count = 0;
        while (reader.Read())
        {
            if ((++count & 0xFFF) == 0)
            {
                cancellation.ThrowIfCancellationRequested();
            }

            yield return new Event(
                reader.GetString(0),
                users[reader.GetInt64(1)],
                reader.IsDBNull(2) ? null : items[reader.GetInt64(2)],
                StoredValues.ParseType(reader.GetString(3)),
                StoredValues.FromUnixMicros(reader.GetInt64(4)),
                reader.IsDBNull(5) ? null : reader.GetDouble(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                StoredValues.TextToPrice(reader.IsDBNull(8) ? null : reader.GetString(8)));
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Event> StreamUserEventsSinceAsync(
        IReadOnlyCollection<string> userIds, DateTimeOffset since, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        await using var connection = OpenReader();
        using var transaction = connection.BeginTransaction(deferred: true);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;

        // One prepared lookup per shopper through the (user_key, ts) index.
        command.CommandText = """
            SELECT e.event_id, i.id, e.type, e.ts, e.value, e.text, e.session_id, e.price
            FROM events e LEFT JOIN item_keys i ON i.key = e.item_key
            WHERE e.user_key = (SELECT key FROM user_keys WHERE id = $user) AND e.ts >= $since
            ORDER BY e.ts, e.seq
            """;
        var user = command.Parameters.Add("$user", SqliteType.Text);
        command.Parameters.AddWithValue("$since", StoredValues.ToUnixMicros(since));
        command.Prepare();
        foreach (var id in userIds.Distinct(StringComparer.Ordinal))
        {
            cancellation.ThrowIfCancellationRequested();
            user.Value = id;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                yield return ReadUserEvent(reader, id);
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlySet<string>> GetUsersWithEventsAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        await using var connection = OpenReader();
        using var transaction = connection.BeginTransaction(deferred: true);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;

        // One prepared probe per shopper through the (user_key, ts) index.
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM events WHERE user_key = (SELECT key FROM user_keys WHERE id = $user))";
        var user = command.Parameters.Add("$user", SqliteType.Text);
        command.Prepare();
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in userIds)
        {
            cancellation.ThrowIfCancellationRequested();
            user.Value = id;
            if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0)
            {
                found.Add(id);
            }
        }

        return found;
    }

    private static Dictionary<long, string> ReadKeys(SqliteConnection connection, SqliteTransaction transaction, string table)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT key, id FROM {table}";
        using var reader = command.ExecuteReader();
        var keys = new Dictionary<long, string>();
        while (reader.Read())
        {
            keys[reader.GetInt64(0)] = reader.GetString(1);
        }

        return keys;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Event>> GetUserEventsAsync(string userId, int limit, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT e.event_id, i.id, e.type, e.ts, e.value, e.text, e.session_id, e.price
            FROM events e LEFT JOIN item_keys i ON i.key = e.item_key
            WHERE e.user_key = (SELECT key FROM user_keys WHERE id = $user)
            ORDER BY e.ts DESC, e.seq DESC
            LIMIT $limit
            """;
        command.Parameters.AddWithValue("$user", userId);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var events = new List<Event>();
        while (reader.Read())
        {
            events.Add(ReadUserEvent(reader, userId));
        }

        return events;
    }

    // One row of SELECT e.event_id, i.id, e.type, e.ts, e.value, e.text, e.session_id, e.price, the shopper's known.
    private static Event ReadUserEvent(SqliteDataReader reader, string userId) => new(
        reader.GetString(0),
        userId,
        reader.IsDBNull(1) ? null : reader.GetString(1),
        StoredValues.ParseType(reader.GetString(2)),
        StoredValues.FromUnixMicros(reader.GetInt64(3)),
        reader.IsDBNull(4) ? null : reader.GetDouble(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        StoredValues.TextToPrice(reader.IsDBNull(7) ? null : reader.GetString(7)));

    /// <inheritdoc />
    public Task<long> CountEventsAsync(CancellationToken cancellation = default) => CountAsync("events");

    /// <inheritdoc />
    public Task<int> DeleteUserEventsAsync(string userId, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return WriteAsync(
            commands => ExecuteOn(commands, "DELETE FROM events WHERE user_key = (SELECT key FROM user_keys WHERE id = $user)", ("$user", userId)),
            Deletes,
            cancellation);
    }

    /// <inheritdoc />
    public Task<int> DeleteEventsBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellation = default) =>
        WriteAsync(commands => ExecuteOn(commands, "DELETE FROM events WHERE ts < $cutoff", ("$cutoff", StoredValues.ToUnixMicros(cutoff))), Deletes, cancellation);

    // ---------------------------------------------------------------- plumbing

    private SqliteConnection OpenReader()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <inheritdoc />
    public async Task<StoreRevision> GetRevisionAsync(CancellationToken cancellation = default)
    {
        await using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT store, value, deletions FROM store_revision";
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new StoreRevision(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2))
            : throw new InvalidOperationException("The store has no revision row; call InitializeAsync first.");
    }

    private async Task<long> CountAsync(string table)
    {
        await using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Runs <paramref name="work"/> on the write connection in one transaction, one writer at a time.</summary>
    private Task<T> WriteAsync<T>(Func<WriteCommands, T> work, CancellationToken cancellation) => WriteAsync(work, null, cancellation);

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction, one writer at a time; when <paramref name="revises"/> says its
    /// result changed training input, the store's revision grows in the same transaction.
    /// </summary>
    private async Task<T> WriteAsync<T>(Func<WriteCommands, T> work, Func<T, StoreChange>? revises, CancellationToken cancellation)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _writeLock.WaitAsync(cancellation);
        try
        {
            var commands = _commands ?? throw new InvalidOperationException("Call InitializeAsync before using the store.");
            using var transaction = commands.Connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
            commands.Begin(transaction);
            try
            {
                var result = work(commands);
                if (StoreChanges.Statement(revises?.Invoke(result) ?? StoreChange.None, "store_revision") is { } revision)
                {
                    ExecuteOn(commands, revision);
                }

                transaction.Commit();
                return result;
            }
            catch
            {
                transaction.Rollback();
                if (commands.NewKeys)
                {
                    // Keys created in the rolled-back transaction are gone; forget every cached key to be safe.
                    _userKeys.Clear();
                    _itemKeys.Clear();
                }

                throw;
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static int ExecuteOn(WriteCommands commands, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = commands.Connection.CreateCommand();
        command.Transaction = commands.Transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await _writeLock.WaitAsync();
        try
        {
            _disposed = true;
            _commands?.Dispose();
            if (_writer is not null)
            {
                SqliteConnection.ClearPool(_writer);
                await _writer.DisposeAsync();
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>The prepared statements of the write connection, reused by every batch.</summary>
    private sealed class WriteCommands : IDisposable
    {
        private readonly List<SqliteCommand> _all = [];

        public WriteCommands(SqliteConnection connection)
        {
            Connection = connection;
            UpsertItem = Create($"""
                INSERT INTO items ({ItemColumns}) VALUES ($id, $title, $description, $category_path, $brand, $price, $tags, $attributes, $image_url, $available, $created_at)
                ON CONFLICT (id) DO UPDATE SET
                    title = excluded.title, description = excluded.description, category_path = excluded.category_path,
                    brand = excluded.brand, price = excluded.price, tags = excluded.tags, attributes = excluded.attributes,
                    image_url = excluded.image_url, available = excluded.available, created_at = excluded.created_at
                WHERE items.title IS NOT excluded.title OR items.description IS NOT excluded.description
                    OR items.category_path IS NOT excluded.category_path OR items.brand IS NOT excluded.brand
                    OR items.price IS NOT excluded.price OR items.tags IS NOT excluded.tags
                    OR items.attributes IS NOT excluded.attributes OR items.image_url IS NOT excluded.image_url
                    OR items.available IS NOT excluded.available OR items.created_at IS NOT excluded.created_at
                """, "$id", "$title", "$description", "$category_path", "$brand", "$price", "$tags", "$attributes", "$image_url", "$available", "$created_at");
            UpsertUser = Create("""
                INSERT INTO users (id, attributes, consent_personalization, consent_profiling) VALUES ($id, $attributes, $cp, $cf)
                ON CONFLICT (id) DO UPDATE SET
                    attributes = excluded.attributes, consent_personalization = excluded.consent_personalization,
                    consent_profiling = excluded.consent_profiling
                WHERE users.attributes IS NOT excluded.attributes
                    OR users.consent_personalization IS NOT excluded.consent_personalization
                    OR users.consent_profiling IS NOT excluded.consent_profiling
                """, "$id", "$attributes", "$cp", "$cf");
            InsertEvent = new SqliteEventInsert(connection);
            UserKeys = new SqliteKeyLookup(connection, "user_keys");
            ItemKeys = new SqliteKeyLookup(connection, "item_keys");
        }

        public SqliteConnection Connection { get; }

        public SqliteTransaction? Transaction { get; private set; }

        /// <summary>Whether the current transaction created surrogate keys.</summary>
        public bool NewKeys { get; set; }

        public SqliteCommand UpsertItem { get; }

        public SqliteCommand UpsertUser { get; }

        public SqliteEventInsert InsertEvent { get; }

        public SqliteKeyLookup UserKeys { get; }

        public SqliteKeyLookup ItemKeys { get; }

        public void Begin(SqliteTransaction transaction)
        {
            Transaction = transaction;
            NewKeys = false;
            foreach (var command in _all)
            {
                command.Transaction = transaction;
            }
        }

        private SqliteCommand Create(string sql, params string[] parameters)
        {
            var command = Connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters)
            {
                command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
            }

            _all.Add(command);
            return command;
        }

        public void Dispose()
        {
            foreach (var command in _all)
            {
                command.Dispose();
            }

            InsertEvent.Dispose();
            UserKeys.Dispose();
            ItemKeys.Dispose();
        }
    }
}
