using System.Globalization;
using Microsoft.Data.Sqlite;
using Penchant.Core.Data;
using Penchant.Storage.Sqlite;

namespace Penchant.Storage.Tests.Sqlite;

/// <summary>The store contract against a temporary SQLite file per test, plus SQLite specifics.</summary>
public sealed class SqliteStoreTests : StoreContractTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    private string DbPath => _dir.File("store.db");

    protected override async Task<IPenchantStore> CreateStoreAsync() => await SqliteStore.OpenAsync(DbPath);

    protected override async Task<IPenchantStore> ReopenStoreAsync() => await SqliteStore.OpenAsync(DbPath);

    public void Dispose() => _dir.Dispose();

    private static async Task<string?> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_new_store_uses_write_ahead_logging_and_the_current_schema()
    {
        await using var store = await SqliteStore.OpenAsync(DbPath);
        Assert.Equal("wal", await ScalarAsync(DbPath, "PRAGMA journal_mode"));
        Assert.Equal(SqliteSchema.CurrentVersion, await store.GetSchemaVersionAsync());
        Assert.Equal(SqliteSchema.Migrations.Count.ToString(CultureInfo.InvariantCulture), await ScalarAsync(DbPath, "SELECT COUNT(*) FROM schema_version"));
    }

    [Fact]
    public async Task The_training_lease_is_held_by_one_store_over_the_file_at_a_time_and_given_back_on_dispose()
    {
        await using var one = await SqliteStore.OpenAsync(DbPath);
        await using var two = await SqliteStore.OpenAsync(DbPath);
        await TrainingLeaseContract.HoldsOneAtATimeAsync(one, two);
    }

    [Fact]
    public async Task Migrations_are_numbered_one_up_in_order()
    {
        Assert.Equal(Enumerable.Range(1, SqliteSchema.Migrations.Count), SqliteSchema.Migrations.Select(m => m.Version));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task An_older_schema_with_data_is_migrated_and_its_data_kept()
    {
        await using (var old = new SqliteStore(DbPath))
        {
            await old.InitializeAsync(1, CancellationToken.None);
            Assert.Equal(1, await old.GetSchemaVersionAsync());
        }

        // Rows written the way version 1 wrote them (no session column yet).
        await using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO user_keys (key, id) VALUES (1, 'u1');
                INSERT INTO item_keys (key, id) VALUES (1, 'i1');
                INSERT INTO items (id, title, available) VALUES ('i1', 'Old item', 1);
                INSERT INTO events (event_id, user_key, item_key, type, ts, value) VALUES ('old-1', 1, 1, 'purchase', 1700000000000000, 2);
                """;
            command.ExecuteNonQuery();
            Assert.Throws<SqliteException>(() =>
            {
                command.CommandText = "SELECT session_id FROM events";
                command.ExecuteScalar();
            });
        }

        await using var store = await SqliteStore.OpenAsync(DbPath);
        Assert.Equal(SqliteSchema.CurrentVersion, await store.GetSchemaVersionAsync());
        Assert.True(SqliteSchema.CurrentVersion > 1);
        var old1 = Assert.Single(await store.GetUserEventsAsync("u1", 10));
        Assert.Equal(new Event("old-1", "u1", "i1", EventType.Purchase, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), 2), old1);
        Assert.Equal("Old item", (await store.GetItemAsync("i1"))!.Title);

        // The migrated store reuses the old keys and takes the new column.
        Assert.Equal(new WriteResult(1, 1), await store.AppendEventsAsync(
        [
            old1,
            new Event("new-1", "u1", "i1", EventType.View, DateTimeOffset.FromUnixTimeSeconds(1_700_000_100), SessionId: "s"),
        ]));
        Assert.Equal("s", (await store.GetUserEventsAsync("u1", 1))[0].SessionId);
        Assert.Equal("1", await ScalarAsync(DbPath, "SELECT COUNT(*) FROM user_keys"));
    }

    [Fact]
    public async Task A_schema_newer_than_this_build_is_refused()
    {
        await using (var store = await SqliteStore.OpenAsync(DbPath))
        {
            await store.AppendEventsAsync([new Event("e", "u", "i", EventType.View, DateTimeOffset.UnixEpoch)]);
        }

        await ScalarAsync(DbPath, $"INSERT INTO schema_version VALUES ({SqliteSchema.CurrentVersion + 1}, 'future', 'x')");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SqliteStore.OpenAsync(DbPath));
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SqliteSynchronous.Full)]
    [InlineData(SqliteSynchronous.Normal)]
    public async Task Both_durability_levels_store_and_read_back(SqliteSynchronous level)
    {
        await using (var store = await SqliteStore.OpenAsync(DbPath, new SqliteStoreOptions { Synchronous = level }))
        {
            await store.AppendEventsAsync([.. Enumerable.Range(0, 100).Select(i => new Event($"e{i}", $"u{i % 7}", $"i{i % 5}", EventType.View, DateTimeOffset.UnixEpoch.AddDays(i)))]);
        }

        await using var reopened = await SqliteStore.OpenAsync(DbPath);
        Assert.Equal(100, await reopened.CountEventsAsync());
    }

    [Fact]
    public async Task A_tiny_key_cache_still_maps_every_id_to_one_key()
    {
        await using var store = await SqliteStore.OpenAsync(DbPath, new SqliteStoreOptions { KeyCacheLimit = 3 });
        for (var round = 0; round < 3; round++)
        {
            await store.AppendEventsAsync([.. Enumerable.Range(0, 20).Select(i => new Event($"r{round}-{i}", $"u{i % 10}", $"i{i % 9}", EventType.Click, DateTimeOffset.UnixEpoch.AddMinutes(i)))]);
        }

        Assert.Equal("10", await ScalarAsync(DbPath, "SELECT COUNT(*) FROM user_keys"));
        Assert.Equal("9", await ScalarAsync(DbPath, "SELECT COUNT(*) FROM item_keys"));
        Assert.Equal(6, (await store.GetUserEventsAsync("u3", 100)).Count);
    }

    [Fact]
    public async Task A_users_recent_events_are_read_through_the_user_time_index()
    {
        await using var store = await SqliteStore.OpenAsync(DbPath);
        await using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN SELECT e.event_id FROM events e WHERE e.user_key = 1 ORDER BY e.ts DESC, e.seq DESC LIMIT 10";
        using var reader = command.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read())
        {
            plan.Add(reader.GetString(3));
        }

        Assert.Contains(plan, p => p.Contains("events_user_ts", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, p => p.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_batch_that_fails_midway_stores_nothing_and_leaves_no_stale_keys()
    {
        await using var store = await SqliteStore.OpenAsync(DbPath);
        var t = DateTimeOffset.UnixEpoch;
        Event[] batch =
        [
            new("ok-1", "new-user", "new-item", EventType.View, t),
            new("bad", "new-user", "new-item", (EventType)99, t),
        ];
        await Assert.ThrowsAnyAsync<Exception>(() => store.AppendEventsAsync(batch));
        Assert.Equal(0, await store.CountEventsAsync());
        Assert.Equal("0", await ScalarAsync(DbPath, "SELECT COUNT(*) FROM user_keys"));

        // The keys created in the rolled-back transaction must not be reused from a cache.
        Assert.Equal(new WriteResult(1, 0), await store.AppendEventsAsync([batch[0]]));
        Assert.Equal("1", await ScalarAsync(DbPath, "SELECT COUNT(*) FROM user_keys u JOIN events e ON e.user_key = u.key WHERE u.id = 'new-user'"));
        Assert.Equal("new-item", Assert.Single(await store.GetUserEventsAsync("new-user", 10)).ItemId);
    }
}
