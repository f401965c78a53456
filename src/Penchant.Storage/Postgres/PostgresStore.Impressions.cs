using Npgsql;
using NpgsqlTypes;
using static Penchant.Storage.Postgres.PostgresValues;

namespace Penchant.Storage.Postgres;

// The impression log: served slates keyed by the same surrogate user and item keys as events, so erasure of a user
// removes them with the key.
public sealed partial class PostgresStore : IImpressionLog
{
    /// <inheritdoc />
    public Task<int> AppendImpressionsAsync(IReadOnlyList<Impression> impressions, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(impressions);
        foreach (var impression in impressions)
        {
            ArgumentNullException.ThrowIfNull(impression);
            ArgumentNullException.ThrowIfNull(impression.SlateId);
            ArgumentNullException.ThrowIfNull(impression.UserId);
            ArgumentNullException.ThrowIfNull(impression.ItemId);
        }

        if (impressions.Count == 0)
        {
            return Task.FromResult(0);
        }

        return WriteAsync(
            async (connection, ct) =>
            {
                var insert = new NpgsqlBatchCommand($"""
                    INSERT INTO {_schema}.impressions (slate_id, user_key, item_key, ts, position, explore, cluster, propensity, model_version, placement)
                    SELECT b.slate_id, u.key, i.key, b.ts, b.position, b.explore, b.cluster, b.propensity, b.model_version, b.placement
                    FROM unnest(@slates, @users, @items, @times, @positions, @explores, @clusters, @propensities, @versions, @placements)
                        WITH ORDINALITY AS b(slate_id, user_id, item_id, ts, position, explore, cluster, propensity, model_version, placement, ord)
                    JOIN {_schema}.user_keys u ON u.id = b.user_id
                    JOIN {_schema}.item_keys i ON i.id = b.item_id
                    ORDER BY b.ord
                    """)
                {
                    Parameters =
                    {
                        TextArray("slates", impressions.Select(static i => i.SlateId)),
                        TextArray("users", impressions.Select(static i => i.UserId)),
                        TextArray("items", impressions.Select(static i => i.ItemId)),
                        Parameter("times", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, impressions.Select(static i => ToStoredTime(i.Timestamp)).ToArray()),
                        Parameter("positions", NpgsqlDbType.Array | NpgsqlDbType.Integer, impressions.Select(static i => i.Position).ToArray()),
                        Parameter("explores", NpgsqlDbType.Array | NpgsqlDbType.Boolean, impressions.Select(static i => i.Explore).ToArray()),
                        TextArray("clusters", impressions.Select(static i => i.Cluster)),
                        Parameter("propensities", NpgsqlDbType.Array | NpgsqlDbType.Double, impressions.Select(static i => i.Propensity).ToArray()),
                        Parameter("versions", NpgsqlDbType.Array | NpgsqlDbType.Bigint, impressions.Select(static i => i.ModelVersion).ToArray()),
                        TextArray("placements", impressions.Select(static i => i.Placement)),
                    },
                };
                await using var batch = new NpgsqlBatch(connection)
                {
                    BatchCommands =
                    {
                        InsertKeys("user_keys", impressions.Select(static i => i.UserId)),
                        InsertKeys("item_keys", impressions.Select(static i => i.ItemId)),
                        insert,
                    },
                };
                await batch.ExecuteNonQueryAsync(ct);
                return insert.RecordsAffected;
            },
            cancellation);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Impression>> GetUserImpressionsAsync(string userId, DateTimeOffset since, int? newest = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentOutOfRangeException.ThrowIfNegative(newest ?? 0);
        var result = await QueryAsync(
            $"""
            SELECT m.slate_id, u.id, i.id, m.ts, m.position, m.explore, m.cluster, m.propensity, m.model_version, m.placement
            FROM {_schema}.impressions m
            JOIN {_schema}.user_keys u ON u.key = m.user_key
            JOIN {_schema}.item_keys i ON i.key = m.item_key
            WHERE u.id = @user AND m.ts >= @since
            ORDER BY m.seq DESC
            LIMIT @limit
            """,
            [Text("user", userId), Time("since", since), Parameter("limit", NpgsqlDbType.Bigint, (long?)newest ?? long.MaxValue)],
            ReadImpression,
            cancellation);
        result.Reverse();
        return result;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<Impression> StreamImpressionsAsync(DateTimeOffset? since = null, CancellationToken cancellation = default) =>
        StreamAsync(
            $"""
            SELECT m.slate_id, u.id, i.id, m.ts, m.position, m.explore, m.cluster, m.propensity, m.model_version, m.placement
            FROM {_schema}.impressions m
            JOIN {_schema}.user_keys u ON u.key = m.user_key
            JOIN {_schema}.item_keys i ON i.key = m.item_key
            {(since is null ? "" : "WHERE m.ts >= @since")}
            ORDER BY m.seq
            """,
            since is { } s ? [Time("since", s)] : [],
            ReadImpression,
            cancellation);

    private static Impression ReadImpression(NpgsqlDataReader r) =>
        new(
            r.GetString(0),
            r.GetString(1),
            r.GetString(2),
            r.GetTime(3),
            r.GetInt32(4),
            r.GetBoolean(5),
            r.GetTextOrNull(6),
            r.GetDouble(7),
            r.GetInt64(8))
        {
            Placement = r.GetTextOrNull(9),
        };
}
