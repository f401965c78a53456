namespace Penchant.Storage.Sqlite;

// The training lease: an exclusive lock on a file beside the database, so that servers over one file train one at a time.
public sealed partial class SqliteStore : ITrainingLease
{
    /// <summary>Added to the database's path for the lease's lock file (empty; it holds no data).</summary>
    public const string LeaseSuffix = ".train-lock";

    /// <inheritdoc />
    /// <remarks>
    /// The file beside the database opened with no sharing, which the runtime holds as an exclusive lock on the file
    /// (on Linux, <c>flock</c>): other processes and other stores in this one wait, polling every 100 ms. A process that
    /// dies gives it back with its open files.
    /// </remarks>
    public async Task<IAsyncDisposable> AcquireTrainingLeaseAsync(CancellationToken cancellation = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            try
            {
                return new FileStream(Path + LeaseSuffix, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException e) when (e is not (DirectoryNotFoundException or FileNotFoundException or PathTooLongException))
            {
                // Held by another server (or another store in this process): wait and try again.
                await Task.Delay(100, cancellation);
            }
        }
    }
}
