using System.CommandLine;
using Penchant.Cli.Engine;
using Spectre.Console;

namespace Penchant.Cli.Commands;

/// <summary>
/// <c>penchant status</c>: what the store holds, its revision, and whether the saved serving snapshot was trained at
/// that revision under the settings in effect (so that a server starting over it, and the reading verbs, serve it
/// without training). Reads only; trains nothing.
/// </summary>
public static class StatusCommand
{
    public static Command Create(IAnsiConsole? console = null)
    {
        var store = new StoreArguments();
        var key = PseudonymKeyFile.Option();
        var command = new Command("status", "Show what the store holds, its revision, and whether the saved serving snapshot is current.");
        store.AddTo(command);
        command.Options.Add(key);
        command.SetAction(async (parse, cancellation) =>
        {
            var output = console ?? AnsiConsole.Console;
            if (store.Existing(parse, output) is not { } location)
            {
                return 2;
            }

            // The snapshot is checked against the store's key: without it (a key of this run's own) it reads as another key's.
            var keyFile = parse.GetValue(key) ?? location.KeyFileIfAny();
            await using var engine = await LocalEngine.OpenAsync(location, location.ReadingRecommender(null), keyFile, cancellation);
            var revision = await engine.Store.GetRevisionAsync(cancellation);
            var table = new Table().AddColumns("", "").HideHeaders();
            table.AddRow("store", Markup.Escape(location.IsPostgres ? $"PostgreSQL schema {location.PostgresSchema}" : location.Database));
            table.AddRow("schema version", (await engine.Store.GetSchemaVersionAsync(cancellation)).ToString(System.Globalization.CultureInfo.InvariantCulture));
            table.AddRow("revision", $"{revision.Value:N0} (store {revision.Store}; {revision.Deletions:N0} deletions of shoppers' data)");
            table.AddRow("items / users / events", $"{await engine.Store.CountItemsAsync(cancellation):N0} / {await engine.Store.CountUsersAsync(cancellation):N0} / {await engine.Store.CountEventsAsync(cancellation):N0}");
            table.AddRow("saved snapshot", Markup.Escape(await engine.SnapshotStatusAsync(revision, keyFile is not null, cancellation)));
            var campaigns = engine.Campaigns.All;
            var active = campaigns.Where(c => c.StatusAt(DateTimeOffset.UtcNow) == Penchant.Core.Merchandising.CampaignStatus.Active).Select(static c => c.Id).ToList();
            table.AddRow("campaigns", Markup.Escape($"{campaigns.Count} stored, {active.Count} active now{(active.Count > 0 ? ": " + string.Join(", ", active) : "")}"));
            table.AddRow("placements", Markup.Escape(string.Join(", ", (await engine.Placements.ListPlacementsAsync(cancellation)).Select(static p => p.Id)) is { Length: > 0 } names ? names : "none stored"));
            table.AddRow("search synonyms", Markup.Escape(string.Join(", ", engine.Synonyms.All.Select(static s => s.Id)) is { Length: > 0 } sets ? sets : "none stored"));
            output.Write(table);
            return 0;
        });
        return command;
    }
}
