namespace Penchant.Core.Privacy;

/// <summary>Masked text and how many of each kind of personal data were replaced.</summary>
/// <param name="Text">The text with every finding replaced by its token.</param>
/// <param name="Counts">Replacements per kind; kinds not found are absent.</param>
public sealed record PiiMaskResult(string Text, IReadOnlyDictionary<PiiKind, int> Counts)
{
    /// <summary>How many replacements were made in all.</summary>
    public int Total => Counts.Values.Sum();

    /// <summary>How many of <paramref name="kind"/> were replaced.</summary>
    public int CountOf(PiiKind kind) => Counts.GetValueOrDefault(kind);
}
