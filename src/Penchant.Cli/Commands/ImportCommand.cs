using System.CommandLine;
using System.Globalization;
using Penchant.Cli.Engine;
using Penchant.Core.Privacy;
using Penchant.Server.Options;
using Penchant.Storage;
using Penchant.Storage.Import;
using Penchant.Storage.Postgres;
using Penchant.Storage.Sqlite;
using Spectre.Console;

namespace Penchant.Cli.Commands;

/// <summary><c>penchant import --format F PATH [--db FILE]</c>: loads a data set or a shop's export into the store.</summary>
public static class ImportCommand
{
    /// <summary>Builds the verb; <paramref name="console"/> replaces the terminal (tests pass a recording one).</summary>
    public static Command Create(IAnsiConsole? console = null)
    {
        var format = new Option<string>("--format", "-f")
        {
            Description = "Source format",
            Required = true,
        };
        format.AcceptOnlyFromAmong([.. Importers.Formats]);
        var path = new Argument<string>("path") { Description = "The file, or the folder for movielens and movielens-latest" };
        var store = new StoreArguments();
        var key = PseudonymKeyFile.Option();

        var command = new Command("import", "Import items, users and events from a file or data set folder (see docs/formats.md).");
        command.Options.Add(format);
        command.Options.Add(key);
        store.AddTo(command);

        command.Arguments.Add(path);
        command.SetAction(async (parse, cancellation) => await RunAsync(
            console ?? AnsiConsole.Console,
            parse.GetValue(format)!,
            parse.GetValue(path)!,
            store.Resolve(parse),
            parse.GetValue(key),
            cancellation));
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, string format, string path, StoreLocation location, string? key, CancellationToken cancellation)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            console.MarkupLine($"[red]No such file or folder:[/] {Markup.Escape(path)}");
            return 2;
        }

        var (database, postgres, postgresSchema) = (location.Database, location.Postgres, location.PostgresSchema);
        if (postgres is not null && key is null)
        {
            // There is no database file to keep the key beside: say where it goes, once, rather than guess.
            console.MarkupLine("[red]--postgres needs --pseudonym-key-file:[/] the file that holds (or will hold) the key user ids are pseudonymised with; serve with the same file.");
            return 2;
        }

        var importer = Importers.Create(format);
        var keyFile = PseudonymKeyFile.PathFor(database, key);
        if (PseudonymKeyFile.EnsureExists(keyFile))
        {
            console.MarkupLineInterpolated($"Created the pseudonym key [bold]{keyFile}[/]: user ids are stored under keyed pseudonyms. Keep it out of the database's backups; serve this store with --pseudonym-key-file {keyFile}.");
        }

        IngestPrivacy privacy;
        try
        {
            privacy = new IngestPrivacy(new PrivacyOptions { PseudonymKeyFile = keyFile }.CreatePseudonymizer(), MinimizationOptions.Default);
        }
        catch (PrivacyConfigurationException ex)
        {
            console.MarkupLineInterpolated($"[red]{ex.Message}[/]");
            return 2;
        }

        IPenchantStore target;
        try
        {
            target = postgres is null
                ? await SqliteStore.OpenAsync(database, cancellation: cancellation)
                : await PostgresStore.OpenAsync(new PostgresStoreOptions { ConnectionString = postgres, Schema = postgresSchema }, cancellation);
        }
        catch (Exception ex) when (postgres is not null && ex is Npgsql.NpgsqlException or ArgumentException)
        {
            console.MarkupLine($"[red]Cannot open the PostgreSQL database:[/] {Markup.Escape(ex.Message)}");
            return 2;
        }

        var where = postgres is null ? database : $"PostgreSQL schema {postgresSchema} ({new Npgsql.NpgsqlConnectionStringBuilder(postgres) { Password = null }})";
        await using var opened = target;
        var store = new PrivacyIngestStore(target, privacy);
        ImportReport report;
        try
        {
            report = await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask($"import {format}", maxValue: 1.0);
                    var result = await importer.ImportAsync(path, store, new TaskProgress(task), cancellation);
                    task.Value = task.MaxValue;
                    return result;
                });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            console.MarkupLine($"[red]Import failed:[/] {Markup.Escape(ex.Message)}");
            return 2;
        }

        WriteSummary(console, report, where);
        if (store.Tally.Dropped.Total > 0 || store.Tally.Masked.Count > 0)
        {
            console.MarkupLineInterpolated($"Data minimisation dropped {store.Tally.Dropped.Total:N0} fields ({string.Join(", ", store.Tally.Dropped.Counts.Select(static p => $"{p.Key} {p.Value}"))}); masked in text: {(store.Tally.Masked.Count == 0 ? "nothing" : string.Join(", ", store.Tally.Masked.Select(static p => $"{p.Key} {p.Value}")))}.");
        }

        return 0;
    }

    private static void WriteSummary(IAnsiConsole console, ImportReport report, string database)
    {
        static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
        var table = new Table().Title($"Imported into {Markup.Escape(database)}")
            .AddColumn("")
            .AddColumn(new TableColumn("accepted").RightAligned())
            .AddColumn(new TableColumn("duplicates").RightAligned());
        table.AddRow("items", N(report.Items.Accepted), N(report.Items.Duplicates));
        table.AddRow("users", N(report.Users.Accepted), N(report.Users.Duplicates));
        table.AddRow("events", N(report.Events.Accepted), N(report.Events.Duplicates));
        table.AddRow("[bold]total[/]", $"[bold]{N(report.Accepted)}[/]", $"[bold]{N(report.Duplicates)}[/]");
        table.AddEmptyRow();
        table.AddRow("rejected lines", N(report.Rejected), "");
        table.AddRow("time", $"{report.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} s", "");
        console.Write(table);

        if (report.Errors.Count > 0)
        {
            console.MarkupLine("[yellow]Rejected lines:[/]");
            foreach (var error in report.Errors)
            {
                console.MarkupLine($"  {Markup.Escape(error.File)}:{error.Line}: {Markup.Escape(error.Reason)}");
            }

            if (report.Rejected > report.Errors.Count)
            {
                console.MarkupLine($"  ... and {N(report.Rejected - report.Errors.Count)} more");
            }
        }
    }

    /// <summary>Moves a progress bar as the import reports; called on the importing thread.</summary>
    private sealed class TaskProgress(ProgressTask task) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            task.Description = $"import {Markup.Escape(value.File)}";
            task.Value = value.Fraction;
        }
    }
}
