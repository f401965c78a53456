namespace Penchant.Core.Text;

/// <summary>
/// A light English suffix stripper: plurals, -ing, -ed, -ly, -ness and a final silent e, so that
/// "dresses", "dress"; "loved", "loving", "love"; "comfortably", "comfortable" meet. Stems need not be
/// words; keep the surface form for display.
/// </summary>
/// <remarks>
/// In the spirit of step 1 of Porter, "An algorithm for suffix stripping", Program 14(3), 1980, and of
/// Harman's S-stemmer (JASIS 42(1), 1991), much smaller than either. Words of three letters or fewer,
/// and words with digits, are left alone.
/// </remarks>
public static class LightStemmer
{
    /// <summary>The stem of a lower-case English word.</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length <= 3 || !IsAsciiLetters(word))
        {
            return word;
        }

        var w = word;
        if (w.EndsWith("'s", StringComparison.Ordinal))
        {
            w = w[..^2];
        }

        w = StripPlural(w);
        if (w.Length > 5 && w.EndsWith("ness", StringComparison.Ordinal))
        {
            w = w[..^4];
        }
        else if (w.Length > 5 && w.EndsWith("ly", StringComparison.Ordinal) && !w.EndsWith("ply", StringComparison.Ordinal))
        {
            if (w.EndsWith("bly", StringComparison.Ordinal))
            {
                // comfortably -> comfortable (-> comfortabl below)
                w = w[..^1] + "e";
            }
            else if ((w = w[..^2]).EndsWith('i'))
            {
                // happily -> happy
                w = w[..^1] + "y";
            }
        }
        else if (w.Length > 5 && w.EndsWith("ing", StringComparison.Ordinal) && HasVowel(w.AsSpan(0, w.Length - 3)))
        {
            w = Undouble(w[..^3]);
        }
        else if (w.Length > 4 && w.EndsWith("ed", StringComparison.Ordinal) && !w.EndsWith("eed", StringComparison.Ordinal) && HasVowel(w.AsSpan(0, w.Length - 2)))
        {
            w = w.EndsWith("ied", StringComparison.Ordinal) ? w[..^3] + "y" : Undouble(w[..^2]);
        }

        if (w.Length > 3 && w.EndsWith('e') && !w.EndsWith("ee", StringComparison.Ordinal))
        {
            w = w[..^1];
        }

        return w;
    }

    private static string StripPlural(string w)
    {
        if (w.Length > 4 && w.EndsWith("ies", StringComparison.Ordinal))
        {
            return w[..^3] + "y";
        }

        if (w.Length > 4 && (w.EndsWith("sses", StringComparison.Ordinal) || w.EndsWith("shes", StringComparison.Ordinal)
            || w.EndsWith("ches", StringComparison.Ordinal) || w.EndsWith("xes", StringComparison.Ordinal)))
        {
            return w[..^2];
        }

        if (w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal)
            && !w.EndsWith("is", StringComparison.Ordinal))
        {
            return w[..^1];
        }

        return w;
    }

    private static string Undouble(string w)
    {
        if (w.Length >= 3 && w[^1] == w[^2] && w[^1] is not ('l' or 's' or 'z') && !IsVowel(w[^1]))
        {
            return w[..^1];
        }

        return w;
    }

    private static bool HasVowel(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (IsVowel(c) || c == 'y')
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    private static bool IsAsciiLetters(string w)
    {
        foreach (var c in w)
        {
            if (c is not ((>= 'a' and <= 'z') or '\''))
            {
                return false;
            }
        }

        return true;
    }
}
