using System.Buffers;
using Penchant.Core.Data;
using Penchant.Core.Text;

namespace Penchant.Core.Search;

/// <summary>Options for <see cref="ItemSearchIndex"/>.</summary>
/// <param name="Fields">How much one occurrence of a term counts in each item field; <see cref="TextFieldWeights.Default"/> when null.</param>
/// <param name="K1">BM25 term-frequency saturation.</param>
/// <param name="B">BM25 length normalisation, 0 (none) to 1 (full).</param>
/// <param name="Tokenizer">How item text and queries are cut into terms; <see cref="TokenizerOptions.Search"/> when null (the index's options then name it).</param>
/// <param name="Correct">Read a query word no item has as the catalogue's closest word, when one is close enough (<see cref="ItemSearchIndex.Closest"/>).</param>
public sealed record ItemSearchOptions(TextFieldWeights? Fields = null, float K1 = 1.2f, float B = 0.75f, TokenizerOptions? Tokenizer = null, bool Correct = true);

/// <summary>A query word no item has, read as the catalogue's closest word.</summary>
/// <param name="Typed">The word as typed.</param>
/// <param name="Used">The catalogue's word searched for in its place, as most often written there (lower case).</param>
public readonly record struct SearchCorrection(string Typed, string Used);

/// <summary>A span of the query read through a synonym set (<see cref="SearchSynonyms"/>): one query word that finds any of its alternatives.</summary>
/// <param name="Typed">The words matched, as the set writes them (<see cref="SearchResult.Words"/> has them as one word).</param>
/// <param name="Searched">The alternatives searched for them, as the sets write them, the typed words first.</param>
public sealed record SearchExpansion(string Typed, IReadOnlyList<string> Searched);

/// <summary>A query word an item matched, and how.</summary>
/// <param name="Word">What the item holds: the query word, or the synonym of it the item matched (as its set writes it).</param>
/// <param name="For">The query word <paramref name="Word"/> stands in for, when the item matched a synonym of it rather than the word itself; null otherwise.</param>
public readonly record struct SearchWordMatch(string Word, string? For);

/// <summary>A completion of what is being typed: the words so far with the last one completed, and how many items have them all.</summary>
public readonly record struct SearchSuggestion(string Text, int Items);

/// <summary>One item a query matched: its index, its relevance, and which of the query's words it matched (bit w for word w).</summary>
public readonly record struct SearchHit(int Item, float Score, uint Matched);

/// <summary>What a query matched.</summary>
/// <param name="Words">The query's distinct terms the catalogue has, in the order typed, each as typed (or, for a word read as a close catalogue word, as the catalogue writes that one); a hit's bit w stands for word w.</param>
/// <param name="Unknown">The words no item contains and none is close to.</param>
/// <param name="Hits">The matched items, most relevant first (ties by item index).</param>
public sealed record SearchResult(IReadOnlyList<string> Words, IReadOnlyList<string> Unknown, IReadOnlyList<SearchHit> Hits)
{
    /// <summary>The words no item has that were read as the catalogue's closest word (in <see cref="Words"/> as <see cref="SearchCorrection.Used"/>).</summary>
    public IReadOnlyList<SearchCorrection> Corrections { get; init; } = [];

    /// <summary>How many items matched, before the search's limit kept the best of them in <see cref="Hits"/>.</summary>
    public int Matched { get; init; }

    /// <summary>The spans of the query read through synonyms, each one word of <see cref="Words"/>; empty without synonyms.</summary>
    public IReadOnlyList<SearchExpansion> Expanded { get; init; } = [];

    /// <summary>For each word of <see cref="Words"/>, null for a plain word, or the alternatives of a synonym word the catalogue has.</summary>
    internal IReadOnlyList<SearchAlternatives?>? Alternatives { get; init; }

    /// <summary>The index searched, to tell which alternative of a synonym word an item holds.</summary>
    internal ItemSearchIndex? Index { get; init; }

    /// <summary>The words of <see cref="Words"/> whose bits <paramref name="matched"/> has set, in query order.</summary>
    public IEnumerable<string> WordsOf(uint matched) => Words.Where((_, w) => (matched & (1u << w)) != 0);

