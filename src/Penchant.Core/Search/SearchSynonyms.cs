using Penchant.Core.Text;

namespace Penchant.Core.Search;

/// <summary>
/// Synonym sets (<see cref="SynonymSet"/>) read into the terms of one tokenizer, for <see cref="ItemSearchIndex.Search"/>:
/// each entry that expands (every entry of a two-way set, the first of a one-way set) maps its term sequence to the
/// entries it also finds, itself first. An entry in several sets finds the entries of all of them. Immutable and
/// thread-safe.
/// </summary>
/// <remarks>
/// Entries are read as the search reads words: stemmed ("tees" is "tee"), stop words and one-letter words left out
/// (so "t-shirt" is the word "shirt"), Chinese as character pairs. A query is matched against the entries as term
/// sequences, longest first, left to right, as Elasticsearch's synonym graph and Lucene's SynonymGraphFilter match
/// multi-word synonyms.
/// </remarks>
public sealed class SearchSynonyms
{
    private const char Separator = '\u001F';

    private readonly Dictionary<string, SynonymExpansion> _byKey;

    // The first term of each expanding entry, and for each the entries' lengths in terms, longest first: a query's
    // term that starts none is passed over at once, and only the lengths there are are tried.
    private readonly Dictionary<string, int[]> _lengthsByFirst;

    // The expanding entries as written, lower case, in ordinal order: for completions by prefix.
    private readonly string[] _expandingDisplays;

