using Npgsql;
using Penchant.Storage.Postgres;
using Penchant.Tests.Shared;

namespace Penchant.Storage.Tests.Postgres;

/// <summary>
/// The PostgreSQL server of the tests, named by <c>PENCHANT_POSTGRES</c>, and fresh schemas in it that are dropped on
/// dispose, so tests can run in parallel. Without the variable a test that asks for a schema is skipped, with a hint
/// on how to run it, unless <c>PENCHANT_REQUIRE_POSTGRES=1</c>, which makes it fail instead.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    private readonly List<string> _schemas = [];

    /// <summary>The connection string; skips the running test (or fails it, when required) when none is configured.</summary>
    public static string ConnectionString => PostgresTestServer.ConnectionString;

    /// <summary>Options for a new, not yet created schema named "t_" and a GUID in hex, dropped when this is disposed.</summary>
    public PostgresStoreOptions NewSchema()
    {
        var options = new PostgresStoreOptions { ConnectionString = ConnectionString, Schema = PostgresTestServer.NewSchemaName() };
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
    public async ValueTask DisposeAsync() => await PostgresTestServer.DropAsync(_schemas);
}
