namespace Penchant.Core.Privacy;

/// <summary>
/// A user id as it may appear in logs and audit records: only its pseudonym. Formatting (string
/// interpolation, structured logging, <see cref="ToString()"/>) yields the pseudonym; the raw id is never held.
/// </summary>
/// <param name="Pseudonym">The pseudonym, or "-" when there was no user.</param>
public readonly record struct RedactedUserId(string Pseudonym) : ISpanFormattable
{
    /// <summary>Stands for "no user".</summary>
    public static RedactedUserId None { get; } = new("-");

    public override string ToString() => Pseudonym ?? "-";

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        var text = ToString();
        if (text.TryCopyTo(destination))
        {
            charsWritten = text.Length;
            return true;
        }

        charsWritten = 0;
        return false;
    }
}
