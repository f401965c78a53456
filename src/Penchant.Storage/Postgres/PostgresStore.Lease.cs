using Npgsql;
using NpgsqlTypes;
using static Penchant.Storage.Postgres.PostgresValues;

namespace Penchant.Storage.Postgres;

// The training lease: a session-level advisory lock on a connection of its own, held for a training run.
public sealed partial class PostgresStore : ITrainingLease
{
    /// <inheritdoc />
    /// <remarks>
    /// A session-level advisory lock (its key derived from the schema's name, apart from the write lock's), held on a
    /// connection of its own until the result is disposed; a server that dies gives it back with its connection.
    /// </remarks>
    public async Task<IAsyncDisposable> AcquireTrainingLeaseAsync(CancellationToken cancellation = default)
    {
        var connection = await OpenConnectionAsync(cancellation);
        try
        {
            await ExecuteAsync(connection, "SELECT pg_advisory_lock(@key)", [Parameter("key", NpgsqlDbType.Bigint, TrainingLeaseKey)], cancellation);
            return new Lease(connection, TrainingLeaseKey);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    internal long TrainingLeaseKey => LockKeyOf("training", Schema);

    private sealed class Lease(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await ExecuteAsync(connection, "SELECT pg_advisory_unlock(@key)", [Parameter("key", NpgsqlDbType.Bigint, key)], CancellationToken.None);
            }
            finally
            {
                // Closing returns the connection to the pool, which resets it; the lock goes with the session either way.
                await connection.DisposeAsync();
            }
        }
    }
}
