using Npgsql;
using Penchant.Storage.Postgres;

namespace Penchant.Storage.Tests.Postgres;

/// <summary>
/// The PostgreSQL server of the tests, named by <c>PENCHANT_POSTGRES</c>, and fresh schemas in it that are dropped on
/// dispose, so tests can run in parallel. Without the variable a test that asks for a schema is skipped, with a hint
/// on how to run it, unless <c>PENCHANT_REQUIRE_POSTGRES=1</c>, which makes it fail instead.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    public const string ConnectionVariable = "PENCHANT_POSTGRES";
    public const string RequireVariable = "PENCHANT_REQUIRE_POSTGRES";

    private readonly List<string> _schemas = [];

    /// <summary>The connection string; skips the running test (or fails it, when required) when none is configured.</summary>
    public static string ConnectionString
    {
        get
        {
            var connectionString = Environment.GetEnvironmentVariable(ConnectionVariable);
            if (!string.IsNullOrWhiteSpace(connectionString))
            {
                return connectionString;
            }

            var howTo = $"{ConnectionVariable} is not set. To run the PostgreSQL tests, set it to a connection string of a database where the user may "
                + $"create schemas, e.g. {ConnectionVariable}='Host=127.0.0.1;Username=penchant;Password=penchant;Database=penchant_test'.";
            Skip.IfNot(Environment.GetEnvironmentVariable(RequireVariable) == "1", howTo);
            throw new InvalidOperationException($"{RequireVariable}=1 requires the PostgreSQL tests to run, but {howTo}");
        }
    }

    /// <summary>Options for a new, not yet created schema named "t_" and a GUID in hex, dropped when this is disposed.</summary>
    public PostgresStoreOptions NewSchema()
    {
        var options = new PostgresStoreOptions { ConnectionString = ConnectionString, Schema = "t_" + Guid.NewGuid().ToString("N") };
        _schemas.Add(options.Schema);
        return options;
    }

    /// <summary>Opens a connection of its own to the test database, for checks behind the store's back.</summary>
    public static async Task<NpgsqlConnection> ConnectAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Drops every schema handed out.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_schemas.Count == 0)
        {
            return;
        }

        await using var connection = await ConnectAsync();
        foreach (var schema in _schemas)
        {
            await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
