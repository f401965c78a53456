using System.CommandLine;
using Microsoft.Data.Sqlite;
using Penchant.Cli.Commands;

namespace Penchant.Cli.Tests.Commands;

/// <summary>
/// <c>penchant train</c> saves the serving snapshot beside the database, and the reading verbs serve from it while
/// the store holds no newer event, answering as a fresh training run would; with newer events they train.
/// </summary>
public sealed class SavedSnapshotVerbsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "penchant-cli-tests", Guid.NewGuid().ToString("N"));

    public SavedSnapshotVerbsTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static (RootCommand Root, StringWriter Output) Cli()
    {
        var (console, output) = RecordingConsole.Create(200);
        var root = new RootCommand
        {
            ImportCommand.Create(console), TrainCommand.Create(console), RecommendCommand.Create(console), SimilarCommand.Create(console),
            StatusCommand.Create(console), SearchCommand.Create(console),
        };
        return (root, output);
    }

    private static async Task<string> RunAsync(params string[] args)
    {
        var (root, output) = Cli();
        Assert.Equal(0, await root.Parse(args).InvokeAsync());
        return output.ToString();
    }

    /// <summary>Events of shoppers who each view three items of one of three groups of six.</summary>
    private string Events(string name, int first, int shoppers)
    {
        var path = Path.Combine(_dir, name);
        var lines = new List<string> { "user_id,item_id,type,timestamp,value,text" };
        for (var s = first; s < first + shoppers; s++)
        {
            var group = s % 3;
            lines.AddRange(Enumerable.Range(0, 3).Select(k => $"u{s},i{(group * 6) + ((s + (2 * k)) % 6)},view,{1_700_000_000 + (s * 600) + (k * 60)},,"));
        }

        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>A shop of 18 items and 60 shoppers' views imported into a fresh database; its path and the items file.</summary>
    private async Task<(string Db, string Items)> ImportShopAsync()
    {
        var db = Path.Combine(_dir, "shop.db");
        var items = Path.Combine(_dir, "items.csv");
        File.WriteAllLines(items, ["id,title,price", .. Enumerable.Range(0, 18).Select(static i => $"i{i},Item {i},{100 - i}")]);
        await RunAsync("import", "--format", "items-csv", items, "--db", db);
        await RunAsync("import", "--format", "events-csv", Events("a.csv", 0, 60), "--db", db);
        return (db, items);
    }

    [Fact]
    public async Task Search_finds_items_by_their_words_and_orders_them_for_a_shopper()
    {
        var (db, _) = await ImportShopAsync();
        await RunAsync("train", "--db", db);

        // Every title has "item"; only i4's has "4" too.
        var plain = await RunAsync("search", "item 4", "--db", db, "-n", "18");
        Assert.Contains("18 item(s) match \"item 4\"", plain, StringComparison.Ordinal);
        Assert.Contains("matches \"item\", \"4\"", plain, StringComparison.Ordinal);
        Assert.True(plain.IndexOf(" i4 ", StringComparison.Ordinal) < plain.IndexOf(" i5 ", StringComparison.Ordinal));

        // u4 views group 1 (items 6 to 11): for u4 the items of that group come before the others with "item" alone.
        var forU4 = await RunAsync("search", "item", "--user", "u4", "--db", db, "-n", "3");
        Assert.Contains("ordered for u4", forU4, StringComparison.Ordinal);
        var shown = System.Text.RegularExpressions.Regex.Matches(forU4, @"\bi(\d+)\b").Select(static m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(3, shown.Count);
        Assert.All(shown, static i => Assert.InRange(i, 6, 11));
        Assert.Contains("in the text's order", await RunAsync("search", "item", "--user", "u4", "--personal", "0", "--db", db), StringComparison.Ordinal);

        // Stored search synonyms apply (as on a server over the store), a phrase needing all its words: "thing" finds i4.
        await using (var store = await Penchant.Storage.Sqlite.SqliteStore.OpenAsync(db))
        {
            await store.SaveSynonymSetAsync(new Penchant.Storage.StoredSynonymSet("thing", ["thing", "item 4"], true, DateTimeOffset.UtcNow));
        }

        var thing = await RunAsync("search", "thing", "--db", db);
        Assert.Contains("1 item(s) match \"thing\"; searched \"thing\" also as \"item 4\"", thing, StringComparison.Ordinal);
        Assert.Contains("matches \"item 4\" (for \"thing\")", thing, StringComparison.Ordinal);
        Assert.Matches(@"search synonyms\W+thing\b", await RunAsync("status", "--db", db));

        // Sorted by price, the cheapest first: the last items, which cost least.
        var cheapest = await RunAsync("search", "item", "--sort", "price", "--db", db, "-n", "3");
        Assert.Contains("18 item(s) match \"item\", by price", cheapest, StringComparison.Ordinal);
        var byPrice = System.Text.RegularExpressions.Regex.Matches(cheapest, @"\bi(\d+)\b").Select(static m => m.Groups[1].Value).ToList();
        Assert.Equal(["17", "16", "15"], byPrice);

        var (root, output) = Cli();
        Assert.Equal(2, await root.Parse(["search", " ", "--db", db]).InvokeAsync());
        Assert.Contains("give the words to search for", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await root.Parse(["search", "item", "--sort", "cheap", "--db", db]).InvokeAsync());
        Assert.Contains("--sort must be relevance, price, -price or newest", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_verbs_serve_the_saved_snapshot_until_the_store_changes()
    {
        var (db, items) = await ImportShopAsync();
        var fresh = await RunAsync("recommend", "--user", "u4", "--db", db);
        Assert.DoesNotContain("saved snapshot", fresh, StringComparison.Ordinal);

        Assert.Contains("none usable at", await RunAsync("status", "--db", db), StringComparison.Ordinal);
        var trained = await RunAsync("train", "--db", db);
        Assert.Contains($"Serving snapshot saved to {db}.snapshot", trained, StringComparison.Ordinal);
        var status = await RunAsync("status", "--db", db);
        Assert.Contains("18 / ", status, StringComparison.Ordinal);
        Assert.Contains("/ 180", status, StringComparison.Ordinal);
        Assert.Matches(@"snapshot is current: trained at\s+revision \d+", status);
        Assert.True(File.Exists(db + ".snapshot"));

        // The same answer as the fresh training run, from the file (the table is everything after the first line).
        var served = await RunAsync("recommend", "--user", "u4", "--db", db);
        Assert.Contains($"Serving the saved snapshot {db}.snapshot (itemknn, trained ", served, StringComparison.Ordinal);
        Assert.Equal(Table(fresh), Table(served));
        Assert.Contains("Serving the saved snapshot", await RunAsync("similar", "--item", "i1", "--db", db), StringComparison.Ordinal);

        // Another recommender than the snapshot's: trained afresh.
        Assert.DoesNotContain("saved snapshot", await RunAsync("recommend", "--user", "u4", "--db", db, "--recommender", "popularity"), StringComparison.Ordinal);

        // New events: the snapshot is older than the store, and the verb trains.
        await RunAsync("import", "--format", "events-csv", Events("b.csv", 60, 6), "--db", db);
        var behind = System.Text.RegularExpressions.Regex.Match(await RunAsync("status", "--db", db), @"is older than the store: trained at\s+revision (\d+), the store is at (\d+)");
        Assert.True(behind.Success);
        Assert.Equal(int.Parse(behind.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1, int.Parse(behind.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        var stale = await RunAsync("recommend", "--user", "u4", "--db", db);
        Assert.Contains("is older than the store (trained on 180 events; the store holds 198", stale, StringComparison.Ordinal);

        // A renamed item alone (no event): the snapshot is older than the store too.
        await RunAsync("train", "--db", db);
        Assert.Contains("Serving the saved snapshot", await RunAsync("recommend", "--user", "u4", "--db", db), StringComparison.Ordinal);
        File.WriteAllLines(items, ["id,title", "i3,Renamed item"]);
        await RunAsync("import", "--format", "items-csv", items, "--db", db);
        Assert.Contains("is older than the store (trained on 198 events; the store holds 198", await RunAsync("recommend", "--user", "u4", "--db", db), StringComparison.Ordinal);

        // Trained with another recommender, the snapshot is served with it when the verb names none.
        await RunAsync("train", "--db", db, "--recommender", "ease");
        Assert.Contains($"Serving the saved snapshot {db}.snapshot (ease, trained ", await RunAsync("recommend", "--user", "u4", "--db", db), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_verbs_apply_the_stored_campaigns_as_a_server_would()
    {
        var (db, _) = await ImportShopAsync();
        var users = Path.Combine(_dir, "users.txt");
        File.WriteAllLines(users, ["u0", "u1", "u2"]);
        var plain = Path.Combine(_dir, "plain.csv");
        await RunAsync("recommend", "--users", users, "--out", plain, "-n", "3", "--db", db);

        // A campaign stored in the database (as a server writes it) lifts a group-2 item to the top for everyone.
        await using (var store = await Penchant.Storage.Sqlite.SqliteStore.OpenAsync(db))
        {
            await store.SaveCampaignAsync(new Penchant.Core.Merchandising.Campaign("i13-launch", null, [new(Penchant.Core.Merchandising.BoostField.Item, "i13", 50f)]));
        }

        var lifted = Path.Combine(_dir, "lifted.csv");
        await RunAsync("recommend", "--users", users, "--out", lifted, "-n", "3", "--db", db);
        static string[] Firsts(string path) => [.. File.ReadAllLines(path).Skip(1).Where(static l => l.Split(',')[1] == "1").Select(static l => l.Split(',')[2])];
        Assert.Equal(["i13", "i13", "i13"], Firsts(lifted));
        Assert.NotEqual(["i13", "i13", "i13"], Firsts(plain));
        Assert.Contains("[campaign: i13-launch]", await RunAsync("recommend", "--user", "u0", "--db", db), StringComparison.Ordinal);
        Assert.Contains("1 stored, 1 active now: i13-launch", await RunAsync("status", "--db", db), StringComparison.Ordinal);
    }

    private static string Table(string output) => output[output.IndexOf("Recommendations for", StringComparison.Ordinal)..];
}
