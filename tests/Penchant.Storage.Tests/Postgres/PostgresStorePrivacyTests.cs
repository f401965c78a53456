using Npgsql;
using Penchant.Core.Privacy.Audit;
using Penchant.Storage.Postgres;

namespace Penchant.Storage.Tests.Postgres;

/// <summary>The privacy contract against a fresh PostgreSQL schema per test, plus erasure and audit-log checks made behind the store's back.</summary>
public sealed class PostgresStorePrivacyTests : PrivacyStoreContractTests<PostgresStore>, IAsyncLifetime
{
    private readonly PostgresTestDatabase _database = new();
    private PostgresStoreOptions? _options;

    private PostgresStoreOptions Options => _options ??= _database.NewSchema();

    protected override Task<PostgresStore> CreateStoreAsync() => PostgresStore.OpenAsync(Options);

    protected override Task<PostgresStore> ReopenStoreAsync() => PostgresStore.OpenAsync(Options);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [SkippableFact]
    public async Task Erasing_a_user_leaves_no_row_containing_their_id_in_any_table_and_vacuums_the_tables_it_touched()
    {
        await using var store = await CreateStoreAsync();
        await SeedVictimAsync(store);
        await store.AppendAsync(new AuditEntry("admin", "user.erase", "p_someoneElse", Start));
        await store.SavePrivacySpendAsync("partner", new(0.5));
        await store.UpsertItemsAsync([new("item-1", "Shoe", Attributes: new Dictionary<string, string> { ["k"] = "v" })]);
        var snapshots = (ISnapshotBlobStore)store;
        await snapshots.SaveSnapshotAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("a saved snapshot naming " + Victim)));

        var (before, tables) = await ColumnsContainingAsync(Victim);
        Assert.Contains("users.id", before);
        Assert.Contains("user_keys.id", before);
        Assert.Equal(
            ["audit_log", "campaigns", "events", "impressions", "interest_clusters", "item_keys", "items", "placements", "privacy_budget", "schema_version", "store_revision", "synonyms", "user_keys", "users"],
            tables); // interest_cluster_state holds integers only; store_revision's text is a random store id; campaigns, placements and synonyms hold catalogue values and settings, never a shopper's
        // The snapshot's parts are bytes (bytea), which the text search does not read: it is checked on its own below.
        Assert.All(PostgresSchema.ErasedTables.Where(static t => t != "serving_snapshot"), t => Assert.Contains(t, tables));
        var vacuumsBefore = await ManualVacuumsAsync();

        Assert.Equal(new StoredUserErasure(1000, true, true, true, 2), await store.EraseUserAsync(Victim));

        Assert.Empty((await ColumnsContainingAsync(Victim)).Columns);
        Assert.Null(await snapshots.OpenSnapshotAsync());
        var vacuumsAfter = await ManualVacuumsAsync();
        Assert.All(PostgresSchema.ErasedTables, t => Assert.Equal(vacuumsBefore[t] + 1, vacuumsAfter[t]));
        Assert.Equal(vacuumsBefore["items"], vacuumsAfter["items"]);
    }

    [SkippableFact]
    public async Task The_audit_log_refuses_updates_deletes_and_truncation()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendAsync(new AuditEntry("admin", "user.erase", "p_x", Start));
        await using var connection = await PostgresTestDatabase.ConnectAsync();
        var table = $"\"{Options.Schema}\".audit_log";
        foreach (var sql in new[] { $"UPDATE {table} SET actor = 'mallory'", $"DELETE FROM {table}", $"TRUNCATE {table}" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
        }

        Assert.Equal("admin", Assert.Single(await store.ReadAsync().ToListAsync()).Entry.Actor);
        Assert.True((await store.VerifyAsync()).IsValid);
    }

    [SkippableFact]
    public async Task Audit_appends_from_two_stores_on_one_schema_form_one_chain_without_gaps()
    {
        await using var first = await CreateStoreAsync();
        await using var second = await ReopenStoreAsync();
        var appended = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(async () =>
            await (i % 2 == 0 ? first : second).AppendAsync(new AuditEntry($"node-{i % 2}", "events.retention", "events", Start.AddSeconds(i))))));

        Assert.Equal(Enumerable.Range(1, 30).Select(static i => (long)i), appended.Select(static e => e.Sequence).Order());
        Assert.Equal(new AuditVerification(true, 30), await second.VerifyAsync());
    }

    /// <summary>Every text-like column (text, varchar, json, jsonb, arrays) of every table in the schema that holds <paramref name="text"/> in some row, and the tables searched.</summary>
    private async Task<(List<string> Columns, List<string> Tables)> ColumnsContainingAsync(string text)
    {
        await using var connection = await PostgresTestDatabase.ConnectAsync();
        var columns = new List<(string Table, string Column)>();
        await using (var list = new NpgsqlCommand(
            """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = @schema AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')
            ORDER BY table_name, column_name
            """,
            connection))
        {
            list.Parameters.AddWithValue("schema", Options.Schema);
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var hits = new List<string>();
        foreach (var (table, column) in columns)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{Options.Schema}\".\"{table}\" WHERE strpos(\"{column}\"::text, @text) > 0", connection);
            count.Parameters.AddWithValue("text", text);
            if ((long)(await count.ExecuteScalarAsync())! > 0)
            {
                hits.Add($"{table}.{column}");
            }
        }

        return (hits, [.. columns.Select(static c => c.Table).Distinct()]);
    }

    /// <summary>How often each table of the schema was vacuumed by a VACUUM command (autovacuum is counted apart).</summary>
    private async Task<Dictionary<string, long>> ManualVacuumsAsync()
    {
        await using var connection = await PostgresTestDatabase.ConnectAsync();
        await using var command = new NpgsqlCommand("SELECT relname, vacuum_count FROM pg_stat_user_tables WHERE schemaname = @schema", connection);
        command.Parameters.AddWithValue("schema", Options.Schema);
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }
}