    /// <summary>
    /// The words of <see cref="Words"/> that <paramref name="item"/> matched (bits <paramref name="matched"/>, as its hit has
    /// them), in query order, each with what the item holds: for a synonym word, the alternative that gave its score (the
    /// best; on a tie the typed words, then the first in set order), found by a binary search of each of its terms' postings.
    /// </summary>
    public IReadOnlyList<SearchWordMatch> MatchesOf(int item, uint matched)
    {
        var matches = new List<SearchWordMatch>();
        for (var w = 0; w < Words.Count; w++)
        {
            if ((matched & (1u << w)) == 0)
            {
                continue;
            }

            if (Alternatives?[w] is { } alternatives && Index is { } index && alternatives.BestFor(index, item) is var best and >= 0
                && !(best == 0 && alternatives.FirstIsTyped))
            {
                matches.Add(new SearchWordMatch(alternatives.Displays[best], Words[w]));
            }
            else
            {
                matches.Add(new SearchWordMatch(Words[w], null));
            }
        }

        return matches;
    }
}

/// <summary>
/// Keyword search over the catalogue: an inverted index of each item's title, description, categories, brand and tags,
/// English or Chinese, scored by BM25F. Immutable and thread-safe; item indices are positions in the list it was built on.
/// </summary>
/// <remarks>
/// Fields are combined before saturation, as in BM25F (Robertson, Zaragoza and Taylor, "Simple BM25 extension to
/// multiple weighted fields", CIKM 2004): a term's frequency in an item is the field-weighted sum of its counts, so a
/// word in the title counts more than the same word in the description. Terms are those of <see cref="TextTokenizer"/>:
/// stemmed English words ("shoes" finds "shoe"), numbers, and Han character bigrams and unigrams, so Chinese needs no
/// dictionary. A query's words are joined by OR, and an item's summed score is multiplied by the share of the query's
/// known words it contains (the coordination factor of classic Lucene scoring), so an item with every word comes before
/// one with a single rare word. A query keeps its first <see cref="MaxWords"/> distinct terms. A word no item has is read
/// as the catalogue's closest word when one is an edit or two away (<see cref="Closest"/>; "jackte" finds "jacket"), and the
/// result says so.
/// </remarks>
public sealed partial class ItemSearchIndex
{
    /// <summary>The most distinct terms of a query that count; the rest are ignored.</summary>
    public const int MaxWords = 32;

    // Ordinal, so that the words sharing a prefix are neighbours.
    private static readonly Comparer<(string Display, int Term)> DisplayOrder = Comparer<(string Display, int Term)>.Create(
        static (a, b) => string.CompareOrdinal(a.Display, b.Display) is var c and not 0 ? c : a.Term.CompareTo(b.Term));

    private readonly Dictionary<string, int> _terms;
    private readonly int[] _starts;
    private readonly int[] _items;
    private readonly float[] _impacts;
    private readonly TextTokenizer _tokenizer;
    private readonly int[] _frequencies;

    // The catalogue's words as written (each term's most common form) of letters only, by length, for correcting typed words.
    private readonly Dictionary<int, (string Display, int Term)[]> _wordsByLength;

    // Each term's most common surface form in the catalogue, lower case, sorted, for completing a typed prefix.
    private readonly (string Display, int Term)[] _displays;

    private ItemSearchIndex(ItemSearchOptions options, int itemCount, Dictionary<string, int> terms, int[] starts, int[] items, float[] impacts, (string Display, int Term)[] displays)
    {
        _displays = displays;
        Options = options;
        ItemCount = itemCount;
        _terms = terms;
        _starts = starts;
        _items = items;
        _impacts = impacts;
        _tokenizer = new TextTokenizer(options.Tokenizer);
        _frequencies = [.. Enumerable.Range(0, starts.Length - 1).Select(t => starts[t + 1] - starts[t])];
        _wordsByLength = displays.Where(static d => d.Display.All(char.IsAsciiLetterLower))
            .GroupBy(static d => d.Display.Length).ToDictionary(static g => g.Key, static g => g.ToArray());
    }

