using System.CommandLine;
using Spectre.Console;

namespace Penchant.Cli.Commands;

/// <summary>Options shared by several verbs; each call makes a new option to add to one command.</summary>
public static class CommonOptions
{
    /// <summary>The environment variable that overrides the default database path.</summary>
    public const string DatabaseVariable = "PENCHANT_DB";

    /// <summary>The default database file, in the current directory.</summary>
    public const string DefaultDatabase = "penchant.db";

    /// <summary><c>--db</c>: the SQLite database file; <c>$PENCHANT_DB</c> or <c>penchant.db</c> when not given.</summary>
    public static Option<string> Database() => new("--db")
    {
        Description = $"SQLite database file (default: ${DatabaseVariable}, else {DefaultDatabase} in the current directory)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(DatabaseVariable) is { Length: > 0 } path ? path : DefaultDatabase,
    };

    /// <summary><c>--recommender</c> (or <c>--model</c>): which model to train (itemknn, content, ...); the server's default when not given.</summary>
    public static Option<string?> Recommender() => new("--recommender", "-r", "--model")
    {
        Description = "The recommender to train: itemknn (default), ease, bpr, hybrid (EASE + item-kNN), sasrec (transformer over "
            + "the event sequence), content (item text), content-hybrid (content + item-kNN, recommends new items from their "
            + "text), popularity, or auto (chosen at training from the shop's own data: each shopper's newest item held out).",
    };

    /// <summary><c>--user</c> (<c>-u</c>): the shopper's id as the shop knows it (turned into its pseudonym before any lookup).</summary>
    public static Option<string> Shopper(bool required = true) => new("--user", "-u")
    {
        Description = "The shopper's id, as the shop knows it.",
        Required = required,
    };

    /// <summary>
    /// <c>--postgres</c>: keep the data in a PostgreSQL database (an Npgsql connection string; schema <c>penchant</c>)
    /// instead of the SQLite file.
    /// </summary>
    public static Option<string?> Postgres() => new("--postgres")
    {
        Description = "Use a PostgreSQL database instead of the SQLite file: an Npgsql connection string, e.g. 'Host=db;Username=penchant;Password=...;Database=shop' (tables in the schema 'penchant').",
    };

    /// <summary><c>--postgres-schema</c>: the schema of the <c>--postgres</c> database that holds the tables.</summary>
    public static Option<string> PostgresSchema() => new("--postgres-schema")
    {
        Description = "With --postgres: the schema that holds Penchant's tables (created when missing).",
        DefaultValueFactory = _ => "penchant",
    };

    /// <summary>
    /// Whether the store a verb reads exists; if not, says so and what to do (the verbs that read a store answer exit
    /// code 2 then).
    /// </summary>
    public static bool DatabaseExists(IAnsiConsole output, string path)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (File.Exists(path))
        {
            return true;
        }

        output.MarkupLineInterpolated($"[red]No database at {path}.[/] Import data first (penchant import) or run penchant demo.");
        return false;
    }
}
