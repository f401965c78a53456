namespace Penchant.Storage;

/// <summary>
/// A store that several servers share (PostgreSQL) hands out one training lease at a time, so that of the servers
/// over one database one trains while the others wait and then serve the snapshot it saved instead of training the
/// same model again. The SQLite store does not: one server owns its file.
/// </summary>
public interface ITrainingLease
{
    /// <summary>Waits until no other holder has the lease and takes it; disposing the result gives it back.</summary>
    Task<IAsyncDisposable> AcquireTrainingLeaseAsync(CancellationToken cancellation = default);
}
