using System.CommandLine;
using Penchant.Cli.Engine;
using Penchant.Server.Contracts;
using Penchant.Server.Services;
using Spectre.Console;

namespace Penchant.Cli.Commands;

/// <summary><c>penchant recommend --user U -n 10</c>: trains from the store and prints a shopper's recommendations with reasons.</summary>
public static class RecommendCommand
{
    public static Command Create(IAnsiConsole? console = null)
    {
        var store = new StoreArguments();
        var user = CommonOptions.Shopper();
        var count = new Option<int>("-n", "--count") { Description = "How many items.", DefaultValueFactory = _ => 10 };
        var recommender = CommonOptions.Recommender();
        var key = PseudonymKeyFile.Option();
        var command = new Command("recommend", "Train from the store and print a shopper's recommendations, each with a reason.")
        {
            user, count, recommender, key,
        };
        store.AddTo(command);

        command.SetAction(async (parse, cancellation) =>
        {
            var output = console ?? AnsiConsole.Console;
            if (store.Existing(parse, output) is not { } location)
            {
                return 2;
            }

            if (location.KeyFile(output, parse.GetValue(key)) is not { } keyFile)
            {
                return 2;
            }

            await using var engine = await LocalEngine.OpenAsync(location, location.ReadingRecommender(parse.GetValue(recommender)), keyFile, cancellation);
            await engine.ReadyAsync(output, cancellation);
            var id = parse.GetValue(user)!;
            var response = await engine.Recommendations.RecommendAsync(engine.Privacy.UserKey(id), Math.Max(1, parse.GetValue(count)), RecommendationFilter.None, cancellation);
            Print(output, response with { UserId = id });
            return 0;
        });
        return command;
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
                Markup.Escape(item.Reason));
        }

        return table;
    }
}