    private SearchSynonyms(TokenizerOptions tokenizer, IReadOnlyList<SynonymSet> sets, Dictionary<string, SynonymExpansion> byKey)
    {
        Tokenizer = tokenizer;
        Sets = sets;
        _byKey = byKey;
        _expandingDisplays = [.. byKey.Values.Select(static e => e.Display.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        _lengthsByFirst = byKey.Keys.Select(static k => k.Split(Separator))
            .GroupBy(static t => t[0], StringComparer.Ordinal)
            .ToDictionary(static g => g.Key, static g => g.Select(static t => t.Length).Distinct().OrderDescending().ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The tokenizer the entries were read with; an index searched with them must use the same.</summary>
    public TokenizerOptions Tokenizer { get; }

    /// <summary>The sets, as given.</summary>
    public IReadOnlyList<SynonymSet> Sets { get; }

    /// <summary>Whether no entry expands (a search with these is a plain search).</summary>
    public bool IsEmpty => _byKey.Count == 0;

    /// <summary>
    /// Reads <paramref name="sets"/> with the tokenizer of <paramref name="tokenizer"/> (<see cref="TokenizerOptions.Search"/>
    /// when null, as <see cref="ItemSearchOptions"/> has it). Throws when a set has a problem (<see cref="SynonymSet.Problems"/>).
    /// </summary>
    public static SearchSynonyms Build(IEnumerable<SynonymSet> sets, TokenizerOptions? tokenizer = null)
    {
        ArgumentNullException.ThrowIfNull(sets);
        tokenizer ??= TokenizerOptions.Search;
        var reader = new TextTokenizer(tokenizer);
        var given = sets.ToList();

        // Each expanding entry's key with the keys of the entries it finds (itself first), and each entry's display (as
        // first written) and distinct terms.
        var found = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var terms = new Dictionary<string, (string Display, string[] Terms)>(StringComparer.Ordinal);
        foreach (var set in given)
        {
            ArgumentNullException.ThrowIfNull(set);
            if (SynonymSet.Problems(set.Words, reader) is [var (field, message), ..])
            {
                throw new ArgumentException($"A synonym set's {field} is not valid: {message}", nameof(sets));
            }

            var entries = new List<string>();
            foreach (var word in set.Words)
            {
                var tokens = reader.Tokenize(word);
                var key = KeyOf(tokens)!;
                var display = string.Join(' ', word.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                terms.TryAdd(key, (display, [.. tokens.Distinct(StringComparer.Ordinal)]));
                entries.Add(key);
            }

            foreach (var key in set.OneWay ? entries.Take(1) : entries)
            {
                if (!found.TryGetValue(key, out var alternatives))
                {
                    found[key] = alternatives = [key];
                }

                foreach (var other in entries)
                {
                    if (!alternatives.Contains(other))
                    {
                        alternatives.Add(other);
                    }
                }
            }
        }

        // Words whose alternatives are the same set of entries are one group, so a query counts such a group once.
        var groups = new Dictionary<string, int>(StringComparer.Ordinal);
        var byKey = new Dictionary<string, SynonymExpansion>(StringComparer.Ordinal);
        foreach (var (key, keys) in found)
        {
            var group = string.Join('\u001E', keys.Order(StringComparer.Ordinal));
            if (!groups.TryGetValue(group, out var id))
            {
                groups[group] = id = groups.Count;
            }

            byKey[key] = new SynonymExpansion(id, terms[key].Display, [.. keys.Select(k => new SynonymAlternative(terms[k].Display, terms[k].Terms))]);
        }

        return new SearchSynonyms(tokenizer, given, byKey);
    }

    /// <summary>
    /// What a search for <paramref name="phrase"/> alone also looks for: the entries it finds, itself first, as the sets
    /// write them; empty when it is no entry that expands.
    /// </summary>
    public IReadOnlyList<string> Expand(string phrase)
    {
        var key = KeyOf(new TextTokenizer(Tokenizer).Tokenize(phrase));
        return key is not null && _byKey.TryGetValue(key, out var expansion) ? [.. expansion.Alternatives.Select(static a => a.Display)] : [];
    }

    /// <summary>
    /// The entries that expand (every entry of a two-way set, the first of a one-way set), as the sets write them in lower
    /// case, that start with <paramref name="prefix"/> (compared in lower case), in text order, at most
    /// <paramref name="count"/>: what a shopper typing the start of a word the catalogue may lack can be offered.
    /// </summary>
    public IReadOnlyList<string> ExpandingStartingWith(string prefix, int count)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        prefix = prefix.ToLowerInvariant();
        if (prefix.Length == 0)
        {
            return [];
        }

        var from = Array.BinarySearch(_expandingDisplays, prefix, StringComparer.Ordinal);
        from = from < 0 ? ~from : from;
        var result = new List<string>();
        for (var d = from; d < _expandingDisplays.Length && result.Count < count && _expandingDisplays[d].StartsWith(prefix, StringComparison.Ordinal); d++)
        {
            result.Add(_expandingDisplays[d]);
        }

        return result;
    }

    /// <summary>
    /// The spans of <paramref name="terms"/> (a query's terms in order) that are entries, longest first at each place,
    /// left to right, without overlaps.
    /// </summary>
    internal List<(int Start, int Length, SynonymExpansion Expansion)> Match(List<string> terms)
    {
        var spans = new List<(int Start, int Length, SynonymExpansion Expansion)>();
        for (var k = 0; k < terms.Count;)
        {
            var matched = 0;
            if (_lengthsByFirst.TryGetValue(terms[k], out var lengths))
            {
                foreach (var length in lengths)
                {
                    if (length <= terms.Count - k && _byKey.TryGetValue(KeyOf(terms.GetRange(k, length))!, out var expansion))
                    {
                        spans.Add((k, length, expansion));
                        matched = length;
                        break;
                    }
                }
            }

            k += Math.Max(1, matched);
        }

        return spans;
    }

    /// <summary>The key of a term sequence (its terms joined by a separator no term holds); null for none.</summary>
    internal static string? KeyOf(List<string> terms) => terms.Count == 0 ? null : string.Join(Separator, terms);
}

/// <summary>An entry a synonym word finds: as the set writes it, and its distinct terms.</summary>
internal sealed record SynonymAlternative(string Display, string[] Terms);

/// <summary>
/// What an entry expands to: its group (equal for entries whose alternatives are the same entries), its display as the
/// set writes it, and its alternatives, itself first.
/// </summary>
internal sealed record SynonymExpansion(int Group, string Display, SynonymAlternative[] Alternatives);
