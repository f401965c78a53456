namespace Penchant.Storage.Sqlite;

/// <summary>SQLite's <c>PRAGMA synchronous</c> levels that make sense with write-ahead logging.</summary>
public enum SqliteSynchronous
{
    /// <summary>The WAL is synced at every commit: a committed write survives power loss. The default.</summary>
    Full,

    /// <summary>The WAL is synced at checkpoints only: faster, but the last commits may be lost on power loss (never corrupted).</summary>
    Normal,
}
