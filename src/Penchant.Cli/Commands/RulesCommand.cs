using System.CommandLine;
using System.Globalization;
using System.Text;
using Penchant.Cli.Engine;
using Penchant.Cli.Evaluation;
using Penchant.Core.Baskets;
using Penchant.Core.Data;
using Penchant.Storage.Datasets;
using Spectre.Console;

namespace Penchant.Cli.Commands;

/// <summary>
/// <c>penchant rules</c>: cart analysis. Mines association rules ("baskets with X also hold Y") from a basket file
/// or from the purchases in the store, and prints the strongest with their support, confidence and lift.
/// </summary>
public static class RulesCommand
{
    public static Command Create(IAnsiConsole? console = null)
    {
        var data = new Option<string?>("--data") { Description = "A basket file: one basket per line, items separated by commas (arules' Groceries CSV). Without it, baskets come from the store's purchases." };
        var store = new StoreArguments();
        var support = new Option<double>("--min-support") { Description = "Smallest share of baskets holding the whole rule.", DefaultValueFactory = _ => 0.01 };
        var confidence = new Option<double>("--min-confidence") { Description = "Smallest share of the left side's baskets that also hold the right side.", DefaultValueFactory = _ => 0.25 };
        var lift = new Option<double>("--min-lift") { Description = "Smallest lift (0: any).", DefaultValueFactory = _ => 0 };
        var maxLength = new Option<int>("--max-length") { Description = "Most items in a rule, both sides together.", DefaultValueFactory = _ => 10 };
        var top = new Option<int>("--top", "-n") { Description = "How many rules to print.", DefaultValueFactory = _ => 20 };
        var sort = new Option<string>("--sort") { Description = "Order of the printed rules: lift, confidence, support.", DefaultValueFactory = _ => "lift" };
        var gap = new Option<double>("--gap-minutes") { Description = "Store baskets: purchases without a session id more than this apart start a new basket.", DefaultValueFactory = _ => 60 };
        var carts = new Option<bool>("--include-carts") { Description = "Store baskets: count items put in the cart as well as those bought." };
        var output = new Option<string?>("--out", "-o") { Description = "Write every rule to this CSV file (antecedent items joined by ' & ')." };
        var command = new Command("rules", "Cart analysis: mine association rules from baskets and print the strongest.")
        {
            data, support, confidence, lift, maxLength, top, sort, gap, carts, output,
        };
        store.AddTo(command);

        command.SetAction(async (parse, cancellation) =>
        {
            var writer = console ?? AnsiConsole.Console;
            try
            {
                var order = parse.GetValue(sort)!.Trim().ToLowerInvariant();
                if (order is not ("lift" or "confidence" or "support"))
                {
                    throw new ArgumentException($"--sort must be lift, confidence or support; it was '{order}'.");
                }

                var options = new AssociationRuleOptions(parse.GetValue(support), parse.GetValue(confidence), parse.GetValue(maxLength), parse.GetValue(lift));
                var miner = new AssociationRuleMiner(options);
                var (baskets, names, source) = parse.GetValue(data) is { } file
                    ? FromFile(file)
                    : await FromStoreAsync(store.Resolve(parse), parse.GetValue(carts), TimeSpan.FromMinutes(parse.GetValue(gap)), cancellation);

                var started = System.Diagnostics.Stopwatch.StartNew();
                var rules = miner.Mine(baskets.Matrix, cancellation);
                var seconds = started.Elapsed.TotalSeconds;
                IEnumerable<AssociationRule> printed = order switch
                {
                    "confidence" => rules.OrderByDescending(static r => r.Confidence).ThenByDescending(static r => r.Lift),
                    "support" => rules.OrderByDescending(static r => r.Count).ThenByDescending(static r => r.Lift),
                    _ => rules,
                };

                writer.MarkupLineInterpolated($"[bold]{rules.Count:N0} rules[/] from {baskets.Matrix.Rows:N0} baskets over {baskets.Items.Count:N0} items ({source}), support >= {options.MinSupport}, confidence >= {options.MinConfidence}, at most {options.MaxLength} items; mined in {seconds:F2} s");
                writer.Write(Table(printed.Take(Math.Max(0, parse.GetValue(top))), names));
                if (parse.GetValue(output) is { } path)
                {
                    WriteCsv(path, rules, names);
                    writer.MarkupLineInterpolated($"Every rule written to {path}");
                }

                return 0;
            }
            catch (Exception e) when (e is ArgumentException or DatasetFormatException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                writer.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
                return 1;
            }
        });
        return command;
    }

