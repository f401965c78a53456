using System.Text;
using Penchant.Core.Text;

namespace Penchant.Core.Search;

/// <summary>
/// The form in which shoppers' searches are counted together: "Trail  Shoes!" and "trail shoes" are one search.
/// Folded as all shop text is (<see cref="TextNormalizer"/>: NFKC, full-width forms to ASCII, lower case), runs of white space and punctuation between words made one space, punctuation at either end
/// dropped, at most <see cref="MaxLength"/> characters; letters, digits and the marks within a word ("t-shirt", "4.5")
/// are kept as typed, so the counted form still reads as the shopper wrote it.
/// </summary>
public static class SearchQueryText
{
    /// <summary>The longest normalised query; longer ones are cut at a word boundary where there is one.</summary>
    public const int MaxLength = 200;

    /// <summary>The normalised query, or null when <paramref name="text"/> holds no letter or digit.</summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = TextNormalizer.Normalize(text);
        var builder = new StringBuilder(Math.Min(text.Length, MaxLength + 1));
        var pendingSpace = false;
        foreach (var piece in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var trimmed = TrimPunctuation(piece);
            if (trimmed.Length == 0)
            {
                continue;
            }

            var word = trimmed;
            if (builder.Length + (pendingSpace ? 1 : 0) + word.Length > MaxLength)
            {
                if (builder.Length == 0)
                {
                    builder.Append(word, 0, MaxLength);
                }

                break;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
            }

            builder.Append(word);
            pendingSpace = true;
        }

        return builder.Length == 0 ? null : builder.ToString();
    }

    // The piece without the punctuation and symbols at its ends.
    private static string TrimPunctuation(string piece)
    {
        var start = 0;
        var end = piece.Length;
        while (start < end && !char.IsLetterOrDigit(piece[start]))
        {
            start++;
        }

        while (end > start && !char.IsLetterOrDigit(piece[end - 1]))
        {
            end--;
        }

        return piece[start..end];
    }
}
