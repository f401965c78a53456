using System.CommandLine;
using Penchant.Cli.Engine;
using Penchant.Server.Contracts;
using Spectre.Console;

namespace Penchant.Cli.Commands;

/// <summary>
/// <c>penchant profile --user U</c>: a shopper's interests, long and short term, with evidence. It trains first (as
/// the server does at start) so that the interest clusters exist; <c>--no-clusters</c> skips that on a large store.
/// </summary>
public static class ProfileCommand
{
    public static Command Create(IAnsiConsole? console = null)
    {
        var store = new StoreArguments();
        var user = CommonOptions.Shopper();
        var key = PseudonymKeyFile.Option();
        var noClusters = new Option<bool>("--no-clusters") { Description = "Skip training, and so the interest clusters (faster on a large store)." };
        var command = new Command("profile", "Print a shopper's interest profile: long-term and short-term interests (categories, brands, tags, keywords and interest clusters) and aversions, each with its evidence.") { user, key, noClusters };
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

            await using var engine = await LocalEngine.OpenAsync(location, location.ReadingRecommender(null), keyFile, cancellation);
            if (!parse.GetValue(noClusters))
            {
                await engine.ReadyAsync(output, cancellation);
            }

            var id = parse.GetValue(user)!;
            Print(output, await engine.ProfileWithNarrativeAsync(engine.Privacy.UserKey(id), id, cancellation), 10);
            return 0;
        });
        return command;
    }

    internal static void Print(IAnsiConsole output, InterestProfileDto profile, int count)
    {
        output.MarkupLineInterpolated($"[bold]Interest profile of {profile.UserId}[/] ({profile.EventCount} events)");
        if (profile.Narrative is { } narrative)
        {
            output.MarkupLineInterpolated($"In a few words: {narrative.Text}");
        }

        Section(output, "Long term", profile.LongTerm, count);
        Section(output, "Right now (short term)", profile.ShortTerm, Math.Min(count, 5));
        Section(output, "Turned against", profile.Aversions, Math.Min(count, 3));
        if (profile.Clusters is { Count: > 0 } clusters)
        {
            output.MarkupLineInterpolated($"Interest clusters: {string.Join("; ", clusters.Take(count).Select(static c => c.Name + " " + c.Weight.ToString("P0", System.Globalization.CultureInfo.InvariantCulture)))}");
        }
    }

    private static void Section(IAnsiConsole output, string title, IReadOnlyList<InterestDto>? interests, int count)
    {
        if (interests is null || interests.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Simple).Title(title).AddColumns("kind", "score", "evidence");
        foreach (var i in interests.Take(count))
        {
            var reviews = i.Evidence.Reviews.Count > 0 ? $" (reviews: {string.Join(", ", i.Evidence.Reviews.Take(2).Select(r => $"{r.EventId} {r.Opinion:+0.00;-0.00}"))})" : "";
            table.AddRow(i.Kind, i.Score.ToString("F3", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(i.Summary + reviews));
        }

        output.Write(table);
    }
}
