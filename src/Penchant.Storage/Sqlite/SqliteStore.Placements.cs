namespace Penchant.Storage.Sqlite;

// Placements: one row each, their list settings as a query string.
public sealed partial class SqliteStore : IPlacementStore
{
    /// <inheritdoc />
    public Task<SaveOutcome> SavePlacementAsync(StoredPlacement placement, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(placement);
        ArgumentException.ThrowIfNullOrEmpty(placement.Id);
        ArgumentNullException.ThrowIfNull(placement.Settings);
        return WriteAsync(
            commands =>
            {
                var outcome = LimitReached(commands, "placements", placement.Id, StoredPlacement.MaxPlacements);
                if (outcome == SaveOutcome.Full)
                {
                    return SaveOutcome.Full;
                }

                ExecuteOn(
                    commands,
                    """
                    INSERT INTO placements (id, name, settings, updated_at) VALUES ($id, $name, $settings, $updated)
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, settings = excluded.settings, updated_at = excluded.updated_at
                    """,
                    ("$id", placement.Id),
                    ("$name", StoredValues.OrNull(placement.Name)),
                    ("$settings", placement.Settings),
                    ("$updated", StoredValues.ToUnixMicros(placement.UpdatedAt)));
                return outcome ?? SaveOutcome.Created;
            },
            cancellation);
    }

    /// <inheritdoc />
    public Task<bool> DeletePlacementAsync(string id, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return WriteAsync(commands => ExecuteOn(commands, "DELETE FROM placements WHERE id = $id", ("$id", id)) > 0, cancellation);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredPlacement>> ListPlacementsAsync(CancellationToken cancellation = default)
    {
        await using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, settings, updated_at FROM placements ORDER BY id";
        using var reader = command.ExecuteReader();
        var placements = new List<StoredPlacement>();
        while (reader.Read())
        {
            cancellation.ThrowIfCancellationRequested();
            placements.Add(new StoredPlacement(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2), StoredValues.FromUnixMicros(reader.GetInt64(3))));
        }

        return placements;
    }

    /// <summary>
    /// For a save of <paramref name="id"/> into <paramref name="table"/>: <see cref="SaveOutcome.Replaced"/> when a row of
    /// that id exists, <see cref="SaveOutcome.Full"/> when it does not and the table holds <paramref name="max"/> rows,
    /// else null (a new row fits). Read in the write transaction, so no other save comes between.
    /// </summary>
    private static SaveOutcome? LimitReached(WriteCommands commands, string table, string id, int max)
    {
        using var count = commands.Connection.CreateCommand();
        count.Transaction = commands.Transaction;
        count.CommandText = $"SELECT (SELECT COUNT(*) FROM {table}), EXISTS (SELECT 1 FROM {table} WHERE id = $id)";
        count.Parameters.AddWithValue("$id", id);
        using var reader = count.ExecuteReader();
        reader.Read();
        return reader.GetInt64(1) != 0 ? SaveOutcome.Replaced : reader.GetInt64(0) >= max ? SaveOutcome.Full : null;
    }
}
