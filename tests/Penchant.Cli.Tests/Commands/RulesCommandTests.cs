using System.CommandLine;
using Penchant.Cli.Commands;

namespace Penchant.Cli.Tests.Commands;

public sealed class RulesCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "penchant-cli-tests", Guid.NewGuid().ToString("N"));

    public RulesCommandTests() => Directory.CreateDirectory(_dir);

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

    private static async Task<(int Exit, string Text)> Run(params string[] args)
    {
        var (console, output) = RecordingConsole.Create();
        var exit = await new RootCommand { RulesCommand.Create(console) }.Parse(args).InvokeAsync();
        return (exit, output.ToString());
    }

    private string Baskets(params string[] lines)
    {
        var path = Path.Combine(_dir, "baskets.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public async Task Prints_and_exports_the_rules_with_their_counted_support_confidence_and_lift()
    {
        // bread & butter 4 times, bread & milk twice, butter alone twice, milk & eggs twice: 10 baskets.
        var file = Baskets(
            "bread,butter", "butter,bread", "bread,butter", "bread,butter,butter", "bread,milk",
            "milk,bread", "butter", "butter", "milk,eggs", "eggs,milk");
        var csv = Path.Combine(_dir, "rules.csv");

        var (exit, text) = await Run("rules", "--data", file, "--min-support", "0.2", "--min-confidence", "0.5", "--out", csv);

        Assert.True(exit == 0, text);
        // bread→butter 4/6, butter→bread 4/6, milk→bread 2/4, milk→eggs 2/4, eggs→milk 2/2; bread→milk (2/6) is too weak.
        Assert.Contains("5 rules from 10 baskets over 4 items", text, StringComparison.Ordinal);
        var rows = File.ReadAllLines(csv);
        Assert.Equal("antecedent,consequent,support,confidence,lift,count", rows[0]);
        Assert.Equal(6, rows.Length);
        var eggsToMilk = rows.Single(r => r.StartsWith("eggs,milk,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(0.2, double.Parse(eggsToMilk[2], System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.Equal(1.0, double.Parse(eggsToMilk[3], System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.Equal(2.5, double.Parse(eggsToMilk[4], System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.Equal("eggs,milk", rows[1][..9]); // strongest lift first
        Assert.DoesNotContain(rows, r => r.StartsWith("bread,milk,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task From_the_store_the_purchases_of_a_visit_make_a_basket_and_the_planted_pairs_come_out()
    {
        var db = Path.Combine(_dir, "shop.db");
        var (console, _) = RecordingConsole.Create();
        Assert.Equal(0, await new RootCommand { DemoCommand.Create(console) }.Parse(["demo", "--db", db, "--shoppers", "300", "--items", "300", "--show", "0", "--no-serve"]).InvokeAsync());

        var csv = Path.Combine(_dir, "store-rules.csv");
        var (exit, text) = await Run("rules", "--db", db, "--min-support", "0.002", "--min-confidence", "0.2", "--max-length", "2", "--out", csv);

        Assert.True(exit == 0, text);
        var header = System.Text.RegularExpressions.Regex.Match(text, @"([\d,]+) rules from ([\d,]+) baskets over [\d,]+ items \(.*shop\.db: purchases\)");
        Assert.True(header.Success, text);
        var count = int.Parse(header.Groups[1].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(count >= 10, text);
        Assert.Equal(count + 1, File.ReadAllLines(csv).Length);
        Assert.Contains(" (i0", text, StringComparison.Ordinal); // items are named by title and id
    }

    [Fact]
    public async Task A_basket_file_with_an_empty_item_is_refused_naming_the_line()
    {
        var file = Baskets("bread,butter", "milk", "bread,,milk");
        var (exit, text) = await Run("rules", "--data", file);
        Assert.Equal(1, exit);
        Assert.Contains(":3", text, StringComparison.Ordinal);
        Assert.Contains("item 2 of the basket is empty", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_options_are_refused_naming_them()
    {
        var file = Baskets("bread,butter");
        var (exit, text) = await Run("rules", "--data", file, "--min-confidence", "2");
        Assert.Equal(1, exit);
        Assert.Contains("MinConfidence", text, StringComparison.Ordinal);
        (exit, text) = await Run("rules", "--data", file, "--sort", "price");
        Assert.Equal(1, exit);
        Assert.Contains("--sort", text, StringComparison.Ordinal);
    }
}
