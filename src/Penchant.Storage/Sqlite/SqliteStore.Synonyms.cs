namespace Penchant.Storage.Sqlite;

// Search synonyms: one row per set, its words as a JSON array.
public sealed partial class SqliteStore : ISynonymStore
{
    /// <inheritdoc />
    public Task<SaveOutcome> SaveSynonymSetAsync(StoredSynonymSet set, CancellationToken cancellation = default)
    {
        StoredValues.CheckSynonymSet(set);
        return WriteAsync(
            commands =>
            {
                var outcome = LimitReached(commands, "synonyms", set.Id, StoredSynonymSet.MaxSets);
                if (outcome == SaveOutcome.Full)
                {
                    return SaveOutcome.Full;
                }

                ExecuteOn(
                    commands,
                    """
                    INSERT INTO synonyms (id, words, one_way, updated_at) VALUES ($id, $words, $oneWay, $updated)
                    ON CONFLICT (id) DO UPDATE SET words = excluded.words, one_way = excluded.one_way, updated_at = excluded.updated_at
                    """,
                    ("$id", set.Id),
                    ("$words", StoredValues.ListToJson(set.Words)),
                    ("$oneWay", set.OneWay ? 1 : 0),
                    ("$updated", StoredValues.ToUnixMicros(set.UpdatedAt)));
                return outcome ?? SaveOutcome.Created;
            },
            cancellation);
    }

    /// <inheritdoc />
    public Task<bool> DeleteSynonymSetAsync(string id, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return WriteAsync(commands => ExecuteOn(commands, "DELETE FROM synonyms WHERE id = $id", ("$id", id)) > 0, cancellation);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredSynonymSet>> ListSynonymSetsAsync(CancellationToken cancellation = default)
    {
        await using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, words, one_way, updated_at FROM synonyms ORDER BY id";
        using var reader = command.ExecuteReader();
        var sets = new List<StoredSynonymSet>();
        while (reader.Read())
        {
            cancellation.ThrowIfCancellationRequested();
            sets.Add(new StoredSynonymSet(reader.GetString(0), StoredValues.JsonToList(reader.GetString(1)) ?? [], reader.GetInt64(2) != 0, StoredValues.FromUnixMicros(reader.GetInt64(3))));
        }

        return sets;
    }
}
