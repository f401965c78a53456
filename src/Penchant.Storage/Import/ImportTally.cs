namespace Penchant.Storage.Import;

/// <summary>Rows of one kind: newly stored or changed, and already stored unchanged.</summary>
public readonly record struct ImportTally(long Accepted, long Duplicates)
{
    public static ImportTally operator +(ImportTally a, WriteResult b) => new(a.Accepted + b.Written, a.Duplicates + b.Unchanged);
}
