using System.CommandLine;
using Penchant.Cli.Commands;
using Penchant.Server.Options;
using Penchant.Server.Services;
using Spectre.Console;

namespace Penchant.Cli.Engine;

/// <summary>Where a verb's store is: a SQLite file, or a schema of a PostgreSQL database (<c>--postgres</c>).</summary>
/// <param name="Database">The SQLite file (ignored with <paramref name="Postgres"/>).</param>
/// <param name="Postgres">An Npgsql connection string, or null for SQLite.</param>
/// <param name="PostgresSchema">The schema that holds the tables.</param>
internal sealed record StoreLocation(string Database, string? Postgres = null, string PostgresSchema = "penchant")
{
    /// <summary>Whether the store is a PostgreSQL database.</summary>
    public bool IsPostgres => Postgres is not null;

    /// <summary>
    /// Whether the verb can go on: a SQLite file must exist (a PostgreSQL schema is created or migrated on open);
    /// says what to do when not.
    /// </summary>
    public bool Exists(IAnsiConsole output) => IsPostgres || CommonOptions.DatabaseExists(output, Database);

    /// <summary>
    /// The recommender of a reading verb given <paramref name="given"/>: it, or else the one the saved snapshot beside a
    /// SQLite database was trained with (so that the verb serves from it), or null for the server's default.
    /// </summary>
    public string? ReadingRecommender(string? given) =>
        given ?? (IsPostgres ? null : SavedSnapshot.RecommenderIn(Database + PenchantServerOptions.SnapshotSuffix));

    /// <summary>
    /// The key file beside a SQLite database when there is one, for verbs that map no user id but can serve from the
    /// saved snapshot written under that key; null otherwise (such verbs then run with a key of their own).
    /// </summary>
    public string? KeyFileIfAny() => !IsPostgres && File.Exists(PseudonymKeyFile.PathFor(Database, null)) ? PseudonymKeyFile.PathFor(Database, null) : null;

    /// <summary>
    /// The pseudonym key file of a verb that maps user ids: the given one, or for SQLite the one beside the database;
    /// with PostgreSQL there is no file to keep it beside, so it must be given. Null (and said why) when there is none.
    /// </summary>
    public string? KeyFile(IAnsiConsole output, string? given)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!IsPostgres)
        {
            return PseudonymKeyFile.Existing(output, Database, given);
        }

        if (given is null)
        {
            output.MarkupLine("[red]--postgres needs --pseudonym-key-file:[/] the file holding the key the data was imported with.");
        }

        return given;
    }

    /// <summary>The server settings that point at this store.</summary>
    public IEnumerable<string> Settings() => IsPostgres
        ? ["--Penchant:Store=postgres", "--Penchant:Postgres:ConnectionString=" + Postgres, "--Penchant:Postgres:Schema=" + PostgresSchema]
        : ["--Penchant:DatabasePath=" + Database];
}

/// <summary>The options a store verb takes to find its store: <c>--db</c>, <c>--postgres</c> and <c>--postgres-schema</c>.</summary>
internal sealed class StoreArguments
{
    public Option<string> Database { get; } = CommonOptions.Database();

    public Option<string?> Postgres { get; } = CommonOptions.Postgres();

    public Option<string> Schema { get; } = CommonOptions.PostgresSchema();

    /// <summary>Adds the three options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Database);
        command.Options.Add(Postgres);
        command.Options.Add(Schema);
    }

    /// <summary>The store the command line names.</summary>
    public StoreLocation Resolve(ParseResult parse) => new(parse.GetValue(Database)!, parse.GetValue(Postgres), parse.GetValue(Schema)!);

    /// <summary>The store the command line names when it exists (see <see cref="StoreLocation.Exists"/>); null, having said why, when not.</summary>
    public StoreLocation? Existing(ParseResult parse, IAnsiConsole output)
    {
        var location = Resolve(parse);
        return location.Exists(output) ? location : null;
    }
}