    public ItemSearchOptions Options { get; }

    /// <summary>How many items (null ones included) the index was built on.</summary>
    public int ItemCount { get; }

    /// <summary>Whether some item has <paramref name="term"/> (a term as the tokenizer gives it: stemmed, lower case).</summary>
    public bool HasTerm(string term) => _terms.ContainsKey(term);

    /// <summary>How many distinct terms the catalogue has.</summary>
    public int TermCount => _terms.Count;

    /// <summary>Indexes <paramref name="items"/>; item i of the list is item index i. Null items are left out.</summary>
    public static ItemSearchIndex Build(IReadOnlyList<Item?> items, ItemSearchOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        options ??= new ItemSearchOptions();
        options = options with { Tokenizer = options.Tokenizer ?? TokenizerOptions.Search };
        ArgumentOutOfRangeException.ThrowIfNegative(options.K1);
        if (options.B is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.B, "B must be between 0 and 1.");
        }

        var tokenizer = new TextTokenizer(options.Tokenizer);
        var fields = options.Fields ?? TextFieldWeights.Default;
        var counts = new Dictionary<string, float>?[items.Count];
        var surfaces = new Dictionary<(string Term, string Surface), int>();
        var lengths = new float[items.Count];
        var terms = new Dictionary<string, int>(StringComparer.Ordinal);
        var frequencies = new List<int>();
        var indexed = 0;
        double totalLength = 0;
        for (var i = 0; i < items.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            if (items[i] is not { } item)
            {
                continue;
            }

            var tf = ItemTextVectorizer.WeightedCounts(item, tokenizer, fields, surfaces);
            counts[i] = tf;
            foreach (var (term, weight) in tf)
            {
                lengths[i] += weight;
                if (!terms.TryGetValue(term, out var t))
                {
                    terms[term] = t = terms.Count;
                    frequencies.Add(0);
                }

                frequencies[t]++;
            }

            totalLength += lengths[i];
            indexed++;
        }

        // Postings by term (CSR), each item's BM25F impact with the idf folded in.
        var starts = new int[terms.Count + 1];
        for (var t = 0; t < terms.Count; t++)
        {
            starts[t + 1] = starts[t] + frequencies[t];
        }

