using NpgsqlTypes;
using static Penchant.Storage.Postgres.PostgresValues;

namespace Penchant.Storage.Postgres;

// Search synonyms: one row per set, its words as text[]. Writes hold the schema's write lock, so the count checked
// against the limit cannot change before the insert.
public sealed partial class PostgresStore : ISynonymStore
{
    /// <inheritdoc />
    public Task<SaveOutcome> SaveSynonymSetAsync(StoredSynonymSet set, CancellationToken cancellation = default)
    {
        StoredValues.CheckSynonymSet(set);
        return WriteAsync(
            async (connection, ct) =>
            {
                var outcome = await LimitReachedAsync(connection, "synonyms", set.Id, StoredSynonymSet.MaxSets, ct);
                if (outcome == SaveOutcome.Full)
                {
                    return SaveOutcome.Full;
                }

                await ExecuteAsync(
                    connection,
                    $"""
                    INSERT INTO {_schema}.synonyms (id, words, one_way, updated_at) VALUES (@id, @words, @oneWay, @updated)
                    ON CONFLICT (id) DO UPDATE SET words = excluded.words, one_way = excluded.one_way, updated_at = excluded.updated_at
                    """,
                    [Text("id", set.Id), TextArray("words", set.Words), Parameter("oneWay", NpgsqlDbType.Boolean, set.OneWay), Time("updated", set.UpdatedAt)],
                    ct);
                return outcome ?? SaveOutcome.Created;
            },
            cancellation);
    }

    /// <inheritdoc />
    public Task<bool> DeleteSynonymSetAsync(string id, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return WriteAsync(
            async (connection, ct) => await ExecuteAsync(connection, $"DELETE FROM {_schema}.synonyms WHERE id = @id", [Text("id", id)], ct) > 0,
            cancellation);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredSynonymSet>> ListSynonymSetsAsync(CancellationToken cancellation = default) =>
        await QueryAsync(
            $"SELECT id, words, one_way, updated_at FROM {_schema}.synonyms ORDER BY id",
            [],
            static r => new StoredSynonymSet(r.GetString(0), r.GetListOrNull(1) ?? [], r.GetBoolean(2), r.GetTime(3)),
            cancellation);
}
