namespace Penchant.Storage.Import;

/// <summary>How far an import has got.</summary>
/// <param name="File">The file being read.</param>
/// <param name="BytesDone">Bytes read so far, over every file of the import.</param>
/// <param name="BytesTotal">Bytes to read in all, over every file of the import.</param>
/// <param name="Lines">Lines read so far, over every file.</param>
public readonly record struct ImportProgress(string File, long BytesDone, long BytesTotal, long Lines)
{
    /// <summary>Fraction done, 0 to 1.</summary>
    public double Fraction => BytesTotal <= 0 ? 1.0 : Math.Clamp((double)BytesDone / BytesTotal, 0.0, 1.0);
}
