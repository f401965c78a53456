using Npgsql;
using static Penchant.Storage.Postgres.PostgresValues;

namespace Penchant.Storage.Postgres;

// Placements: one row each, their list settings as a query string. Writes hold the schema's write lock, so the count
// checked against the limit cannot change before the insert.
public sealed partial class PostgresStore : IPlacementStore
{
    /// <inheritdoc />
    public Task<SaveOutcome> SavePlacementAsync(StoredPlacement placement, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(placement);
        ArgumentException.ThrowIfNullOrEmpty(placement.Id);
        ArgumentNullException.ThrowIfNull(placement.Settings);
        return WriteAsync(
            async (connection, ct) =>
            {
                var outcome = await LimitReachedAsync(connection, "placements", placement.Id, StoredPlacement.MaxPlacements, ct);
                if (outcome == SaveOutcome.Full)
                {
                    return SaveOutcome.Full;
                }

                await ExecuteAsync(
                    connection,
                    $"""
                    INSERT INTO {_schema}.placements (id, name, settings, updated_at) VALUES (@id, @name, @settings, @updated)
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, settings = excluded.settings, updated_at = excluded.updated_at
                    """,
                    [Text("id", placement.Id), Text("name", placement.Name), Text("settings", placement.Settings), Time("updated", placement.UpdatedAt)],
                    ct);
                return outcome ?? SaveOutcome.Created;
            },
            cancellation);
    }

    /// <inheritdoc />
    public Task<bool> DeletePlacementAsync(string id, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return WriteAsync(
            async (connection, ct) => await ExecuteAsync(connection, $"DELETE FROM {_schema}.placements WHERE id = @id", [Text("id", id)], ct) > 0,
            cancellation);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredPlacement>> ListPlacementsAsync(CancellationToken cancellation = default) =>
        await QueryAsync(
            $"SELECT id, name, settings, updated_at FROM {_schema}.placements ORDER BY id",
            [],
            static r => new StoredPlacement(r.GetString(0), r.GetTextOrNull(1), r.GetString(2), r.GetTime(3)),
            cancellation);

    /// <summary>
    /// For a save of <paramref name="id"/> into <paramref name="table"/>: <see cref="SaveOutcome.Replaced"/> when a row of
    /// that id exists, <see cref="SaveOutcome.Full"/> when it does not and the table holds <paramref name="max"/> rows,
    /// else null (a new row fits).
    /// </summary>
    private async Task<SaveOutcome?> LimitReachedAsync(NpgsqlConnection connection, string table, string id, int max, CancellationToken cancellation) =>
        await ScalarAsync<bool>(connection, $"SELECT EXISTS (SELECT 1 FROM {_schema}.{table} WHERE id = @id)", [Text("id", id)], cancellation) ? SaveOutcome.Replaced
        : await ScalarAsync<long>(connection, $"SELECT count(*) FROM {_schema}.{table}", [], cancellation) >= max ? SaveOutcome.Full
        : null;
}
