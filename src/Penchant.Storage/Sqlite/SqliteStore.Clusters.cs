using Penchant.Core.Clustering;

namespace Penchant.Storage.Sqlite;

// The served interest clusters: one row per cluster (lists as JSON text) and the next free id.
public sealed partial class SqliteStore
{
    /// <inheritdoc />
    public Task SaveInterestClustersAsync(InterestClusters clusters, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        return WriteAsync(
            commands =>
            {
                ExecuteOn(commands, "DELETE FROM interest_clusters");
                foreach (var cluster in clusters.Clusters)
                {
                    ExecuteOn(
                        commands,
                        "INSERT INTO interest_clusters (id, label, categories, keywords, members) VALUES ($id, $label, $categories, $keywords, $members)",
                        ("$id", cluster.Id),
                        ("$label", cluster.Label),
                        ("$categories", StoredValues.ListToJson(cluster.Categories)),
                        ("$keywords", StoredValues.ListToJson(cluster.Keywords)),
                        ("$members", StoredValues.ListToJson(cluster.Members)));
                }

                return ExecuteOn(
                    commands,
                    "INSERT INTO interest_cluster_state (singleton, next_id) VALUES (0, $next) ON CONFLICT (singleton) DO UPDATE SET next_id = excluded.next_id",
                    ("$next", clusters.NextId));
            },
            cancellation);
    }

    /// <inheritdoc />
    /// <remarks>Both tables are read in one transaction, so a save running alongside is seen whole or not at all.</remarks>
    public async Task<InterestClusters?> LoadInterestClustersAsync(CancellationToken cancellation = default)
    {
        await using var connection = OpenReader();
        using var transaction = connection.BeginTransaction(deferred: true);
        using var state = connection.CreateCommand();
        state.Transaction = transaction;
        state.CommandText = "SELECT next_id FROM interest_cluster_state";
        if (state.ExecuteScalar() is not long next)
        {
            return null;
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT id, label, categories, keywords, members FROM interest_clusters ORDER BY id";
        using var reader = command.ExecuteReader();
        var clusters = new List<InterestCluster>();
        while (reader.Read())
        {
            cancellation.ThrowIfCancellationRequested();
            clusters.Add(new InterestCluster(
                reader.GetInt32(0),
                reader.GetString(1),
                StoredValues.JsonToList(reader.GetString(2)) ?? [],
                StoredValues.JsonToList(reader.GetString(3)) ?? [],
                StoredValues.JsonToList(reader.GetString(4)) ?? []));
        }

        return InterestClusters.Restore(clusters, checked((int)next));
    }
}