        var postingItems = new int[starts[^1]];
        var impacts = new float[starts[^1]];
        var fill = starts[..^1];
        var average = indexed == 0 ? 1.0 : Math.Max(1e-6, totalLength / indexed);
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] is not { } tf)
            {
                continue;
            }

            var norm = options.K1 * (1 - options.B + (options.B * lengths[i] / average));
            foreach (var (term, frequency) in tf)
            {
                var t = terms[term];
                double df = frequencies[t];
                var idf = Math.Log(1 + ((indexed - df + 0.5) / (df + 0.5)));
                postingItems[fill[t]] = i;
                impacts[fill[t]++] = (float)(idf * frequency * (options.K1 + 1) / (frequency + norm));
            }
        }

        var display = new Dictionary<int, (string Surface, int Count)>();
        foreach (var ((term, surface), n) in surfaces)
        {
            var t = terms[term];
            var lower = surface.ToLowerInvariant();
            if (!display.TryGetValue(t, out var best) || n > best.Count || (n == best.Count && string.CompareOrdinal(lower, best.Surface) < 0))
            {
                display[t] = (lower, n);
            }
        }

        var displays = display.Select(static p => (p.Value.Surface, p.Key)).Order(DisplayOrder).ToArray();
        return new ItemSearchIndex(options, items.Count, terms, starts, postingItems, impacts, displays);
    }

    /// <summary>
    /// The items matching <paramref name="query"/>, most relevant first, at most <paramref name="limit"/> of them
    /// (0: every match). With <paramref name="synonyms"/> (read with this index's tokenizer), the query's spans that are
    /// synonym entries are each one word that finds any of its alternatives (<see cref="SearchExpanded"/>); without, or
    /// when no span is an entry, the search is the plain one. A word <paramref name="alongside"/> (another index searched
    /// with this one, such as one of items added since this one was built) holds is not corrected here: it is a word of
    /// the catalogue, only not of this index's part.
    /// </summary>
    public SearchResult Search(string? query, int limit = 0, SearchSynonyms? synonyms = null, ItemSearchIndex? alongside = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var found = new List<string>();
        var surfaces = new List<string>();
        _tokenizer.Tokenize(query, found, surfaces);
        if (synonyms is not null)
        {
            if (synonyms.Tokenizer != _tokenizer.Options)
            {
                throw new ArgumentException("The synonyms were read with another tokenizer than this index's.", nameof(synonyms));
            }

            if (!synonyms.IsEmpty && synonyms.Match(found) is { Count: > 0 } spans)
            {
                return SearchExpanded(found, surfaces, spans, limit, alongside);
            }
        }

        var read = new QueryWords(this, alongside, withAlternatives: false);
        for (var k = 0; k < found.Count && !read.Full; k++)
        {
            read.AddPlain(found[k], surfaces[k]);
        }

        var (words, unknown, corrections, termIds) = (read.Words, read.Unknown, read.Corrections, read.TermIds);
        if (termIds.Count == 0)
        {
            return new SearchResult(words, unknown, []) { Corrections = corrections };
        }

        var scores = ArrayPool<float>.Shared.Rent(ItemCount);
        var masks = ArrayPool<uint>.Shared.Rent(ItemCount);
        var touched = ArrayPool<int>.Shared.Rent(ItemCount);
        Array.Clear(masks, 0, ItemCount);
        try
        {
            var matched = 0;
            for (var w = 0; w < termIds.Count; w++)
            {
                var t = termIds[w];
                for (var p = _starts[t]; p < _starts[t + 1]; p++)
                {
                    var item = _items[p];
                    if (masks[item] == 0)
                    {
                        touched[matched++] = item;
                        scores[item] = 0;
                    }

                    scores[item] += _impacts[p];
                    masks[item] |= 1u << w;
                }
            }

            for (var h = 0; h < matched; h++)
            {
                var item = touched[h];
                scores[item] *= (float)System.Numerics.BitOperations.PopCount(masks[item]) / termIds.Count;
            }

            // The best `limit` by a bounded heap (a common word can match most of the catalogue), then sorted.
            var hits = Best(touched.AsSpan(0, matched), scores, masks, limit > 0 ? Math.Min(limit, matched) : matched);
            return new SearchResult(words, unknown, hits) { Corrections = corrections, Matched = matched };
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
            ArrayPool<uint>.Shared.Return(masks);
            ArrayPool<int>.Shared.Return(touched);
        }
    }

    // Whether a ranks before b: the higher score, then the lower item index.
    private static bool Before(in SearchHit a, in SearchHit b) => a.Score > b.Score || (a.Score == b.Score && a.Item < b.Item);

    private static SearchHit[] Best(ReadOnlySpan<int> items, float[] scores, uint[] masks, int take)
    {
        var heap = new SearchHit[take];
        if (take == 0)
        {
            return heap;
        }

        // A min-heap of the best seen so far: its root is the one that ranks last.
        var size = 0;
        foreach (var item in items)
        {
            var hit = new SearchHit(item, scores[item], masks[item]);
            if (size < take)
            {
                var at = size++;
                while (at > 0 && Before(heap[(at - 1) / 2], hit))
                {
                    heap[at] = heap[(at - 1) / 2];
                    at = (at - 1) / 2;
                }

                heap[at] = hit;
            }
            else if (Before(hit, heap[0]))
            {
                var at = 0;
                while (true)
                {
                    var child = (2 * at) + 1;
                    if (child >= size)
                    {
                        break;
                    }

                    if (child + 1 < size && Before(heap[child], heap[child + 1]))
                    {
                        child++;
                    }

                    if (!Before(hit, heap[child]))
                    {
                        break;
                    }

                    heap[at] = heap[child];
                    at = child;
                }

                heap[at] = hit;
            }
        }

        Array.Sort(heap, static (a, b) => Before(a, b) ? -1 : Before(b, a) ? 1 : 0);
        return heap;
    }

    /// <summary>
    /// A query's words as the search reads them, in order: a word the catalogue has, or the close catalogue word it is
    /// read as, each once; the words neither; and, for a search with synonyms, each word's alternatives (null for a plain one).
    /// </summary>
    private sealed class QueryWords(ItemSearchIndex index, ItemSearchIndex? alongside, bool withAlternatives)
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public List<string> Words { get; } = [];

        public List<string> Unknown { get; } = [];

        public List<SearchCorrection> Corrections { get; } = [];

        /// <summary>Per word, its term, or −1 for a synonym word.</summary>
        public List<int> TermIds { get; } = [];

        /// <summary>Per word, a synonym word's alternatives or null; null without synonyms.</summary>
        public List<SearchAlternatives?>? Alternatives { get; } = withAlternatives ? [] : null;

        /// <summary>Whether the query has as many words as count (<see cref="MaxWords"/>).</summary>
        public bool Full => Words.Count + Unknown.Count >= MaxWords;

        /// <summary>
        /// Reads the query term <paramref name="term"/> (typed as <paramref name="surface"/>) as a plain word: the term
        /// itself, or, when no item has it and the index searched alongside does not either, the closest catalogue word.
        /// </summary>
        public void AddPlain(string term, string surface)
        {
            if (!_seen.Add(term))
            {
                return;
            }

            if (index._terms.TryGetValue(term, out var t))
            {
                Add(surface, t);
            }
            else if (index.Options.Correct && alongside?.HasTerm(term) != true && index.ClosestWord(surface.ToLowerInvariant()) is { } closest)
            {
                Corrections.Add(new SearchCorrection(surface, closest.Display));
                Add(closest.Display, closest.Term);
            }
            else
            {
                Unknown.Add(surface);
            }
        }

        /// <summary>Adds a synonym word with its alternatives.</summary>
        public void AddSynonym(string display, SearchAlternatives alternatives)
        {
            Words.Add(display);
            TermIds.Add(-1);
            Alternatives!.Add(alternatives);
        }

        private void Add(string display, int term)
        {
            if (TermIds.Contains(term))
            {
                return;
            }

            Words.Add(display);
            TermIds.Add(term);
            Alternatives?.Add(null);
        }
    }

    /// <summary>
    /// The catalogue's word (as most often written there, lower case) closest to <paramref name="word"/> as typed, or null:
    /// only words of at least 4 ASCII letters are corrected, by at most one edit (a letter added, dropped, changed, or two
    /// neighbours swapped), two from 8 letters on; the fewest edits win, then the word in most items, then the first in
    /// order.
    /// </summary>
    public string? Closest(string word) => ClosestWord(word)?.Display;

    private (string Display, int Term)? ClosestWord(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length < 4 || !word.All(char.IsAsciiLetterLower))
        {
            return null;
        }

        var limit = word.Length >= 8 ? 2 : 1;
        (string Display, int Term)? best = null;
        var bestDistance = limit + 1;
        var bestFrequency = -1;
        for (var length = word.Length - limit; length <= word.Length + limit; length++)
        {
            if (!_wordsByLength.TryGetValue(length, out var candidates))
            {
                continue;
            }

            foreach (var candidate in candidates)
            {
                var distance = Distance(word, candidate.Display, limit);
                if (distance > limit)
                {
                    continue;
                }

                var frequency = _frequencies[candidate.Term];
                if (distance < bestDistance || (distance == bestDistance && frequency > bestFrequency))
                {
                    (best, bestDistance, bestFrequency) = (candidate, distance, frequency);
                }
            }
        }

        return best;
    }

    /// <summary>
    /// The optimal-string-alignment distance of <paramref name="a"/> and <paramref name="b"/> (insertions, deletions,
    /// substitutions and swaps of neighbours), or <paramref name="bound"/> + 1 as soon as it must exceed the bound.
    /// </summary>
    public static int Distance(string a, string b, int bound)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (Math.Abs(a.Length - b.Length) > bound)
        {
            return bound + 1;
        }

        // Three rows of the table, on the stack for the words a catalogue has (the correction scan compares many).
        var width = b.Length + 1;
        Span<int> rows = width <= 128 ? stackalloc int[3 * width] : new int[3 * width];
        var previous2 = rows[..width];
        var previous = rows.Slice(width, width);
        var current = rows.Slice(2 * width, width);
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        // A swap reaches back two rows, so only two rows in a row above the bound settle it.
        var previousMin = 0;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }

            if (rowMin > bound && previousMin > bound)
            {
                return bound + 1;
            }

            previousMin = rowMin;
            var oldest = previous2;
            previous2 = previous;
            previous = current;
            current = oldest;
        }

        return Math.Min(previous[b.Length], bound + 1);
    }

    /// <summary>
    /// Completions of <paramref name="text"/> as it is being typed: its last word (unless the text ends in a space) taken
    /// as the start of a catalogue word, each completion with the words before it, and how many items have them all;
    /// the completions with most items first (ties in word order), at most <paramref name="count"/>, none that no item has.
    /// </summary>
    public IReadOnlyList<SearchSuggestion> Suggest(string? text, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (string.IsNullOrWhiteSpace(text) || char.IsWhiteSpace(text[^1]))
        {
            return [];
        }

        // The partial word as typed (lower case): the text's last run of letters, digits or Han characters.
        var end = text.Length;
        var start = end;
        while (start > 0 && char.IsLetterOrDigit(text[start - 1]))
        {
            start--;
        }

        var partial = text[start..end].ToLowerInvariant();
        var before = text[..start].TrimEnd();
        if (partial.Length == 0)
        {
            return [];
        }

        // The catalogue's words that start with it, most frequent first (a few more than asked, to rank by items).
        var from = Array.BinarySearch(_displays, (partial, int.MinValue), DisplayOrder);
        from = from < 0 ? ~from : from;
        var candidates = new List<(string Display, int Term)>();
        for (var d = from; d < _displays.Length && _displays[d].Display.StartsWith(partial, StringComparison.Ordinal); d++)
        {
            candidates.Add(_displays[d]);
        }

        // The words before it as the search reads them (a close catalogue word for one it lacks); none: nothing to suggest.
        var required = new List<int>();
        var terms = new List<string>();
        var surfaces = new List<string>();
        _tokenizer.Tokenize(before, terms, surfaces);
        for (var k = 0; k < terms.Count; k++)
        {
            if (_terms.TryGetValue(terms[k], out var t))
            {
                required.Add(t);
            }
            else if (Options.Correct && ClosestWord(surfaces[k].ToLowerInvariant()) is { } closest)
            {
                required.Add(closest.Term);
            }
            else
            {
                return [];
            }
        }

        var suggestions = new List<SearchSuggestion>();
        foreach (var (display, term) in candidates.OrderByDescending(c => _frequencies[c.Term]).ThenBy(static c => c.Display, StringComparer.Ordinal).Take(count * 4))
        {
            var completed = before.Length == 0 ? display : before + " " + display;
            var items = CountAll([.. required, term]);
            if (items > 0 && suggestions.All(s => s.Text != completed))
            {
                suggestions.Add(new SearchSuggestion(completed, items));
            }
        }

        return [.. suggestions.OrderByDescending(static s => s.Items).ThenBy(static s => s.Text, StringComparer.Ordinal).Take(count)];
    }

    /// <summary>How many items have every one of <paramref name="termIds"/>: the intersection of their postings, which are in item order.</summary>
    private int CountAll(List<int> termIds)
    {
        var ordered = termIds.Distinct().OrderBy(t => _frequencies[t]).ToArray();
        var positions = ordered.Select(t => _starts[t]).ToArray();
        var count = 0;
        var (first, firstEnd) = (_starts[ordered[0]], _starts[ordered[0] + 1]);
        for (var p = first; p < firstEnd; p++)
        {
            var item = _items[p];
            var inAll = true;
            for (var o = 1; o < ordered.Length && inAll; o++)
            {
                var end = _starts[ordered[o] + 1];
                while (positions[o] < end && _items[positions[o]] < item)
                {
                    positions[o]++;
                }

                inAll = positions[o] < end && _items[positions[o]] == item;
            }

            count += inAll ? 1 : 0;
        }

        return count;
    }
}
