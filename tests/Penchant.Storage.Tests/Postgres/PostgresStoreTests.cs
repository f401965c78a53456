using Npgsql;
using Penchant.Core.Data;
using Penchant.Storage.Postgres;

namespace Penchant.Storage.Tests.Postgres;

/// <summary>The store contract against a fresh PostgreSQL schema per test, plus PostgreSQL specifics.</summary>
public sealed class PostgresStoreTests : StoreContractTests, IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly PostgresTestDatabase _database = new();
    private PostgresStoreOptions? _options;

    private PostgresStoreOptions Options => _options ??= _database.NewSchema();

    protected override async Task<IPenchantStore> CreateStoreAsync() => await PostgresStore.OpenAsync(Options);

    protected override async Task<IPenchantStore> ReopenStoreAsync() => await PostgresStore.OpenAsync(Options);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static Event View(string id, string user, string? item, int minutes) => new(id, user, item, EventType.View, T0.AddMinutes(minutes));

    private static async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = await PostgresTestDatabase.ConnectAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private string Table(string name) => $"\"{Options.Schema}\".{name}";

    private Task<List<(int Version, DateTime AppliedAt)>> AppliedMigrationsAsync() =>
        QueryAsync($"SELECT version, applied_at FROM {Table("schema_version")} ORDER BY version", static r => (r.GetInt32(0), r.GetDateTime(1)));

    [Fact]
    public void Migrations_are_numbered_one_up_in_order()
    {
        var migrations = PostgresSchema.Migrations("\"s\"");
        Assert.Equal(Enumerable.Range(1, migrations.Count), migrations.Select(static m => m.Version));
        Assert.Equal(migrations.Count, PostgresSchema.CurrentVersion);
        Assert.All(migrations, static m => Assert.False(string.IsNullOrWhiteSpace(m.Description)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Penchant")]
    [InlineData("1abc")]
    [InlineData("a-b")]
    [InlineData("a\"; DROP SCHEMA public; --")]
    [InlineData("pg_mine")]
    [InlineData("ünicode")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public void A_schema_name_that_is_not_a_plain_identifier_is_refused(string schema)
    {
        var error = Assert.Throws<ArgumentException>(() => new PostgresStoreOptions { ConnectionString = "Host=x", Schema = schema });
        Assert.Contains("plain identifier", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=x;Username=u", 64)]
    [InlineData("Host=x;Max Auto Prepare=5", 5)]
    [InlineData("Host=x;max auto prepare=0", 0)]
    [InlineData("Host=x;MaxAutoPrepare=7", 7)]
    public void Statements_are_auto_prepared_unless_the_connection_string_says_otherwise(string connectionString, int expected)
    {
        var effective = new Npgsql.NpgsqlConnectionStringBuilder(PostgresStore.WithDefaults(connectionString));
        Assert.Equal(expected, effective.MaxAutoPrepare);
        Assert.Equal("x", effective.Host);
    }

    [Fact]
    public void Plain_schema_names_are_accepted_and_penchant_is_the_default()
    {
        Assert.Equal("penchant", new PostgresStoreOptions { ConnectionString = "Host=x" }.Schema);
        Assert.Equal("_t_1", new PostgresStoreOptions { ConnectionString = "Host=x", Schema = "_t_1" }.Schema);
        Assert.Throws<ArgumentException>(() => new PostgresStoreOptions { ConnectionString = " " });
        var options = new PostgresStoreOptions { ConnectionString = "Host=x;Password=secret", Schema = "shop" };
        Assert.Equal("PostgresStoreOptions { Schema = shop }", options.ToString());
    }

    [SkippableFact]
    public async Task The_snapshot_blob_is_kept_in_parts_read_back_whole_replaced_whole_and_deleted_by_erasure()
    {
        await using var store = await PostgresStore.OpenAsync(Options);
        Assert.Null(await store.OpenSnapshotAsync());
        Assert.False(await store.DeleteSnapshotAsync());

        // Two and a half parts, then one part: the second save leaves nothing of the first.
        var large = new byte[(PostgresStore.PartBytes * 2) + (PostgresStore.PartBytes / 2)];
        new Random(7).NextBytes(large);
        await store.SaveSnapshotAsync(new MemoryStream(large));
        Assert.Equal(3L, (await QueryAsync($"SELECT COUNT(*) FROM {Table("serving_snapshot")}", static r => r.GetInt64(0)))[0]);
        Assert.Equal(large, await ReadAllAsync(store));
        Assert.Equal(large.AsSpan(0, 100).ToArray(), await store.ReadSnapshotHeadAsync(100));
        var small = large.AsSpan(100, 1000).ToArray();
        await store.SaveSnapshotAsync(new MemoryStream(small));
        Assert.Equal(small, await ReadAllAsync(store));
        Assert.Equal(small, await store.ReadSnapshotHeadAsync(PostgresStore.PartBytes));
        Assert.True(await store.DeleteSnapshotAsync());
        Assert.Null(await store.OpenSnapshotAsync());
        Assert.Null(await store.ReadSnapshotHeadAsync(100));

        // Erasing any shopper deletes it in the same transaction, since it holds every trained shopper's history.
        await store.AppendEventsAsync([View("e1", "ana", "i1", 0)]);
        var trainedAt = await store.GetRevisionAsync();
        Assert.True(await store.SaveSnapshotAsync(new MemoryStream(small), trainedAt.Deletions));
        await store.EraseUserAsync("ana");
        Assert.Null(await store.OpenSnapshotAsync());

        // And a snapshot trained before the erasure is not written after it, by this process or any other.
        Assert.False(await store.SaveSnapshotAsync(new MemoryStream(small), trainedAt.Deletions));
        Assert.Null(await store.OpenSnapshotAsync());
        Assert.True(await store.SaveSnapshotAsync(new MemoryStream(small), (await store.GetRevisionAsync()).Deletions));
        Assert.Equal(small, await ReadAllAsync(store));
    }

    [SkippableFact]
    public async Task A_snapshot_save_holds_up_no_writes_and_an_erasure_waits_for_it_and_deletes_what_it_wrote()
    {
        await using var store = await PostgresStore.OpenAsync(Options);
        await store.AppendEventsAsync([View("e1", "ana", "i1", 0)]);

        // The snapshot lock held elsewhere, as by a long save: the save below waits for it.
        await using var holder = new NpgsqlConnection(Options.ConnectionString);
        await holder.OpenAsync();
        await using var held = await holder.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({store.SnapshotLockKey})", holder, held))
        {
            await command.ExecuteNonQueryAsync();
        }

        var save = store.SaveSnapshotAsync(new MemoryStream([1, 2, 3]));

        // Events and items are written meanwhile.
        await store.AppendEventsAsync([View("e2", "bo", "i1", 1)]).WaitAsync(TimeSpan.FromSeconds(10));
        await store.UpsertItemsAsync([new Item("i1", "Item")]).WaitAsync(TimeSpan.FromSeconds(10));

        // An erasure waits until the save has committed, then deletes what it wrote.
        var erase = store.EraseUserAsync("ana");
        await Task.Delay(300);
        Assert.False(save.IsCompleted);
        Assert.False(erase.IsCompleted);
        await held.CommitAsync();
        Assert.True(await save.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, (await erase.WaitAsync(TimeSpan.FromSeconds(10))).EventsRemoved);
        Assert.Null(await store.OpenSnapshotAsync());
    }

    [SkippableFact]
    public async Task The_training_lease_is_held_by_one_store_at_a_time_and_given_back_on_dispose()
    {
        await using var one = await PostgresStore.OpenAsync(Options);
        await using var two = await PostgresStore.OpenAsync(Options);
        await TrainingLeaseContract.HoldsOneAtATimeAsync(one, two);
    }

    private static async Task<byte[]> ReadAllAsync(PostgresStore store)
    {
        await using var stream = await store.OpenSnapshotAsync();
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [SkippableFact]
    public async Task A_new_schema_records_each_migration_once_and_opening_it_again_changes_nothing()
    {
        await using (var store = await PostgresStore.OpenAsync(Options))
        {
            Assert.Equal(PostgresSchema.CurrentVersion, await store.GetSchemaVersionAsync());
        }

        var applied = await AppliedMigrationsAsync();
        Assert.Equal(Enumerable.Range(1, PostgresSchema.CurrentVersion), applied.Select(static m => m.Version));

        await using var again = await PostgresStore.OpenAsync(Options);
        await again.InitializeAsync();
        Assert.Equal(applied, await AppliedMigrationsAsync());
    }

    [SkippableFact]
    public async Task Stores_starting_at_once_create_and_migrate_the_schema_once()
    {
        var stores = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => PostgresStore.OpenAsync(Options))));
        try
        {
            Assert.Equal(Enumerable.Range(1, PostgresSchema.CurrentVersion), (await AppliedMigrationsAsync()).Select(static m => m.Version));
            Assert.All(await Task.WhenAll(stores.Select(static s => s.GetSchemaVersionAsync())), static v => Assert.Equal(PostgresSchema.CurrentVersion, v));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [SkippableFact]
    public async Task An_older_schema_with_data_is_migrated_and_its_data_kept()
    {
        await using (var old = new PostgresStore(Options))
        {
            await old.InitializeAsync(1, CancellationToken.None);
            Assert.Equal(1, await old.GetSchemaVersionAsync());
            await old.UpsertItemsAsync([new Item("i1", "Old item")]);
        }

        // An event as version 1 stored it (today's insert writes columns added since).
        await QueryAsync(
            $"""
            INSERT INTO {Table("user_keys")} (id) VALUES ('u1');
            INSERT INTO {Table("item_keys")} (id) VALUES ('i1');
            INSERT INTO {Table("events")} (event_id, user_key, item_key, type, ts)
            SELECT 'old-1', u.key, i.key, 'view', '2025-06-01T08:00:00Z' FROM {Table("user_keys")} u, {Table("item_keys")} i RETURNING 1
            """,
            static r => r.GetInt32(0));

        Assert.Equal([false], await QueryAsync($"SELECT to_regclass('{Table("audit_log")}') IS NOT NULL", static r => r.GetBoolean(0)));

        await using var store = await PostgresStore.OpenAsync(Options);
        Assert.Equal(PostgresSchema.CurrentVersion, await store.GetSchemaVersionAsync());
        Assert.Equal(View("old-1", "u1", "i1", 0), Assert.Single(await store.GetUserEventsAsync("u1", 10)));
        Assert.Equal("Old item", (await store.GetItemAsync("i1"))!.Title);
        Assert.Equal(new WriteResult(1, 1), await store.AppendEventsAsync([View("old-1", "u1", "i1", 0), View("new-1", "u1", "i1", 1)]));
        Assert.Equal(1, (await store.AppendAsync(new("admin", "user.erase", "p_x", T0))).Sequence);
    }

    [SkippableFact]
    public async Task A_schema_newer_than_this_build_is_refused()
    {
        await using (await PostgresStore.OpenAsync(Options))
        {
        }

        await QueryAsync($"INSERT INTO {Table("schema_version")} VALUES ({PostgresSchema.CurrentVersion + 1}, 'future', now()) RETURNING version", static r => r.GetInt32(0));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresStore.OpenAsync(Options));
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Stores_in_different_schemas_do_not_see_each_other()
    {
        await using var first = await PostgresStore.OpenAsync(Options);
        await using var second = await PostgresStore.OpenAsync(_database.NewSchema());
        await first.UpsertItemsAsync([new Item("i1", "First's item")]);
        await first.UpsertUsersAsync([new User("u1")]);
        await first.AppendEventsAsync([View("e1", "u1", "i1", 0), View("e2", "u1", "i1", 1)]);
        await first.AppendAsync(new("admin", "user.erase", "p_x", T0));

        Assert.Equal(0, await second.CountItemsAsync());
        Assert.Equal(0, await second.CountUsersAsync());
        Assert.Equal(0, await second.CountEventsAsync());
        Assert.Empty(await second.ReadAsync().ToListAsync());
        Assert.Null(await second.GetItemAsync("i1"));

        // The same event id is new to the other schema, and its audit chain starts at 1 of its own.
        Assert.Equal(new WriteResult(1, 0), await second.AppendEventsAsync([View("e1", "u9", null, 5)]));
        Assert.Equal(1, (await second.AppendAsync(new("admin", "user.erase", "p_y", T0))).Sequence);
        Assert.Equal(2, await first.CountEventsAsync());
        Assert.Equal("u1", Assert.Single(await first.GetUserEventsAsync("u1", 1)).UserId);
        Assert.Empty(await first.GetUserEventsAsync("u9", 10));
    }

    [SkippableFact]
    public async Task Duplicate_ids_inside_a_batch_and_across_batches_are_stored_once_first_version_first()
    {
        await using var store = await PostgresStore.OpenAsync(Options);
        Assert.Equal(
            [AppendOutcome.Stored, AppendOutcome.Stored, AppendOutcome.Duplicate, AppendOutcome.Stored],
            await store.AppendEventsReportingEachAsync([View("d1", "u1", "i1", 0), View("d2", "u2", null, 0), View("d1", "u3", "i3", 0), View("d3", "u1", "i2", 0)]));
        Assert.Equal(
            [AppendOutcome.Duplicate, AppendOutcome.Stored, AppendOutcome.Duplicate, AppendOutcome.Stored, AppendOutcome.Duplicate],
            await store.AppendEventsReportingEachAsync([View("d2", "u2", "i9", 0), View("d4", "u3", "i1", 0), View("d4", "u1", "i1", 0), View("d5", "u1", null, 0), View("d1", "u1", "i1", 0)]));
        Assert.Equal(new WriteResult(1, 3), await store.AppendEventsAsync([View("d5", "u1", null, 0), View("d6", "u4", "i4", 0), View("d6", "u4", "i4", 0), View("d3", "u1", "i2", 0)]));

        var streamed = await store.StreamEventsAsync().ToListAsync();
        Assert.Equal(["d1", "d2", "d3", "d4", "d5", "d6"], streamed.Select(static e => e.EventId));
        Assert.Equal(View("d1", "u1", "i1", 0), streamed[0]);
        Assert.Equal(View("d2", "u2", null, 0), streamed[1]);
        Assert.Equal("u3", streamed[3].UserId);
        // u3's d1 was a duplicate within its batch: their only stored event is d4.
        Assert.Equal(["d4"], (await store.GetUserEventsAsync("u3", 10)).Select(static e => e.EventId));
    }

    [Fact]
    public void The_contracts_large_batch_takes_the_copy_path() => Assert.True(LargeBatch >= PostgresStore.CopyThreshold);

    [SkippableFact]
    public async Task A_large_batch_gives_no_keys_to_the_users_and_items_of_its_own_duplicates()
    {
        await using var store = await PostgresStore.OpenAsync(Options);
        Event[] earlier = [View("s0", "u0", "i0", -1)];
        await store.AppendEventsAsync(earlier);
        var outcomes = await store.AppendEventsReportingEachAsync(LargeBatchWithDuplicates("b", T0, earlier));
        Assert.Equal(LargeBatch, outcomes.Count(static o => o == AppendOutcome.Stored));

        // Only the first event of each id in a batch is sent, so "dup-user" and "dup-item" get no keys; keys are made
        // before the insert finds an id stored, so "late-user" and "late-item", which come with a copy of s0, get theirs.
        Assert.Equal(
            [(101L + 1, 89L + 1, 0L, 2L)],
            await QueryAsync(
                $"""
                SELECT (SELECT count(*) FROM {Table("user_keys")}), (SELECT count(*) FROM {Table("item_keys")}),
                    (SELECT count(*) FROM {Table("user_keys")} WHERE id = 'dup-user') + (SELECT count(*) FROM {Table("item_keys")} WHERE id = 'dup-item'),
                    (SELECT count(*) FROM {Table("user_keys")} WHERE id = 'late-user') + (SELECT count(*) FROM {Table("item_keys")} WHERE id = 'late-item')
                """,
                static r => (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3))));
    }

    [SkippableFact]
    public async Task A_batch_of_50000_events_is_stored_in_one_call_in_order_and_recognised_again_as_duplicates()
    {
        await using var store = await PostgresStore.OpenAsync(Options);
        var batch = Enumerable.Range(0, 50_000)
            .Select(i => new Event($"big-{i}", $"user-{i % 5_000}", i % 10 == 0 ? null : $"item-{i % 2_000}", EventType.Click, T0.AddSeconds(i / 7), i % 3 == 0 ? i : null, SessionId: $"s{i % 11}"))
            .ToList();

        Assert.Equal(new WriteResult(50_000, 0), await store.AppendEventsAsync(batch));
        Assert.Equal(new WriteResult(0, 50_000), await store.AppendEventsAsync(batch));
        Assert.All(await store.AppendEventsReportingEachAsync(batch[..1_000]), static o => Assert.Equal(AppendOutcome.Duplicate, o));
        Assert.Equal(50_000, await store.CountEventsAsync());
        Assert.Equal(batch, await store.StreamEventsAsync().ToListAsync());
        // Items whose number ends in 0 only ever come with searches, which have no item.
        Assert.Equal([5_000L, 1_800L], await QueryAsync(
            $"SELECT (SELECT count(*) FROM {Table("user_keys")}) UNION ALL SELECT (SELECT count(*) FROM {Table("item_keys")})", static r => r.GetInt64(0)));
        // Keys are created in order of first use.
        Assert.Equal(["user-0", "user-1", "user-2"], await QueryAsync($"SELECT id FROM {Table("user_keys")} ORDER BY key LIMIT 3", static r => r.GetString(0)));
        Assert.Equal(["item-1", "item-2", "item-3"], await QueryAsync($"SELECT id FROM {Table("item_keys")} ORDER BY key LIMIT 3", static r => r.GetString(0)));
    }

    [SkippableFact]
    public async Task Concurrent_appends_from_two_stores_on_one_schema_lose_nothing()
    {
        await using var first = await PostgresStore.OpenAsync(Options);
        await using var second = await PostgresStore.OpenAsync(Options);
        const int Tasks = 8;
        // Task t appends ids [100t, 100t + 150) through one store or the other: neighbours overlap by 50.
        var results = await Task.WhenAll(Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
        {
            var store = t % 2 == 0 ? first : second;
            var total = default(WriteResult);
            foreach (var chunk in Enumerable.Range(100 * t, 150).Chunk(25))
            {
                var events = chunk.Select(i => View($"c{i}", $"u{i % 13}", $"i{i % 17}", i)).ToList();
                if (chunk[0] % 50 == 0)
                {
                    var outcomes = await store.AppendEventsReportingEachAsync(events);
                    total += new WriteResult(outcomes.Count(static o => o == AppendOutcome.Stored), outcomes.Count(static o => o == AppendOutcome.Duplicate));
                }
                else
                {
                    total += await store.AppendEventsAsync(events);
                }
            }

            return total;
        })));

        const int Distinct = 100 * (Tasks - 1) + 150;
        Assert.Equal(Distinct, results.Sum(static r => r.Written));
        Assert.Equal(150 * Tasks - Distinct, results.Sum(static r => r.Unchanged));
        Assert.Equal(Distinct, await first.CountEventsAsync());
        var streamed = await second.StreamEventsAsync().Select(static e => e.EventId).ToListAsync();
        Assert.Equal(Enumerable.Range(0, Distinct).Select(static i => $"c{i}"), streamed);
        Assert.Equal([13L], await QueryAsync($"SELECT count(*) FROM {Table("user_keys")}", static r => r.GetInt64(0)));
    }
}
