namespace Penchant.Storage.Import;

/// <summary>How an importer batches and reports.</summary>
public sealed record ImportOptions
{
    /// <summary>
    /// Rows per store call (one transaction each). Memory stays bounded by this; larger batches write each touched
    /// index page fewer times, and 50,000 events is about 10 MB.
    /// </summary>
    public int BatchSize { get; init; } = 50_000;

    /// <summary>Rejected lines kept in detail; all are counted.</summary>
    public int MaxErrors { get; init; } = 100;

    public static ImportOptions Default { get; } = new();
}
