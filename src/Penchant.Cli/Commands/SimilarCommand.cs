using System.CommandLine;
using Penchant.Cli.Engine;
using Penchant.Server.Services;
using Spectre.Console;

namespace Penchant.Cli.Commands;

/// <summary><c>penchant similar --item I [--user U]</c>: items similar to one item, ordered for a shopper when one is named.</summary>
public static class SimilarCommand
{
    public static Command Create(IAnsiConsole? console = null)
    {
        var store = new StoreArguments();
        var item = new Option<string>("--item", "-i") { Description = "The item's id.", Required = true };
        var count = new Option<int>("-n", "--count") { Description = "How many items.", DefaultValueFactory = _ => 10 };
        var user = new Option<string?>("--user", "-u") { Description = "Order them for this shopper (the shop's own id): their own scores count too, and what they bought is left out." };
        var recommender = CommonOptions.Recommender();
        var command = new Command("similar", "Train from the store and print the items most similar to one item.") { item, count, user, recommender };
        store.AddTo(command);

        command.SetAction(async (parse, cancellation) =>
        {
            var output = console ?? AnsiConsole.Console;
            if (store.Existing(parse, output) is not { } location)
            {
                return 2;
            }

            await using var engine = await LocalEngine.OpenAsync(location, location.ReadingRecommender(parse.GetValue(recommender)), location.KeyFileIfAny(), cancellation);
            await engine.ReadyAsync(output, cancellation);
            var n = Math.Max(1, parse.GetValue(count));
            var response = parse.GetValue(user) is { } shopper
                ? await engine.Recommendations.SimilarForAsync(engine.Privacy.UserKey(shopper), parse.GetValue(item)!, n, RecommendationFilter.None, cancellation)
                : engine.Recommendations.Similar(parse.GetValue(item)!, n, RecommendationFilter.None);
            if (response is null)
            {
                output.MarkupLineInterpolated($"[red]Unknown item {parse.GetValue(item)}.[/]");
                return 2;
            }

            output.MarkupLineInterpolated($"[bold]Similar to {response.ItemId}{(parse.GetValue(user) is { } who ? $", for {who}" : "")}[/]");
            output.Write(RecommendCommand.ItemTable(response.Items));
            return 0;
        });
        return command;
    }
}
