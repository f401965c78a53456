using System.Text;

namespace Penchant.Core.Text;

/// <summary>
/// Brings text to one comparable form: Unicode NFKC, then lower case (invariant culture).
/// </summary>
/// <remarks>
/// The build runs with invariant globalization, where <see cref="string.Normalize(NormalizationForm)"/>
/// leaves non-ASCII text unchanged, so the compatibility mappings that matter for shop text are also
/// applied here by hand: full-width ASCII (ＡＢＣ１２３，！) to ASCII, the ideographic space, typographic
/// quotes, the Latin ligatures ﬀ ﬁ ﬂ ﬃ ﬄ, no-break spaces and the ellipsis.
/// </remarks>
public static class TextNormalizer
{
    /// <summary>The NFKC-folded, lower-cased form of <paramref name="text"/>.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        string s;
        try
        {
            s = text.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            // Ill-formed UTF-16 (a lone surrogate): fold what can be folded below.
            s = text;
        }

        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            switch (c)
            {
                case >= '\uFF01' and <= '\uFF5E':
                    sb.Append(char.ToLowerInvariant((char)(c - 0xFEE0)));
                    break;
                case '\u3000' or '\u00A0' or '\u2007' or '\u202F' or '\u2002' or '\u2003' or '\u2009':
                    sb.Append(' ');
                    break;
                case '\u2018' or '\u2019' or '\u02BC' or '\u2032' or '\u00B4':
                    sb.Append('\'');
                    break;
                case '\u201C' or '\u201D':
                    sb.Append('"');
                    break;
                case '\u2026':
                    sb.Append("...");
                    break;
                case '\uFB00':
                    sb.Append("ff");
                    break;
                case '\uFB01':
                    sb.Append("fi");
                    break;
                case '\uFB02':
                    sb.Append("fl");
                    break;
                case '\uFB03':
                    sb.Append("ffi");
                    break;
                case '\uFB04':
                    sb.Append("ffl");
                    break;
                case '\uFF61':
                    sb.Append('。');
                    break;
                default:
                    sb.Append(char.ToLowerInvariant(c));
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>Whether <paramref name="c"/> is a Han (Chinese) character of the basic, extension-A or compatibility blocks.</summary>
    public static bool IsHan(char c) => c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\uF900' and <= '\uFAFF');
}
