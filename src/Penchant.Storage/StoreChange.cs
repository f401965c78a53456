namespace Penchant.Storage;

/// <summary>What a write did to the store's training input, for its <see cref="StoreRevision"/>.</summary>
internal enum StoreChange
{
    /// <summary>Nothing changed.</summary>
    None,

    /// <summary>Items, users or events changed.</summary>
    Changed,

    /// <summary>A shopper's events or row were deleted (erasure, retention): snapshots trained before it hold them.</summary>
    Deleted,
}

/// <summary>The tests each write passes to say what it changed.</summary>
internal static class StoreChanges
{
    public static StoreChange Revises(int changed) => changed > 0 ? StoreChange.Changed : StoreChange.None;

    public static StoreChange Revises(bool changed) => changed ? StoreChange.Changed : StoreChange.None;

    public static StoreChange Revises(WriteResult result) => result.Written > 0 ? StoreChange.Changed : StoreChange.None;

    public static StoreChange Revises(AppendOutcome[] outcomes) => outcomes.Contains(AppendOutcome.Stored) ? StoreChange.Changed : StoreChange.None;

    public static StoreChange Deletes(int deleted) => deleted > 0 ? StoreChange.Deleted : StoreChange.None;

    public static StoreChange Deletes(bool deleted) => deleted ? StoreChange.Deleted : StoreChange.None;

    /// <summary>The statement that records <paramref name="change"/> in <paramref name="table"/>, or null for none.</summary>
    public static string? Statement(StoreChange change, string table) => change switch
    {
        StoreChange.Changed => $"UPDATE {table} SET value = value + 1",
        StoreChange.Deleted => $"UPDATE {table} SET value = value + 1, deletions = deletions + 1",
        _ => null,
    };
}
