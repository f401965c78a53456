using System.CommandLine;
using Penchant.Cli.Engine;
using Penchant.Cli.Evaluation;
using Penchant.Server.Contracts;
using Penchant.Server.Services;
using Spectre.Console;

namespace Penchant.Cli.Commands;

/// <summary><c>penchant recommend --user U -n 10</c>: trains from the store and prints a shopper's recommendations with reasons.</summary>
public static class RecommendCommand
{
    public static Command Create(IAnsiConsole? outputConsole = null)
    {
        var store = new StoreArguments();
        var user = CommonOptions.Shopper(required: false);
        var count = new Option<int>("-n", "--count") { Description = "How many items.", DefaultValueFactory = _ => 10 };
        var recommender = CommonOptions.Recommender();
        var key = PseudonymKeyFile.Option();
        var users = new Option<FileInfo>("--users")
        {
            Description = "Instead of --user: a file of shoppers' ids as the shop knows them, one per line (a first line 'user_id' is skipped); every one's recommendations go to --out as CSV, for e-mails and other batch uses.",
        };
        var output = new Option<FileInfo>("--out", "-o") { Description = "With --users: the CSV file to write (user_id,rank,item_id,title,score,reason)." };
        var command = new Command("recommend", "Train from the store and print a shopper's recommendations, each with a reason; or write many shoppers' to a CSV file (--users, --out).")
        {
            user, count, recommender, key, users, output,
        };
        store.AddTo(command);
        command.Validators.Add(result =>
        {
            var one = result.GetValue(user) is not null;
            var many = result.GetValue(users) is not null;
            if (one == many)
            {
                result.AddError("Give either --user (one shopper, printed) or --users with --out (many, written as CSV).");
            }
            else if (many && result.GetValue(output) is null)
            {
                result.AddError("--users needs --out: the CSV file to write.");
            }
        });

        command.SetAction(async (parse, cancellation) =>
        {
            var console = outputConsole ?? AnsiConsole.Console;
            if (store.Existing(parse, console) is not { } location)
            {
                return 2;
            }

            if (location.KeyFile(console, parse.GetValue(key)) is not { } keyFile)
            {
                return 2;
            }

            if (parse.GetValue(users) is { } list && !list.Exists)
            {
                console.MarkupLineInterpolated($"[red]No such file: {list.FullName}[/] (--users)");
                return 2;
            }

            await using var engine = await LocalEngine.OpenAsync(location, location.ReadingRecommender(parse.GetValue(recommender)), keyFile, cancellation);
            await engine.ReadyAsync(console, cancellation);
            var n = Math.Max(1, parse.GetValue(count));
            if (parse.GetValue(users) is { } file)
            {
                return await ExportAsync(console, engine, file, parse.GetValue(output)!, n, cancellation);
            }

            var id = parse.GetValue(user)!;
            var response = await engine.Recommendations.RecommendAsync(engine.Privacy.UserKey(id), n, RecommendationFilter.None, cancellation);
            Print(console, response with { UserId = id });
            return 0;
        });
        return command;
    }

    // Every listed shopper's recommendations (exploit slots only, not logged as served slates) as CSV, with a progress bar.
    private static async Task<int> ExportAsync(IAnsiConsole console, LocalEngine engine, FileInfo file, FileInfo target, int count, CancellationToken cancellation)
    {
        var ids = File.ReadLines(file.FullName).Select(static l => l.Trim()).Where(static l => l.Length > 0).ToList();
        if (ids.Count > 0 && string.Equals(ids[0], "user_id", StringComparison.OrdinalIgnoreCase))
        {
            ids.RemoveAt(0);
        }

        ids = [.. ids.Distinct(StringComparer.Ordinal)];
        int personalised = 0, rows = 0;
        await using (var writer = new StreamWriter(target.FullName, append: false, new System.Text.UTF8Encoding(false)))
        {
            await writer.WriteLineAsync("user_id,rank,item_id,title,score,reason");
            await console.Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask("recommending", maxValue: Math.Max(1, ids.Count));
                foreach (var id in ids)
                {
                    var response = await engine.Recommendations.RecommendAsync(engine.Privacy.UserKey(id), count, RecommendationFilter.None, 0, logSlate: false, cancellation);
                    personalised += response.Personalized ? 1 : 0;
                    for (var r = 0; r < response.Items.Count; r++)
                    {
                        var item = response.Items[r];
                        await writer.WriteLineAsync(string.Join(',', ReportWriter.Csv(id), (r + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), ReportWriter.Csv(item.Id), ReportWriter.Csv(item.Title), item.Score.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture), ReportWriter.Csv(item.Reason)));
                        rows++;
                    }

                    task.Increment(1);
                }
            });
        }

        console.MarkupLineInterpolated($"Wrote {rows:N0} recommendations for {ids.Count:N0} shoppers ({personalised:N0} personalised, the rest popular items) to {target.FullName}");
        return 0;
    }

    internal static void Print(IAnsiConsole output, RecommendationsResponse response)
    {
        output.MarkupLineInterpolated($"[bold]Recommendations for {response.UserId}[/] ({(response.Personalized ? "personalised" : "not personalised: popular items")}, model v{response.ModelVersion})");
        output.Write(ItemTable(response.Items));
    }

    internal static Table ItemTable(IReadOnlyList<RecommendedItem> items)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("#", "item", "title", "category", "reason");
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            table.AddRow(
                (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(item.Id),
                Markup.Escape(item.Title),
                Markup.Escape(item.Category ?? ""),
                Markup.Escape(item.Campaigns is { } campaigns ? $"{item.Reason} [campaign: {string.Join(", ", campaigns)}]" : item.Reason));
        }

        return table;
    }
}
