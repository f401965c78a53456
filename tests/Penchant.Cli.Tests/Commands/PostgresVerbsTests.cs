using System.CommandLine;
using Penchant.Cli.Commands;
using Penchant.Storage.Postgres;
using Penchant.Tests.Shared;

namespace Penchant.Cli.Tests.Commands;

/// <summary>
/// The store verbs over a PostgreSQL schema (<c>--postgres</c>): import, train, recommend, profile, segments and
/// erase, in a fresh schema of the server <c>PENCHANT_POSTGRES</c> names. Skipped without it, unless
/// <c>PENCHANT_REQUIRE_POSTGRES=1</c> (as in CI).
/// </summary>
public sealed class PostgresVerbsTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "penchant-cli-tests", Guid.NewGuid().ToString("N"));
    private readonly string _schema = PostgresTestServer.NewSchemaName();

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }

        await PostgresTestServer.DropAsync(_schema);
    }

    private static (RootCommand Root, StringWriter Output) Cli()
    {
        var (console, output) = RecordingConsole.Create(200);
        var root = new RootCommand
        {
            ImportCommand.Create(console), TrainCommand.Create(console), RecommendCommand.Create(console),
            ProfileCommand.Create(console), SegmentsCommand.Create(console), EraseCommand.Create(console), RulesCommand.Create(console),
        };
        return (root, output);
    }

    [SkippableFact]
    public async Task The_store_verbs_work_on_a_postgres_schema_and_erase_removes_the_shopper()
    {
        var connection = PostgresTestServer.ConnectionString;
        var events = Path.Combine(_dir, "events.csv");
        var lines = new List<string> { "user_id,item_id,type,timestamp,value" };
        lines.AddRange(Enumerable.Range(0, 80).Select(i => $"u{i % 8},i{(i % 8 < 4 ? i % 5 : 5 + (i % 5))},view,{1_700_000_000 + (i * 60)},"));
        File.WriteAllLines(events, lines);
        var key = Path.Combine(_dir, "shop.key");
        string[] pg = ["--postgres", connection, "--postgres-schema", _schema];

        var (root, output) = Cli();
        Assert.Equal(0, await root.Parse(["import", "-f", "events-csv", events, .. pg, "--pseudonym-key-file", key]).InvokeAsync());

        (root, output) = Cli();
        Assert.Equal(0, await root.Parse(["train", .. pg]).InvokeAsync());
        Assert.Contains("80", output.ToString(), StringComparison.Ordinal);

        (root, output) = Cli();
        Assert.Equal(0, await root.Parse(["recommend", "--user", "u1", "-n", "3", .. pg, "--pseudonym-key-file", key]).InvokeAsync());
        Assert.Contains("Recommendations for u1 (personalised", output.ToString(), StringComparison.Ordinal);

        // The key file cannot be found beside a database file: a verb that maps ids asks for it.
        (root, output) = Cli();
        Assert.Equal(2, await root.Parse(["profile", "--user", "u1", .. pg]).InvokeAsync());
        Assert.Contains("--postgres needs --pseudonym-key-file", output.ToString(), StringComparison.Ordinal);

        (root, output) = Cli();
        Assert.Equal(0, await root.Parse(["segments", "-k", "2", .. pg]).InvokeAsync());
        Assert.Matches(@"\d+ segments? of 8 shoppers", output.ToString()); // every shopper of the schema, whatever the clusters make of ten items

        (root, output) = Cli();
        Assert.Equal(0, await root.Parse(["erase", "--user", "u1", .. pg, "--pseudonym-key-file", key]).InvokeAsync());
        Assert.Contains("\"eventsRemoved\": 10", output.ToString(), StringComparison.Ordinal);
        await using var store = await PostgresStore.OpenAsync(new PostgresStoreOptions { ConnectionString = connection, Schema = _schema });
        Assert.Equal(70, await store.CountEventsAsync());
    }

    [SkippableFact]
    public async Task Rules_mine_the_baskets_of_a_postgres_schema()
    {
        var connection = PostgresTestServer.ConnectionString;
        var events = Path.Combine(_dir, "purchases.csv");

        // Twenty shoppers buy a kettle and tea together; the first ten add a mug; a day later each buys a lamp alone.
        var lines = new List<string> { "user_id,item_id,type,timestamp,value" };
        for (var u = 0; u < 20; u++)
        {
            var t = 1_700_000_000 + (u * 86_400 * 3);
            lines.Add($"u{u},kettle,purchase,{t},");
            lines.Add($"u{u},tea,purchase,{t + 60},");
            if (u < 10)
            {
                lines.Add($"u{u},mug,purchase,{t + 120},");
            }

            lines.Add($"u{u},lamp,purchase,{t + 86_400},");
        }

        File.WriteAllLines(events, lines);
        string[] pg = ["--postgres", connection, "--postgres-schema", _schema];
        var (root, output) = Cli();
        Assert.Equal(0, await root.Parse(["import", "-f", "events-csv", events, .. pg, "--pseudonym-key-file", Path.Combine(_dir, "shop.key")]).InvokeAsync());

        (root, output) = Cli();
        var csv = Path.Combine(_dir, "rules.csv");
        Assert.Equal(0, await root.Parse(["rules", .. pg, "--min-support", "0.1", "--min-confidence", "0.5", "--max-length", "2", "--out", csv]).InvokeAsync());
        var text = output.ToString();
        Assert.Contains($"from 40 baskets over 4 items (PostgreSQL schema {_schema}: purchases)", text, StringComparison.Ordinal);

        // mug -> kettle holds in all 10 of the mug's baskets; lamp is never bought with anything.
        var rules = File.ReadAllLines(csv);
        Assert.Contains(rules, static r => r.StartsWith("mug,kettle,", StringComparison.Ordinal));
        Assert.DoesNotContain(rules, static r => r.Contains("lamp", StringComparison.Ordinal));
    }
}
