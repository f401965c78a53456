using System.CommandLine;
using Penchant.Cli.Commands;
using Penchant.Storage.Sqlite;
using Penchant.Tests.Shared;
using Spectre.Console;

namespace Penchant.Cli.Tests.Commands;

public sealed class ImportCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "penchant-cli-tests", Guid.NewGuid().ToString("N"));

    public ImportCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static (RootCommand Root, StringWriter Output) Cli()
    {
        var (console, output) = RecordingConsole.Create(80);
        var root = new RootCommand { ImportCommand.Create(console) };
        return (root, output);
    }

    [Fact]
    public async Task Import_stores_the_good_lines_and_prints_the_counts_and_the_rejected_lines()
    {
        var events = Path.Combine(_dir, "events.csv");
        var lines = new List<string> { "user_id,item_id,type,timestamp,value" };
        lines.AddRange(Enumerable.Range(0, 40).Select(i => $"u{i % 6},i{i % 9},view,{1_700_000_000 + i * 60},"));
        lines[7] = "u1,i1,teleport,1700000000,";
        lines[20] = "u1,i1,view,not-a-time,";
        File.WriteAllLines(events, lines);
        var db = Path.Combine(_dir, "cli.db");

        var (root, output) = Cli();
        var exit = await root.Parse(["import", "--format", "events-csv", events, "--db", db]).InvokeAsync();

        Assert.Equal(0, exit);
        var text = output.ToString();
        Assert.Contains("events.csv:8: unknown event type 'teleport'", text, StringComparison.Ordinal);
        Assert.Contains("events.csv:21:", text, StringComparison.Ordinal);
        Assert.Contains("38", text, StringComparison.Ordinal);
        await using (var store = await SqliteStore.OpenAsync(db))
        {
            Assert.Equal(38, await store.CountEventsAsync());
        }

        var (again, secondOutput) = Cli();
        Assert.Equal(0, await again.Parse(["import", "-f", "events-csv", events, "--db", db]).InvokeAsync());
        Assert.Matches(@"events\s*│\s*0\s*│\s*38", secondOutput.ToString());
    }

    [SkippableFact]
    public async Task Import_into_postgres_stores_the_good_lines_under_pseudonyms_and_needs_a_key_file()
    {
        var connection = PostgresTestServer.ConnectionString;
        var events = Path.Combine(_dir, "events.csv");
        File.WriteAllLines(events, ["user_id,item_id,type,timestamp,value", "alice,i1,view,1700000000,", "alice,i2,purchase,1700000060,", "bob,i1,teleport,1700000120,"]);
        var schema = PostgresTestServer.NewSchemaName();
        var key = Path.Combine(_dir, "pg.key");
        try
        {
            var (refused, refusal) = Cli();
            Assert.Equal(2, await refused.Parse(["import", "-f", "events-csv", events, "--postgres", connection, "--postgres-schema", schema]).InvokeAsync());
            Assert.Contains("--postgres needs --pseudonym-key-file", refusal.ToString(), StringComparison.Ordinal);

            var (root, output) = Cli();
            Assert.Equal(0, await root.Parse(["import", "-f", "events-csv", events, "--postgres", connection, "--postgres-schema", schema, "--pseudonym-key-file", key]).InvokeAsync());
            Assert.Contains("events.csv:4: unknown event type 'teleport'", output.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("Password", output.ToString(), StringComparison.OrdinalIgnoreCase);
            Assert.True(File.Exists(key));

            await using var store = await Penchant.Storage.Postgres.PostgresStore.OpenAsync(new() { ConnectionString = connection, Schema = schema });
            Assert.Equal(2, await store.CountEventsAsync());
            var pseudonym = new Penchant.Server.Options.PrivacyOptions { PseudonymKeyFile = key }.CreatePseudonymizer().Pseudonymize("alice");
            Assert.Equal(["i1", "i2"], (await store.GetUserEventsAsync(pseudonym, 10)).Select(static e => e.ItemId!).Order(StringComparer.Ordinal));
            Assert.Empty(await store.GetUserEventsAsync("alice", 10));
        }
        finally
        {
            await PostgresTestServer.DropAsync(schema);
        }
    }

    [Fact]
    public async Task An_unknown_format_or_missing_path_fails_without_creating_data()
    {
        var db = Path.Combine(_dir, "none.db");
        var (root, _) = Cli();
        Assert.NotEqual(0, await root.Parse(["import", "--format", "xml", _dir, "--db", db]).InvokeAsync(new InvocationConfiguration { Error = TextWriter.Null, Output = TextWriter.Null }));
        Assert.Equal(2, await root.Parse(["import", "--format", "amazon", Path.Combine(_dir, "missing.json"), "--db", db]).InvokeAsync());
        Assert.False(File.Exists(db));
    }

    [Fact]
    public void The_database_option_defaults_to_penchant_db_unless_given()
    {
        var option = CommonOptions.Database();
        var command = new RootCommand { option };
        Assert.Equal("x.db", command.Parse(["--db", "x.db"]).GetValue(option));
        var fallback = command.Parse([]).GetValue(option);
        var fromEnvironment = Environment.GetEnvironmentVariable(CommonOptions.DatabaseVariable);
        Assert.Equal(string.IsNullOrEmpty(fromEnvironment) ? CommonOptions.DefaultDatabase : fromEnvironment, fallback);
    }
}
