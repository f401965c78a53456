namespace Penchant.Core.Text;

/// <summary>
/// Splits normalised text into words, numbers, runs of Han characters and punctuation marks; whitespace
/// and other symbols separate tokens and are dropped.
/// </summary>
public static class TextLexer
{
    /// <summary>Normalises <paramref name="text"/> (see <see cref="TextNormalizer"/>) and lexes it.</summary>
    public static List<TextToken> Lex(string? text)
    {
        var tokens = new List<TextToken>();
        LexNormalized(TextNormalizer.Normalize(text), tokens);
        return tokens;
    }

    /// <summary>Lexes text already normalised by <see cref="TextNormalizer.Normalize"/>, appending to <paramref name="tokens"/>.</summary>
    public static void LexNormalized(string s, List<TextToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(tokens);
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (TextNormalizer.IsHan(c))
            {
                var start = i;
                while (i < s.Length && TextNormalizer.IsHan(s[i]))
                {
                    i++;
                }

                tokens.Add(new TextToken(s[start..i], TokenKind.Han));
            }
            else if (IsWordChar(s, i))
            {
                var start = i;
                var hasLetter = false;
                while (i < s.Length)
                {
                    if (IsWordChar(s, i))
                    {
                        hasLetter |= char.IsLetter(s[i]);
                        i++;
                    }
                    else if (s[i] == '\'' && i + 1 < s.Length && char.IsLetter(s[i + 1]) && !TextNormalizer.IsHan(s[i + 1]))
                    {
                        i++;
                    }
                    else if (!hasLetter && s[i] is '.' or ',' && i + 1 < s.Length && char.IsDigit(s[i + 1]))
                    {
                        // 4.5 and 1,000 stay one number.
                        i++;
                    }
                    else
                    {
                        break;
                    }
                }

                var word = s[start..i];
                tokens.Add(new TextToken(word, hasLetter ? TokenKind.Word : TokenKind.Number));
            }
            else
            {
                if (c is '.' or ',' or ';' or ':' or '!' or '?' or '。' or '、')
                {
                    tokens.Add(new TextToken(c.ToString(), TokenKind.Punctuation));
                }

                i++;
            }
        }
    }

    private static bool IsWordChar(string s, int i)
    {
        var c = s[i];
        if (TextNormalizer.IsHan(c))
        {
            return false;
        }

        if (char.IsLetterOrDigit(c))
        {
            return true;
        }

        // Combining marks inside a word (decomposed accents).
        return i > 0 && char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark
            && char.IsLetter(s[i - 1]);
    }
}
