using System.CommandLine;
using Penchant.Cli.Commands;
using Penchant.Storage.Sqlite;

namespace Penchant.Cli.Tests.Commands;

/// <summary>The README's first command, end to end on a small shop, then the verbs a newcomer tries next.</summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "penchant-cli-tests", Guid.NewGuid().ToString("N"));

    public DemoCommandTests() => Directory.CreateDirectory(_dir);

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
        var (console, output) = RecordingConsole.Create();
        var root = new RootCommand
        {
            DemoCommand.Create(console), RecommendCommand.Create(console), ProfileCommand.Create(console),
            SimilarCommand.Create(console), TrainCommand.Create(console), SegmentsCommand.Create(console),
        };
        return (root, output);
    }

    [Fact]
    public async Task Demo_imports_a_generated_shop_trains_and_prints_profiles_and_reasoned_recommendations()
    {
        var db = Path.Combine(_dir, "demo.db");
        var (root, output) = Cli();
        var exit = await root.Parse(["demo", "--db", db, "--shoppers", "150", "--items", "400", "--show", "2", "--no-serve"]).InvokeAsync();
        var text = output.ToString();
        Assert.True(exit == 0, text);
        Assert.Contains("Planted (ground truth)", text, StringComparison.Ordinal);
        Assert.Contains("Interest profile of", text, StringComparison.Ordinal);
        Assert.Contains("Recommendations for", text, StringComparison.Ordinal);
        Assert.Matches(@"chosen from the shop's own data \((itemknn|session-ease|ease|popularity): (hit rate at 10 on \d+ shoppers' newest items|too few shoppers)", text);
        Assert.Contains("because you", text, StringComparison.Ordinal);
        Assert.Contains("Shopper segments", text, StringComparison.Ordinal);
        Assert.Matches(@"Bought together \(\d+ rules from [\d,]+ baskets of purchases", text);
        Assert.Matches(@"Audience for \S+: shoppers who have not taken any of its items yet", text);
        Assert.Matches(@"u\d{5}: \d+ of the \S+ items in their top 20 recommendations, the best at rank \d+", text);
        Assert.Matches(@"A merchandising campaign: \S+ \+0\.3, stored as demo-week", text);
        Assert.Matches(@"Lifted into u\d{5}'s top 8 \(no explore slots\):\s+(none|[^\n]*\(was (9|1\d|20)\))", text);
        Assert.Matches(@"Search ""[^""]+"": \d+ items match", text);
        Assert.Matches(@"For anyone \(the words, popularity( and what shoppers chose after this search)?\)", text);
        Assert.Matches(@"For u\d{5} \(planted brands [^)]*\), with their own scores too", text);
        Assert.Contains("matches \"", text, StringComparison.Ordinal);
        await using (var store = await SqliteStore.OpenAsync(db))
        {
            Assert.Empty(await store.ListCampaignsAsync()); // shown, then removed before serving
            Assert.Equal(400, await store.CountItemsAsync());
            Assert.Equal(150, await store.CountUsersAsync());
            Assert.True(await store.CountEventsAsync() > 1000);
        }

        // The trained snapshot is saved beside the database, for the server the demo starts; `recommend` without a
        // recommender serves the demo's model from it instead of training item-kNN.
        Assert.True(File.Exists(db + ".snapshot"));
        (root, output) = Cli();
        Assert.Equal(0, await root.Parse(["recommend", "--user", "u00003", "--db", db]).InvokeAsync());
        Assert.Matches(@"Serving the saved snapshot \S+ \((itemknn|session-ease|ease|popularity), trained", output.ToString());

        // The verbs a newcomer runs next, on the demo database.
        (root, output) = Cli();
        Assert.Equal(0, await root.Parse(["recommend", "--user", "u00003", "-n", "5", "--db", db]).InvokeAsync());
        var recommended = output.ToString();
        Assert.Contains("Recommendations for u00003 (personalised", recommended, StringComparison.Ordinal);
        Assert.Contains("│ 5 │", recommended, StringComparison.Ordinal);
        Assert.DoesNotContain("│ 6 │", recommended, StringComparison.Ordinal);

        (root, output) = Cli();
        Assert.Equal(0, await root.Parse(["profile", "--user", "u00003", "--db", db]).InvokeAsync());
        Assert.Contains("Long term", output.ToString(), StringComparison.Ordinal);
        Assert.Matches(@"In a few words: Mostly interested in [^\n]+\(\d+ (views?|purchases?|clicks?)", output.ToString());
        Assert.Contains("Interest clusters: ", output.ToString(), StringComparison.Ordinal);
        Assert.Contains(" cluster ", output.ToString(), StringComparison.Ordinal);

        // The content models through the same registry: --model is an alias of --recommender.
        (root, output) = Cli();
        Assert.Equal(0, await root.Parse(["recommend", "--user", "u00003", "-n", "5", "--model", "content-hybrid", "--db", db]).InvokeAsync());
        Assert.Contains("Recommendations for u00003 (personalised", output.ToString(), StringComparison.Ordinal);

        (root, output) = Cli();
        Assert.Equal(0, await root.Parse(["similar", "--item", "i00010", "--db", db]).InvokeAsync());
        Assert.Contains("Similar to i00010", output.ToString(), StringComparison.Ordinal);
        (root, output) = Cli();
        Assert.Equal(0, await root.Parse(["similar", "--item", "i00010", "--user", "u00003", "--db", db]).InvokeAsync());
        Assert.Contains("Similar to i00010, for u00003", output.ToString(), StringComparison.Ordinal);

        (root, output) = Cli();
        Assert.Equal(0, await root.Parse(["segments", "-k", "4", "--db", db]).InvokeAsync());
        Assert.Matches(@"4 segments of 150 shoppers by interest clusters \(0 left out", output.ToString());
        Assert.Equal(150, System.Text.RegularExpressions.Regex.Matches(output.ToString(), @"│ \d │ [^│]+│ (\d+) +│").Sum(static m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));

        var model = Path.Combine(_dir, "model.bin");
        (root, output) = Cli();
        Assert.Equal(0, await root.Parse(["train", "--db", db, "--out", model]).InvokeAsync());
        Assert.True(new FileInfo(model).Length > 0);

        // Many shoppers at once, for e-mails: every listed shopper's top 3 as CSV; one the shop never sent gets popular items.
        var list = Path.Combine(_dir, "users.txt");
        var csv = Path.Combine(_dir, "recs.csv");
        await File.WriteAllLinesAsync(list, ["user_id", "u00003", "u00004", "u00003", "never-seen"]);
        (root, output) = Cli();
        Assert.Equal(0, await root.Parse(["recommend", "--users", list, "--out", csv, "-n", "3", "--db", db]).InvokeAsync());
        Assert.Contains("Wrote 9 recommendations for 3 shoppers (2 personalised", output.ToString(), StringComparison.Ordinal);
        var lines = await File.ReadAllLinesAsync(csv);
        Assert.Equal("user_id,rank,item_id,title,score,reason", lines[0]);
        Assert.Equal(
            ["u00003,1", "u00003,2", "u00003,3", "u00004,1", "u00004,2", "u00004,3", "never-seen,1", "never-seen,2", "never-seen,3"],
            lines.Skip(1).Select(static l => string.Join(',', l.Split(',').Take(2))));
        Assert.Contains(lines, static l => l.StartsWith("u00003,", StringComparison.Ordinal) && l.Contains("because you", StringComparison.Ordinal));

        // The same best item as the single-shopper verb prints (the export has no explore slots, which come last there).
        (root, output) = Cli();
        Assert.Equal(0, await root.Parse(["recommend", "--user", "u00003", "-n", "3", "--db", db]).InvokeAsync());
        Assert.Contains($"│ 1 │ {lines[1].Split(',')[2]} ", output.ToString(), StringComparison.Ordinal);

        // Exactly one of --user and --users, and --users with --out.
        (root, _) = Cli();
        Assert.NotEqual(0, await root.Parse(["recommend", "--user", "u00003", "--users", list, "--out", csv, "--db", db]).InvokeAsync());
        Assert.NotEqual(0, await root.Parse(["recommend", "--users", list, "--db", db]).InvokeAsync());
        Assert.NotEqual(0, await root.Parse(["recommend", "--db", db]).InvokeAsync());
    }

    [Fact]
    public async Task Recommend_without_a_database_says_what_to_do()
    {
        var (root, output) = Cli();
        var exit = await root.Parse(["recommend", "--user", "x", "--db", Path.Combine(_dir, "none.db")]).InvokeAsync();
        Assert.Equal(2, exit);
        Assert.Contains("penchant demo", output.ToString(), StringComparison.Ordinal);
    }
}
