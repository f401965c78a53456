using Npgsql;
using NpgsqlTypes;
using static Penchant.Storage.Postgres.PostgresValues;

namespace Penchant.Storage.Postgres;

// The saved serving snapshot: one blob in parts of at most PartBytes, replaced whole in one transaction, deleted by erasure too.
public sealed partial class PostgresStore : ISnapshotBlobStore
{
    /// <summary>The largest part of the blob in one row (PostgreSQL's bytea holds up to 1 GB; smaller parts keep memory low).</summary>
    internal const int PartBytes = 8 << 20;

    /// <inheritdoc />
    public string SnapshotLocation => $"PostgreSQL schema {_schema} (serving_snapshot)";

    /// <inheritdoc />
    /// <remarks>
    /// Under the snapshot lock, not the schema's write lock, so that events and items are written meanwhile (a large
    /// snapshot takes seconds); erasure and every other deletion of shoppers' data take the snapshot lock too, so none
    /// commits between the check of <paramref name="deletions"/> and this save's commit.
    /// </remarks>
    public Task<bool> SaveSnapshotAsync(Stream content, long? deletions = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return SnapshotWriteAsync(
            async (connection, ct) =>
            {
                if (deletions is { } expected && expected != await ScalarAsync<long>(connection, $"SELECT deletions FROM {_schema}.store_revision", [], ct))
                {
                    return false;
                }

                await ExecuteAsync(connection, $"DELETE FROM {_schema}.serving_snapshot", [], ct);
                var buffer = new byte[PartBytes];
                for (var part = 0; ; part++)
                {
                    var length = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
                    if (length == 0)
                    {
                        break;
                    }

                    await ExecuteAsync(
                        connection,
                        $"INSERT INTO {_schema}.serving_snapshot (part, data) VALUES (@part, @data)",
                        [new NpgsqlParameter("part", NpgsqlDbType.Integer) { Value = part }, new NpgsqlParameter("data", NpgsqlDbType.Bytea) { Value = new ReadOnlyMemory<byte>(buffer, 0, length) }],
                        ct);
                    if (length < buffer.Length)
                    {
                        break;
                    }
                }

                return true;
            },
            cancellation);
    }

    /// <inheritdoc />
    /// <remarks>The parts are copied into a temporary file (deleted when the stream closes), read in one transaction.</remarks>
    public async Task<Stream?> OpenSnapshotAsync(CancellationToken cancellation = default)
    {
        await using var connection = await OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellation);
        await using var command = new NpgsqlCommand($"SELECT data FROM {_schema}.serving_snapshot ORDER BY part", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellation);
        FileStream? file = null;
        try
        {
            while (await reader.ReadAsync(cancellation))
            {
                file ??= new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
                await using var part = await reader.GetStreamAsync(0, cancellation);
                await part.CopyToAsync(file, cancellation);
            }

            file?.Seek(0, SeekOrigin.Begin);
            return file;
        }
        catch
        {
            if (file is not null)
            {
                await file.DisposeAsync();
            }

            throw;
        }
    }

    /// <inheritdoc />
    public async Task<byte[]?> ReadSnapshotHeadAsync(int maxBytes, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        var heads = await QueryAsync(
            $"SELECT substring(data from 1 for @n) FROM {_schema}.serving_snapshot WHERE part = 0",
            [new NpgsqlParameter("n", NpgsqlDbType.Integer) { Value = maxBytes }],
            static r => r.GetFieldValue<byte[]>(0),
            cancellation);
        return heads.Count == 0 ? null : heads[0];
    }

    /// <inheritdoc />
    public async Task<bool> DeleteSnapshotAsync(CancellationToken cancellation = default) =>
        await SnapshotWriteAsync((connection, ct) => ExecuteAsync(connection, $"DELETE FROM {_schema}.serving_snapshot", [], ct), cancellation) > 0;

    /// <summary>Runs <paramref name="work"/> in one transaction holding the snapshot lock (<see cref="LockSnapshotAsync"/>), and commits.</summary>
    private async Task<T> SnapshotWriteAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellation)
    {
        await using var connection = await OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await LockSnapshotAsync(connection, cancellation);
        var result = await work(connection, cancellation);
        await transaction.CommitAsync(cancellation);
        return result;
    }

    /// <summary>
    /// The snapshot lock, held to the end of the transaction: taken by saving and deleting the snapshot, and by every
    /// write that deletes shoppers' data (apart from the schema's write lock, which the snapshot's writes do not take).
    /// </summary>
    private Task LockSnapshotAsync(NpgsqlConnection connection, CancellationToken cancellation) =>
        ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(@key)", [Parameter("key", NpgsqlDbType.Bigint, SnapshotLockKey)], cancellation);

    internal long SnapshotLockKey => LockKeyOf("snapshot", Schema);
}
