namespace Penchant.Storage.Import;

/// <summary>Reads one source format into a store, streaming in bounded memory.</summary>
public interface IImporter
{
    /// <summary>The format name used on the command line.</summary>
    string Format { get; }

    /// <summary>
    /// Imports <paramref name="path"/> (a file, or a folder for multi-file formats). Bad lines are rejected and
    /// reported; the good lines around them are kept. Importing the same source twice changes nothing the second time.
    /// </summary>
    Task<ImportReport> ImportAsync(string path, IPenchantStore store, IProgress<ImportProgress>? progress = null, CancellationToken cancellation = default);
}
