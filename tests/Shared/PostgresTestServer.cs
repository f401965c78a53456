using Npgsql;

namespace Penchant.Tests.Shared;

/// <summary>
/// The PostgreSQL server of the tests, named by <c>PENCHANT_POSTGRES</c> (a connection string of a database where the
/// user may create schemas). Without it a test that asks is skipped, with a hint on how to run it, unless
/// <c>PENCHANT_REQUIRE_POSTGRES=1</c> (as <c>.ci/run</c> sets), which makes it fail instead. Compiled into each test
/// project that has PostgreSQL tests.
/// </summary>
internal static class PostgresTestServer
{
    public const string ConnectionVariable = "PENCHANT_POSTGRES";
    public const string RequireVariable = "PENCHANT_REQUIRE_POSTGRES";

    /// <summary>The configured connection string, or null.</summary>
    public static string? Configured => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ConnectionVariable)) ? null : Environment.GetEnvironmentVariable(ConnectionVariable);

    /// <summary>The connection string; skips the running test (or fails it, when required) when none is configured.</summary>
    public static string ConnectionString
    {
        get
        {
            if (Configured is { } connectionString)
            {
                return connectionString;
            }

            var howTo = $"{ConnectionVariable} is not set. To run the PostgreSQL tests, set it to a connection string of a database where the user may "
                + $"create schemas, e.g. {ConnectionVariable}='Host=127.0.0.1;Username=penchant;Password=penchant;Database=penchant_test'.";
            Skip.IfNot(Environment.GetEnvironmentVariable(RequireVariable) == "1", howTo);
            throw new InvalidOperationException($"{RequireVariable}=1 requires the PostgreSQL tests to run, but {howTo}");
        }
    }

    /// <summary>A new schema name ("t_" and a GUID in hex), not yet created.</summary>
    public static string NewSchemaName() => "t_" + Guid.NewGuid().ToString("N");

    /// <summary>Drops <paramref name="schemas"/> with everything in them; nothing when no server is configured.</summary>
    public static async Task DropAsync(params IEnumerable<string> schemas)
    {
        if (Configured is not { } connectionString)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var schema in schemas)
        {
            await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
