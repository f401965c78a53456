namespace Penchant.Storage;

/// <summary>
/// A store that keeps the server's saved serving snapshot itself, as one opaque blob, so that a server without a disk
/// of its own (a container beside a database server) restarts from it. The SQLite store does not: its snapshot is a
/// file beside the database.
/// </summary>
public interface ISnapshotBlobStore
{
    /// <summary>Where the blob is kept, in words (for status and logs).</summary>
    string SnapshotLocation { get; }

    /// <summary>
    /// Replaces the blob with the whole of <paramref name="content"/>, in one transaction; when
    /// <paramref name="deletions"/> is given, only while the store's <see cref="StoreRevision.Deletions"/> is still that
    /// (a snapshot trained before an erasure must not be written after it, by any process). Whether it was written.
    /// </summary>
    Task<bool> SaveSnapshotAsync(Stream content, long? deletions = null, CancellationToken cancellation = default);

    /// <summary>A readable stream over the blob, or null when there is none. The caller disposes it.</summary>
    Task<Stream?> OpenSnapshotAsync(CancellationToken cancellation = default);

    /// <summary>At most the first <paramref name="maxBytes"/> bytes of the blob (its header), or null when there is none.</summary>
    Task<byte[]?> ReadSnapshotHeadAsync(int maxBytes, CancellationToken cancellation = default);

    /// <summary>Deletes the blob; whether there was one.</summary>
    Task<bool> DeleteSnapshotAsync(CancellationToken cancellation = default);
}
