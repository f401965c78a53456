namespace Penchant.Core.Text;

/// <summary>Options for <see cref="TextTokenizer"/>.</summary>
/// <param name="Stem">Strip English suffixes with <see cref="LightStemmer"/>.</param>
/// <param name="RemoveStopWords">Drop <see cref="StopWords"/> (and Han bigrams with a stop character in them).</param>
/// <param name="HanUnigrams">Emit single Han characters besides the bigrams (useful for one-character words such as 鞋, 裙).</param>
/// <param name="KeepNumbers">Emit numbers (sizes, model numbers) as terms.</param>
/// <param name="MinWordLength">Shorter English words are dropped.</param>
/// <param name="KeepProductWords">
/// Keep the English stop words that tell products apart (<see cref="StopWords.ProductWords"/>: "down" in "down jacket",
/// "over" in "over-ear", "no" in "no-show"), for catalogue search.
/// </param>
public sealed record TokenizerOptions(
    bool Stem = true,
    bool RemoveStopWords = true,
    bool HanUnigrams = true,
    bool KeepNumbers = true,
    int MinWordLength = 2,
    bool KeepProductWords = false)
{
    public static TokenizerOptions Default { get; } = new();

    /// <summary>Catalogue search's: the default, keeping the stop words that tell products apart.</summary>
    public static TokenizerOptions Search { get; } = new(MinWordLength: 1, KeepProductWords: true);
}

/// <summary>
/// Turns English, Chinese or mixed text into index terms: NFKC and lower case, words stemmed and
/// stop words dropped, numbers kept, each run of Han characters cut into overlapping character bigrams
/// (plus unigrams), so no Chinese word dictionary is needed.
/// </summary>
/// <remarks>
/// Overlapping bigrams are the usual dictionary-free indexing unit for Chinese; see Nie, Gao, Zhang and
/// Zhou, "On the use of words and n-grams for Chinese information retrieval", IRAL 2000.
/// Thread-safe: the tokenizer holds only its options.
/// </remarks>
public sealed class TextTokenizer(TokenizerOptions? options = null)
{
    public TokenizerOptions Options { get; } = options ?? TokenizerOptions.Default;

    /// <summary>The terms of <paramref name="text"/>, in order.</summary>
    public List<string> Tokenize(string? text)
    {
        var terms = new List<string>();
        Tokenize(text, terms);
        return terms;
    }

    /// <summary>
    /// Appends the terms of <paramref name="text"/> to <paramref name="terms"/> and, when given, the
    /// surface form each term came from to <paramref name="surfaces"/> (for readable keywords).
    /// </summary>
    public void Tokenize(string? text, List<string> terms, List<string>? surfaces = null)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        foreach (var token in TextLexer.Lex(text))
        {
            switch (token.Kind)
            {
                case TokenKind.Word:
                    AddWord(token.Text, terms, surfaces);
                    break;
                case TokenKind.Number when Options.KeepNumbers:
                    Add(token.Text.Replace(",", string.Empty, StringComparison.Ordinal), token.Text, terms, surfaces);
                    break;
                case TokenKind.Han:
                    AddHan(token.Text, terms, surfaces);
                    break;
                default:
                    break;
            }
        }
    }

    private void AddWord(string word, List<string> terms, List<string>? surfaces)
    {
        if (word.Length < Options.MinWordLength
            || (Options.RemoveStopWords && StopWords.English.Contains(word) && !(Options.KeepProductWords && StopWords.ProductWords.Contains(word))))
        {
            return;
        }

        var surface = word.EndsWith("'s", StringComparison.Ordinal) ? word[..^2] : word;
        Add(Options.Stem ? LightStemmer.Stem(word) : word, surface, terms, surfaces);
    }

    private void AddHan(string run, List<string> terms, List<string>? surfaces)
    {
        var stop = Options.RemoveStopWords;
        for (var i = 0; i < run.Length; i++)
        {
            var c = run.Substring(i, 1);
            var isStop = StopWords.Chinese.Contains(c);
            if ((Options.HanUnigrams || run.Length == 1) && !(stop && isStop))
            {
                Add(c, c, terms, surfaces);
            }

            if (i + 1 < run.Length)
            {
                var bigram = run.Substring(i, 2);
                var nextStop = StopWords.Chinese.Contains(run.Substring(i + 1, 1));
                if (!(stop && (StopWords.Chinese.Contains(bigram) || isStop || nextStop)))
                {
                    Add(bigram, bigram, terms, surfaces);
                }
            }
        }
    }

    private static void Add(string term, string surface, List<string> terms, List<string>? surfaces)
    {
        terms.Add(term);
        surfaces?.Add(surface);
    }
}