    private static (BasketSet Baskets, Func<int, string> Names, string Source) FromFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new IOException($"No basket file at {path}.");
        }

        var baskets = BasketSet.FromRecords(DatasetReader.Read(DatasetFormat.Baskets, path));
        return (baskets, i => baskets.Items[i], path);
    }

    private static async Task<(BasketSet Baskets, Func<int, string> Names, string Source)> FromStoreAsync(StoreLocation location, bool includeCarts, TimeSpan gap, CancellationToken cancellation)
    {
        if (!location.IsPostgres && !File.Exists(location.Database))
        {
            throw new IOException($"No database at {location.Database}.");
        }

        // Baskets name items only, so a key of this run's own serves (shoppers' pseudonyms are never shown).
        await using var engine = await LocalEngine.OpenAsync(location, recommender: null, keyFile: null, cancellation);
        var types = new HashSet<EventType> { EventType.Purchase };
        if (includeCarts)
        {
            types.Add(EventType.AddToCart);
        }

        var builder = new BasketBuilder(new BasketOptions(types, gap));
        await foreach (var e in engine.Store.StreamEventsAsync(cancellation))
        {
            builder.Add(e);
        }

        var set = builder.Build();
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var item in engine.Store.StreamItemsAsync(cancellation))
        {
            if (set.Items.Contains(item.Id) && !string.IsNullOrWhiteSpace(item.Title))
            {
                titles[item.Id] = item.Title;
            }
        }

        return (set, i => titles.TryGetValue(set.Items[i], out var title) ? $"{title} ({set.Items[i]})" : set.Items[i], $"{(location.IsPostgres ? $"PostgreSQL schema {location.PostgresSchema}" : location.Database)}: {(includeCarts ? "carts and purchases" : "purchases")}");
    }

    private static Table Table(IEnumerable<AssociationRule> rules, Func<int, string> names)
    {
        var table = new Table().AddColumns("if a basket holds", "it also holds", "support", "confidence", "lift", "baskets");
        foreach (var rule in rules)
        {
            table.AddRow(
                Markup.Escape(Antecedent(rule, names)),
                Markup.Escape(names(rule.Consequent)),
                rule.Support.ToString("F4", CultureInfo.InvariantCulture),
                rule.Confidence.ToString("F3", CultureInfo.InvariantCulture),
                rule.Lift.ToString("F3", CultureInfo.InvariantCulture),
                rule.Count.ToString("N0", CultureInfo.InvariantCulture));
        }

        return table;
    }

    private static void WriteCsv(string path, IReadOnlyList<AssociationRule> rules, Func<int, string> names)
    {
        using var file = new StreamWriter(path, append: false, new UTF8Encoding(false));
        file.WriteLine("antecedent,consequent,support,confidence,lift,count");
        foreach (var rule in rules)
        {
            file.WriteLine(string.Join(
                ",",
                ReportWriter.Csv(Antecedent(rule, names)),
                ReportWriter.Csv(names(rule.Consequent)),
                rule.Support.ToString("R", CultureInfo.InvariantCulture),
                rule.Confidence.ToString("R", CultureInfo.InvariantCulture),
                rule.Lift.ToString("R", CultureInfo.InvariantCulture),
                rule.Count.ToString(CultureInfo.InvariantCulture)));
        }
    }

    // The left side's items by name, in alphabetical order (as arules prints them).
    private static string Antecedent(AssociationRule rule, Func<int, string> names) =>
        string.Join(" & ", rule.Antecedent.Select(names).Order(StringComparer.Ordinal));
}
