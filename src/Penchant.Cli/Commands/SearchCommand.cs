using System.CommandLine;
using Penchant.Cli.Engine;
using Penchant.Server.Services;
using Spectre.Console;

namespace Penchant.Cli.Commands;

/// <summary><c>penchant search "words" [--user U]</c>: catalogue search, ordered for a shopper when one is named.</summary>
public static class SearchCommand
{
    public static Command Create(IAnsiConsole? console = null)
    {
        var store = new StoreArguments();
        var words = new Argument<string>("words") { Description = "What to search for (English or Chinese)." };
        var count = new Option<int>("-n", "--count") { Description = "How many items.", DefaultValueFactory = _ => 10 };
        var user = new Option<string?>("--user", "-u") { Description = "Order the matches for this shopper (the shop's own id): their own scores count too." };
        var personal = new Option<double?>("--personal") { Description = "How much the shopper's own scores count against the text's (default SearchPersonalWeight, 0.3; 0 keeps the text's order)." };
        var sort = new Option<string?>("--sort") { Description = "Order by price (cheapest first), -price (dearest first) or newest instead of relevance." };
        var recommender = CommonOptions.Recommender();
        var command = new Command("search", "Train from the store (or serve its saved snapshot) and print the items matching some words, each with what it matched.") { words, count, user, personal, sort, recommender };
        store.AddTo(command);

        command.SetAction(async (parse, cancellation) =>
        {
            var output = console ?? AnsiConsole.Console;
            var query = parse.GetValue(words)?.Trim() ?? "";
            if (query.Length is 0 or > Server.Endpoints.SearchEndpoints.MaxQueryLength || parse.GetValue(personal) is < 0 or > 100)
            {
                output.MarkupLine(query.Length == 0
                    ? "[red]error:[/] give the words to search for."
                    : query.Length > Server.Endpoints.SearchEndpoints.MaxQueryLength
                        ? $"[red]error:[/] the words may be at most {Server.Endpoints.SearchEndpoints.MaxQueryLength} characters."
                        : "[red]error:[/] --personal must be between 0 and 100.");
                return 2;
            }

            if (!SearchSorts.TryParse(parse.GetValue(sort), out var order))
            {
                output.MarkupLineInterpolated($"[red]error:[/] --sort must be {SearchSorts.Accepted}, not '{parse.GetValue(sort)}'.");
                return 2;
            }

            if (store.Existing(parse, output) is not { } location)
            {
                return 2;
            }

            await using var engine = await LocalEngine.OpenAsync(location, location.ReadingRecommender(parse.GetValue(recommender)), location.KeyFileIfAny(), cancellation);
            await engine.ReadyAsync(output, cancellation);
            var shopper = parse.GetValue(user);
            var filter = RecommendationFilter.None with { ExcludePurchased = false };
            var response = await engine.Recommendations.SearchAsync(
                shopper is null ? null : engine.Privacy.UserKey(shopper), query, Math.Max(1, parse.GetValue(count)), filter, parse.GetValue(personal), cancellation, sort: order);
            var unknown = (response.Unknown.Count > 0 ? $"; no item has {string.Join(", ", response.Unknown.Select(static w => $"\"{w}\""))}" : "")
                + (response.Corrected is { } corrected ? $"; read {string.Join(", ", corrected.Select(static c => $"\"{c.Typed}\" as \"{c.Used}\""))}" : "")
                + (response.Synonyms is { } synonyms ? $"; searched {string.Join(", ", synonyms.Select(static s => $"\"{s.Typed}\" also as {string.Join(" or ", s.Searched.Skip(1).Select(static w => $"\"{w}\""))}"))}" : "");
            var ordered = order != SearchSort.Relevance ? $", by {parse.GetValue(sort)!.Trim().ToLowerInvariant()}"
                : response.Personalized ? $", ordered for {shopper}"
                : shopper is null ? ""
                : parse.GetValue(personal) == 0 ? ", in the text's order"
                : $", in the text's order ({shopper} has no usable history here)";
            output.MarkupLineInterpolated($"[bold]{response.Total} item(s) match \"{query}\"{ordered}{unknown}[/]");
            output.Write(RecommendCommand.ItemTable(response.Items));
            return 0;
        });
        return command;
    }
}
