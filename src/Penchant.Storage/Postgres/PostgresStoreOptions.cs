using System.Text;

namespace Penchant.Storage.Postgres;

/// <summary>Where a <see cref="PostgresStore"/> keeps its tables: a server (connection string) and a schema in its database.</summary>
public sealed record PostgresStoreOptions
{
    /// <summary>The Npgsql connection string of the database, e.g. <c>Host=db;Username=penchant;Password=...;Database=penchant</c>.</summary>
    public required string ConnectionString
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value, nameof(ConnectionString));
            field = value;
        }
    }

    /// <summary>
    /// The schema that holds every table of the store, created when missing; "penchant" by default. A plain identifier
    /// (<c>[a-z_][a-z0-9_]*</c>, at most 63 characters, not starting with <c>pg_</c>), so several stores can share a database.
    /// </summary>
    public string Schema
    {
        get;
        init => field = ValidSchema(value);
    } = "penchant";

    /// <summary>Prints the schema only: the connection string may hold a password.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Schema = ").Append(Schema);
        return true;
    }

    private static string ValidSchema(string value)
    {
        ArgumentNullException.ThrowIfNull(value, nameof(Schema));
        var plain = value.Length is > 0 and <= 63
            && value[0] is (>= 'a' and <= 'z') or '_'
            && value.All(static c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_')
            && !value.StartsWith("pg_", StringComparison.Ordinal);
        return plain
            ? value
            : throw new ArgumentException(
                $"The schema name '{value}' is not a plain identifier: use lower-case letters, digits and '_', start with a letter or '_', at most 63 characters, not 'pg_...'.",
                nameof(Schema));
    }
}
