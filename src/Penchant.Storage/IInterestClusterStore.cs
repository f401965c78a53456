using Penchant.Core.Clustering;

namespace Penchant.Storage;

/// <summary>
/// The interest clusters the server serves, kept so that a restarted server matches its next training against
/// them and cluster ids stay stable across restarts, not only across retrains within one process.
/// </summary>
public interface IInterestClusterStore
{
    /// <summary>Replaces the stored clusters with <paramref name="clusters"/>, in one transaction.</summary>
    /// <param name="clusters">The clusters now serving (their ids, labels, categories, keywords, members and next id).</param>
    /// <param name="cancellation">Cancels the wait for the writer.</param>
    Task SaveInterestClustersAsync(InterestClusters clusters, CancellationToken cancellation = default);

    /// <summary>The clusters last saved, or null when none were; the item-to-cluster map is empty (see <see cref="InterestClusters.Restore"/>).</summary>
    /// <param name="cancellation">Cancels the read.</param>
    Task<InterestClusters?> LoadInterestClustersAsync(CancellationToken cancellation = default);
}
