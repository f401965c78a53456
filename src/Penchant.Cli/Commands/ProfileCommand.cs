using System.CommandLine;
using Penchant.Cli.Engine;
using Penchant.Server.Contracts;
using Spectre.Console;

namespace Penchant.Cli.Commands;

/// <summary><c>penchant profile --user U</c>: a shopper's interests, long and short term, with evidence.</summary>
public static class ProfileCommand
{
    public static Command Create(IAnsiConsole? console = null)
    {
        var db = CommonOptions.Database();
        var user = new Option<string>("--user", "-u") { Description = "The shopper's id.", Required = true };
        var key = PseudonymKeyFile.Option();
        var command = new Command("profile", "Print a shopper's interest profile: long-term and short-term interests and aversions, each with its evidence.") { db, user, key };
        command.SetAction(async (parse, cancellation) =>
        {
            var output = console ?? AnsiConsole.Console;
            var path = parse.GetValue(db)!;
            if (!File.Exists(path))
            {
                output.MarkupLineInterpolated($"[red]No database at {path}.[/]");
                return 2;
            }

            if (PseudonymKeyFile.Existing(output, path, parse.GetValue(key)) is not { } keyFile)
            {
                return 2;
            }

            await using var engine = await LocalEngine.OpenAsync(path, null, keyFile, cancellation);
            var id = parse.GetValue(user)!;
            Print(output, await engine.Profiles.GetProfileAsync(engine.Privacy.UserKey(id), cancellation) with { UserId = id }, 10);
            return 0;
        });
        return command;
    }

    internal static void Print(IAnsiConsole output, InterestProfileDto profile, int count)
    {
        output.MarkupLineInterpolated($"[bold]Interest profile of {profile.UserId}[/] ({profile.EventCount} events)");
        Section(output, "Long term", profile.LongTerm, count);
        Section(output, "Right now (short term)", profile.ShortTerm, Math.Min(count, 5));
        Section(output, "Turned against", profile.Aversions, Math.Min(count, 3));
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
