namespace Penchant.Storage.Import;

/// <summary>A rejected line: where it is and why.</summary>
/// <param name="File">The file name (without its folder).</param>
/// <param name="Line">1-based line number; for a quoted CSV record spanning lines, its first line.</param>
/// <param name="Reason">What is wrong with it.</param>
public sealed record ImportError(string File, long Line, string Reason)
{
    public override string ToString() => $"{File}:{Line}: {Reason}";
}
