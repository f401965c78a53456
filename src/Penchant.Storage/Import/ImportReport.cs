namespace Penchant.Storage.Import;

/// <summary>What an import did.</summary>
/// <param name="Items">Items stored or changed, and items already there.</param>
/// <param name="Users">Users stored or changed, and users already there.</param>
/// <param name="Events">Events stored, and events whose id was already there.</param>
/// <param name="Rejected">Lines rejected, all counted.</param>
/// <param name="Errors">The first rejected lines in detail (at most <see cref="ImportOptions.MaxErrors"/>).</param>
/// <param name="Elapsed">Wall-clock time of the import.</param>
/// <param name="Files">The files read, in order.</param>
public sealed record ImportReport(
    ImportTally Items,
    ImportTally Users,
    ImportTally Events,
    long Rejected,
    IReadOnlyList<ImportError> Errors,
    TimeSpan Elapsed,
    IReadOnlyList<string> Files)
{
    /// <summary>Rows of every kind newly stored or changed.</summary>
    public long Accepted => Items.Accepted + Users.Accepted + Events.Accepted;

    /// <summary>Rows of every kind that were already stored unchanged.</summary>
    public long Duplicates => Items.Duplicates + Users.Duplicates + Events.Duplicates;
}
