using System.CommandLine;
using Microsoft.Data.Sqlite;
using Penchant.Cli.Commands;
using Penchant.Storage.Sqlite;

namespace Penchant.Cli.Tests.Commands;

/// <summary><c>penchant pseudonyms</c>: the shop's ids beside the pseudonyms the store keeps them under.</summary>
public sealed class PseudonymsCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "penchant-cli-tests", Guid.NewGuid().ToString("N"));

    public PseudonymsCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Each_id_gets_the_pseudonym_the_store_keeps_its_events_under_and_empty_lines_are_named()
    {
        var db = Path.Combine(_dir, "shop.db");
        var events = Path.Combine(_dir, "events.csv");
        await File.WriteAllLinesAsync(events, ["user_id,item_id,type,timestamp,value,text", "ana,i1,view,1700000000,,", "\"bo, jr\",i2,view,1700000060,,"]);
        var ids = Path.Combine(_dir, "ids.txt");
        await File.WriteAllTextAsync(ids, "ana\n\nbo, jr\nnobody\n");
        var map = Path.Combine(_dir, "map.csv");

        var (console, output) = RecordingConsole.Create(200);
        var root = new RootCommand { ImportCommand.Create(console), PseudonymsCommand.Create(console) };
        Assert.Equal(0, await root.Parse(["import", "--format", "events-csv", events, "--db", db]).InvokeAsync());
        Assert.Equal(1, await root.Parse(["pseudonyms", "--db", db, "--in", ids, "--out", map]).InvokeAsync());
        Assert.Contains("line 2: empty user id", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("3 pseudonyms written; 1 lines rejected.", output.ToString(), StringComparison.Ordinal);

        var lines = await File.ReadAllLinesAsync(map);
        Assert.Equal("user_id,pseudonym", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("ana,p_", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("\"bo, jr\",p_", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("nobody,p_", lines[3], StringComparison.Ordinal);

        // The store holds each imported shopper's events under exactly that pseudonym.
        await using var store = await SqliteStore.OpenAsync(db);
        Assert.Equal("i1", Assert.Single(await store.GetUserEventsAsync(lines[1][(lines[1].LastIndexOf(',') + 1)..], 10)).ItemId);
        Assert.Equal("i2", Assert.Single(await store.GetUserEventsAsync(lines[2][(lines[2].LastIndexOf(',') + 1)..], 10)).ItemId);
        Assert.Empty(await store.GetUserEventsAsync(lines[3][(lines[3].LastIndexOf(',') + 1)..], 10));
    }

    [Fact]
    public async Task Without_the_stores_key_it_refuses()
    {
        var (console, output) = RecordingConsole.Create(200);
        var root = new RootCommand { PseudonymsCommand.Create(console, new StringReader("ana\n"), new StringWriter()) };
        Assert.Equal(2, await root.Parse(["pseudonyms", "--db", Path.Combine(_dir, "none.db")]).InvokeAsync());
        Assert.Contains("No pseudonym key at", output.ToString(), StringComparison.Ordinal);
    }
}
