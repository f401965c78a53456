using System.Runtime.CompilerServices;

namespace Penchant.Storage.Sqlite;

// The impression log: served slates keyed by the same surrogate user and item keys as events, so erasure of a user
// removes them with the key.
public sealed partial class SqliteStore : IImpressionLog
{
    /// <inheritdoc />
    public Task<int> AppendImpressionsAsync(IReadOnlyList<Impression> impressions, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(impressions);
        if (impressions.Count == 0)
        {
            return Task.FromResult(0);
        }

        return WriteAsync(
            commands =>
            {
                using var insert = commands.Connection.CreateCommand();
                insert.Transaction = commands.Transaction;
                insert.CommandText = """
                    INSERT INTO impressions (slate_id, user_key, item_key, ts, position, explore, cluster, propensity, model_version, placement)
                    VALUES ($slate, $user, $item, $ts, $position, $explore, $cluster, $propensity, $version, $placement)
                    """;
                var slate = insert.Parameters.AddWithValue("$slate", "");
                var user = insert.Parameters.AddWithValue("$user", 0L);
                var item = insert.Parameters.AddWithValue("$item", 0L);
                var ts = insert.Parameters.AddWithValue("$ts", 0L);
                var position = insert.Parameters.AddWithValue("$position", 0);
                var explore = insert.Parameters.AddWithValue("$explore", 0);
                var cluster = insert.Parameters.AddWithValue("$cluster", DBNull.Value);
                var propensity = insert.Parameters.AddWithValue("$propensity", 0.0);
                var version = insert.Parameters.AddWithValue("$version", 0L);
                var placement = insert.Parameters.AddWithValue("$placement", DBNull.Value);
                foreach (var i in impressions)
                {
                    slate.Value = i.SlateId;
                    user.Value = KeyOf(commands, _userKeys, commands.UserKeys, i.UserId);
                    item.Value = KeyOf(commands, _itemKeys, commands.ItemKeys, i.ItemId);
                    ts.Value = StoredValues.ToUnixMicros(i.Timestamp);
                    position.Value = i.Position;
                    explore.Value = i.Explore ? 1 : 0;
                    cluster.Value = (object?)i.Cluster ?? DBNull.Value;
                    propensity.Value = i.Propensity;
                    version.Value = i.ModelVersion;
                    placement.Value = (object?)i.Placement ?? DBNull.Value;
                    insert.ExecuteNonQuery();
                }

                return impressions.Count;
            },
            cancellation);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Impression>> GetUserImpressionsAsync(string userId, DateTimeOffset since, int? newest = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentOutOfRangeException.ThrowIfNegative(newest ?? 0);
        await using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT m.slate_id, u.id, i.id, m.ts, m.position, m.explore, m.cluster, m.propensity, m.model_version, m.placement
            FROM impressions m JOIN user_keys u ON u.key = m.user_key JOIN item_keys i ON i.key = m.item_key
            WHERE m.user_key = (SELECT key FROM user_keys WHERE id = $user) AND m.ts >= $since
            ORDER BY m.seq DESC
            LIMIT $limit
            """;
        command.Parameters.AddWithValue("$user", userId);
        command.Parameters.AddWithValue("$since", StoredValues.ToUnixMicros(since));
        command.Parameters.AddWithValue("$limit", newest ?? -1);
        var result = new List<Impression>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellation.ThrowIfCancellationRequested();
            result.Add(Read(reader));
        }

        result.Reverse();
        return result;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Impression> StreamImpressionsAsync(DateTimeOffset? since = null, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        await using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT m.slate_id, u.id, i.id, m.ts, m.position, m.explore, m.cluster, m.propensity, m.model_version, m.placement
            FROM impressions m JOIN user_keys u ON u.key = m.user_key JOIN item_keys i ON i.key = m.item_key
            WHERE m.ts >= $since
            ORDER BY m.seq
            """;
        command.Parameters.AddWithValue("$since", since is { } s ? StoredValues.ToUnixMicros(s) : long.MinValue);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellation.ThrowIfCancellationRequested();
            yield return Read(reader);
        }
    }

    private static Impression Read(Microsoft.Data.Sqlite.SqliteDataReader reader) =>
        new(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            StoredValues.FromUnixMicros(reader.GetInt64(3)),
            reader.GetInt32(4),
            reader.GetInt64(5) != 0,
            reader.IsDBNull(6) ? null : reader.GetString(6),
            reader.GetDouble(7),
            reader.GetInt64(8))
        {
            Placement = reader.IsDBNull(9) ? null : reader.GetString(9),
        };
}
