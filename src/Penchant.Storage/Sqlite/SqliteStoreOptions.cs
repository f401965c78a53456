namespace Penchant.Storage.Sqlite;

/// <summary>How a <see cref="SqliteStore"/> opens its database file.</summary>
public sealed record SqliteStoreOptions
{
    /// <summary>Durability of commits; <see cref="SqliteSynchronous.Full"/> so that an acknowledged event is on disk.</summary>
    public SqliteSynchronous Synchronous { get; init; } = SqliteSynchronous.Full;

    /// <summary>Page cache of the writing connection in KiB (SQLite's default is 2 MiB).</summary>
    public int CacheSizeKiB { get; init; } = 64 * 1024;

    /// <summary>
    /// WAL size in pages that triggers a checkpoint (SQLite's default is 1,000). A larger log lets bulk writes that
    /// touch the same index pages again and again copy each page back to the database once instead of every batch.
    /// </summary>
    public int WalCheckpointPages { get; init; } = 16_384;

    /// <summary>Entries kept in each in-memory id-to-key cache before it is cleared.</summary>
    public int KeyCacheLimit { get; init; } = 2_000_000;

    public static SqliteStoreOptions Default { get; } = new();
}
