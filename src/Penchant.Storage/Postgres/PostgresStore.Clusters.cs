using Npgsql;
using NpgsqlTypes;
using Penchant.Core.Clustering;
using static Penchant.Storage.Postgres.PostgresValues;

namespace Penchant.Storage.Postgres;

// The served interest clusters: one row per cluster (lists as text[]) and the next free id.
public sealed partial class PostgresStore
{
    /// <inheritdoc />
    public Task SaveInterestClustersAsync(InterestClusters clusters, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        return WriteAsync(
            async (connection, ct) =>
            {
                await using var batch = new NpgsqlBatch(connection) { BatchCommands = { new($"DELETE FROM {_schema}.interest_clusters") } };
                foreach (var cluster in clusters.Clusters)
                {
                    batch.BatchCommands.Add(new($"""
                        INSERT INTO {_schema}.interest_clusters (id, label, categories, keywords, members)
                        VALUES (@id, @label, @categories, @keywords, @members)
                        """)
                    {
                        Parameters =
                        {
                            Parameter("id", NpgsqlDbType.Integer, cluster.Id),
                            Text("label", cluster.Label),
                            TextArray("categories", cluster.Categories),
                            TextArray("keywords", cluster.Keywords),
                            TextArray("members", cluster.Members),
                        },
                    });
                }

                batch.BatchCommands.Add(new($"""
                    INSERT INTO {_schema}.interest_cluster_state (singleton, next_id) VALUES (0, @next)
                    ON CONFLICT (singleton) DO UPDATE SET next_id = excluded.next_id
                    """)
                {
                    Parameters = { Parameter("next", NpgsqlDbType.Integer, clusters.NextId) },
                });
                return await batch.ExecuteNonQueryAsync(ct);
            },
            cancellation);
    }

    /// <inheritdoc />
    /// <remarks>One statement reads both tables, so a save running alongside is seen whole or not at all.</remarks>
    public async Task<InterestClusters?> LoadInterestClustersAsync(CancellationToken cancellation = default)
    {
        var rows = await QueryAsync(
            $"""
            SELECT s.next_id, c.id, c.label, c.categories, c.keywords, c.members
            FROM {_schema}.interest_cluster_state s LEFT JOIN {_schema}.interest_clusters c ON true
            ORDER BY c.id
            """,
            [],
            static r => (NextId: r.GetInt32(0), Cluster: r.IsDBNull(1)
                ? null
                : new InterestCluster(r.GetInt32(1), r.GetString(2), r.GetFieldValue<string[]>(3), r.GetFieldValue<string[]>(4), r.GetFieldValue<string[]>(5))),
            cancellation);
        return rows.Count == 0 ? null : InterestClusters.Restore([.. rows.Select(static r => r.Cluster).OfType<InterestCluster>()], rows[0].NextId);
    }
}
