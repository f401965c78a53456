using Penchant.Core.Text;

namespace Penchant.Core.Search;

/// <summary>
/// Words or phrases a search reads as one another (<see cref="SearchSynonyms"/>): two-way, every entry finds the
/// items of every other ("tee", "t-shirt"); one-way, the first entry also finds the others' items but they stay
/// themselves ("laptop" finds "notebook", "notebook" does not find "laptop").
/// </summary>
/// <param name="Words">2 to <see cref="MaxWords"/> entries, each a word or phrase of at most <see cref="MaxLength"/> characters.</param>
/// <param name="OneWay">Only the first entry is expanded to the others.</param>
public sealed record SynonymSet(IReadOnlyList<string> Words, bool OneWay = false)
{
    /// <summary>The most entries a set holds.</summary>
    public const int MaxWords = 20;

    /// <summary>The longest entry, in characters.</summary>
    public const int MaxLength = 100;

    /// <summary>
    /// What is wrong with <paramref name="words"/> as a set's entries, as (field, message) pairs naming <c>words</c> or
    /// <c>words[i]</c>; none when they make a set. An entry must have a word <paramref name="tokenizer"/> keeps (not only
    /// stop words, one-letter words or punctuation), and the set at least two entries that differ as searched ("tee" and
    /// "tees" are one word to the search).
    /// </summary>
    public static IReadOnlyList<(string Field, string Message)> Problems(IReadOnlyList<string?>? words, TextTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        if (words is null || words.Count is < 2 or > MaxWords)
        {
            return [("words", $"words must list 2 to {MaxWords} words or phrases, not {words?.Count ?? 0}")];
        }

        var problems = new List<(string Field, string Message)>();
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++)
        {
            var field = $"words[{i}]";
            var word = words[i];
            if (string.IsNullOrWhiteSpace(word))
            {
                problems.Add((field, $"{field} must be a word or phrase, not empty"));
            }
            else if (word.Length > MaxLength)
            {
                problems.Add((field, $"{field} may be at most {MaxLength} characters, not {word.Length}"));
            }
            else if (SearchSynonyms.KeyOf(tokenizer.Tokenize(word)) is not { } key)
            {
                problems.Add((field, $"{field} ('{word}') has no word the search reads: stop words, one-letter words and punctuation are left out"));
            }
            else
            {
                distinct.Add(key);
            }
        }

        if (problems.Count == 0 && distinct.Count < 2)
        {
            problems.Add(("words", "words must hold at least two different words or phrases as the search reads them (it reads \"tee\" and \"tees\" as one)"));
        }

        return problems;
    }
}
