using Penchant.Core.Data;
using Penchant.Core.Text;

namespace Penchant.Core.Search;

/// <summary>Options for <see cref="SearchEngagementBuilder"/>.</summary>
/// <param name="Window">How long after a search a shopper's views, clicks, carts and purchases count as chosen from it (until their next search).</param>
/// <param name="MinShoppers">How many distinct shoppers must have chosen an item after the same search before it counts: one shopper's habits shape no one else's results.</param>
/// <param name="MaxItemsPerQuery">The most items kept per query, those chosen by most shoppers.</param>
/// <param name="Smoothing">Added to a query's searchers in the share's denominator, so that a query searched by few counts for less.</param>
/// <param name="MinPopularSearchers">
/// How many distinct shoppers must have searched a query before it is offered to others as a popular search
/// (<see cref="SearchEngagement.Popular"/>): the words are the shoppers' own.
/// </param>
/// <param name="MaxPopular">The most popular searches kept.</param>
/// <param name="Recent">
/// Only searches within this span before the newest event count (and what was chosen after them), so that what search
/// learned follows what shoppers do now and an old lift fades; null: every search.
/// </param>
public sealed record SearchEngagementOptions(
    TimeSpan Window, int MinShoppers = 2, int MaxItemsPerQuery = 50, double Smoothing = 5, int MinPopularSearchers = 10, int MaxPopular = 10_000, TimeSpan? Recent = null)
{
    /// <summary>30 minutes, 2 shoppers, 50 items per query, smoothing 5.</summary>
    public static SearchEngagementOptions Default { get; } = new(TimeSpan.FromMinutes(30));

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (Window <= TimeSpan.Zero || Recent <= TimeSpan.Zero || MinShoppers < 1 || MaxItemsPerQuery < 1 || !(Smoothing >= 0) || double.IsInfinity(Smoothing) || MinPopularSearchers < 1 || MaxPopular < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(SearchEngagementOptions), this, "Window and Recent (when set) must be positive, MinShoppers, MaxItemsPerQuery and MinPopularSearchers at least 1, MaxPopular at least 0, and Smoothing a number ≥ 0.");
        }
    }
}

/// <summary>A query many shoppers searched, as they most often wrote it (<see cref="SearchQueryText"/>), and how many did.</summary>
public readonly record struct PopularSearch(string Text, int Searchers);

/// <summary>One item shoppers chose after a search, and how often.</summary>
/// <param name="Item">The dense item index.</param>
/// <param name="Shoppers">How many distinct shoppers chose it after the search.</param>
/// <param name="Share">Shoppers over the query's searchers plus the smoothing: an estimate, shrunk towards 0, of how likely a searcher is to choose it.</param>
public readonly record struct ChosenAfterSearch(int Item, int Shoppers, float Share);

/// <summary>
/// What shoppers chose after each search: for a query, the items that at least
/// <see cref="SearchEngagementOptions.MinShoppers"/> distinct shoppers viewed, clicked, carted or bought within the window
/// after searching it, each with its share of the query's searchers. Search ranks by it, so that results learn from
/// behaviour, and an item the words miss but searchers choose (shoppers search "sneakers" and take items titled
/// "trainers") is found. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Queries are counted together by their words (<see cref="KeyOf"/>: stemmed, in any order), so "Trail shoes", "trail
/// shoe" and "shoes, trail" learn as one; every word counts, short and common ones too, so "down jackets" and "jackets",
/// or "t-shirts" and "shirts", stay apart.
/// </remarks>
public sealed class SearchEngagement
{
    private const int FormatVersion = 1;

    private static readonly TextTokenizer Tokenizer = new(new TokenizerOptions(RemoveStopWords: false, MinWordLength: 1));

    private readonly Dictionary<string, (int Searchers, ChosenAfterSearch[] Chosen)> _queries;

    // The popular searches in ordinal order of their text, so that those starting with what is typed are one range.
    private readonly PopularSearch[] _popularByText;

    private SearchEngagement(Dictionary<string, (int Searchers, ChosenAfterSearch[] Chosen)> queries, PopularSearch[] popular)
    {
        _queries = queries;
        Popular = popular;
        _popularByText = [.. popular.OrderBy(static p => p.Text, StringComparer.Ordinal)];
    }

    /// <summary>No queries.</summary>
    public static SearchEngagement Empty { get; } = new(new(StringComparer.Ordinal), []);

    /// <summary>
    /// The queries at least <see cref="SearchEngagementOptions.MinPopularSearchers"/> distinct shoppers searched, most
    /// searched first (then by text), each as it was most often written: completions for a search box.
    /// </summary>
    public IReadOnlyList<PopularSearch> Popular { get; }

    /// <summary>The popular searches that start with what is typed (normalised as <see cref="SearchQueryText"/>), at most <paramref name="count"/>, most searched first.</summary>
    public IReadOnlyList<PopularSearch> PopularStartingWith(string? typed, int count)
    {
        if (SearchQueryText.Normalize(typed) is not { } prefix || count <= 0)
        {
            return [];
        }

        // The first entry not before the prefix, by binary search; those starting with it follow it.
        int low = 0, high = _popularByText.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (string.CompareOrdinal(_popularByText[middle].Text, prefix) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        var found = new List<PopularSearch>();
        for (var i = low; i < _popularByText.Length && _popularByText[i].Text.StartsWith(prefix, StringComparison.Ordinal); i++)
        {
            if (_popularByText[i].Text.Length > prefix.Length)
            {
                found.Add(_popularByText[i]);
            }
        }

        return [.. found.OrderByDescending(static p => p.Searchers).ThenBy(static p => p.Text, StringComparer.Ordinal).Take(count)];
    }

    /// <summary>How many queries have items chosen after them.</summary>
    public int QueryCount => _queries.Count;

    /// <summary>
    /// The items chosen after <paramref name="query"/> (or a query of the same terms, <see cref="KeyOf"/>), most chosen
    /// first, and how many distinct shoppers searched it; empty when none was chosen by enough shoppers.
    /// </summary>
    public (int Searchers, IReadOnlyList<ChosenAfterSearch> Chosen) For(string? query) =>
        KeyOf(query) is { } key && _queries.TryGetValue(key, out var found) ? (found.Searchers, found.Chosen) : (0, []);

    /// <summary>
    /// The key a query is counted under: its distinct terms as a <see cref="TextTokenizer"/> that keeps every word gives
    /// them (stemmed, lower case, Han bigrams), in ordinal order, joined by spaces; null when it has none.
    /// </summary>
    public static string? KeyOf(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return null;
        }

        var terms = Tokenizer.Tokenize(query);
        return terms.Count == 0 ? null : string.Join(' ', terms.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
    }

    /// <summary>Writes the queries and their items (dense item indices, valid for the item map it was built with).</summary>
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(FormatVersion);
        writer.Write(_queries.Count);
        foreach (var (query, (searchers, chosen)) in _queries.OrderBy(static p => p.Key, StringComparer.Ordinal))
        {
            writer.Write(query);
            writer.Write(searchers);
            writer.Write(chosen.Length);
            foreach (var c in chosen)
            {
                writer.Write(c.Item);
                writer.Write(c.Shoppers);
                writer.Write(c.Share);
            }
        }

        writer.Write(Popular.Count);
        foreach (var p in Popular)
        {
            writer.Write(p.Text);
            writer.Write(p.Searchers);
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote; item indices must be below <paramref name="itemCount"/>.</summary>
    public static SearchEngagement Read(BinaryReader reader, int itemCount)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var version = reader.ReadInt32();
        if (version is < 1 or > FormatVersion)
        {
            throw new InvalidDataException($"Search engagement format version {version} is not supported (this build reads up to {FormatVersion}).");
        }

        var count = reader.ReadInt32();
        if (count < 0)
        {
            throw new InvalidDataException($"A search engagement cannot hold {count} queries.");
        }

        var queries = new Dictionary<string, (int, ChosenAfterSearch[])>(count, StringComparer.Ordinal);
        for (var q = 0; q < count; q++)
        {
            var query = reader.ReadString();
            var searchers = reader.ReadInt32();
            var length = reader.ReadInt32();
            if (length < 0 || searchers < 0)
            {
                throw new InvalidDataException($"The search engagement of '{query}' is damaged.");
            }

            var chosen = new ChosenAfterSearch[length];
            for (var c = 0; c < length; c++)
            {
                chosen[c] = new ChosenAfterSearch(reader.ReadInt32(), reader.ReadInt32(), reader.ReadSingle());
                if ((uint)chosen[c].Item >= (uint)itemCount)
                {
                    throw new InvalidDataException($"The search engagement of '{query}' names item {chosen[c].Item} of {itemCount}.");
                }
            }

            if (!queries.TryAdd(query, (searchers, chosen)))
            {
                throw new InvalidDataException($"The search engagement holds '{query}' twice.");
            }
        }

        var popularCount = reader.ReadInt32();
        if (popularCount < 0)
        {
            throw new InvalidDataException($"A search engagement cannot hold {popularCount} popular searches.");
        }

        var popular = new PopularSearch[popularCount];
        for (var p = 0; p < popularCount; p++)
        {
            popular[p] = new PopularSearch(reader.ReadString(), reader.ReadInt32());
        }

        return new SearchEngagement(queries, popular);
    }

    internal static SearchEngagement From(Dictionary<string, (int Searchers, ChosenAfterSearch[] Chosen)> queries, PopularSearch[] popular) => new(queries, popular);
}

/// <summary>
/// Builds a <see cref="SearchEngagement"/> from events in any order: each shopper's events are put in time order, and
/// the items they viewed, clicked, carted or bought within <see cref="SearchEngagementOptions.Window"/> after a search
/// (and before their next search) count once per shopper for that search's query.
/// </summary>
public sealed class SearchEngagementBuilder
{
    private readonly IdMap _items;
    private readonly SearchEngagementOptions _options;
    private readonly Dictionary<string, int> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _queryIds = new(StringComparer.Ordinal);
    private readonly List<string> _queries = [];

    // Per query key, the normalised texts searched under it, each with its index there (the one most often searched within
    // the recent span is how the query is shown).
    private readonly List<Dictionary<string, int>> _texts = [];

    // Each search's (query, index of its text among the query's, ticks).
    private readonly List<(int Query, int Text, long Ticks)> _written = [];

    // (user, ticks, what): what ≥ 0 is an item chosen, what < 0 is the search of query −what − 1.
    private readonly List<(int User, long Ticks, int What)> _events = [];

    /// <summary>Events name items through <paramref name="items"/>; items it does not hold are left out.</summary>
    public SearchEngagementBuilder(IdMap items, SearchEngagementOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = items;
        _options = options ?? SearchEngagementOptions.Default;
        _options.Validate();
    }

    /// <summary>Takes a search with text, or a view, click, cart or purchase of an item; ignores every other event.</summary>
    public void Add(Event e)
    {
        ArgumentNullException.ThrowIfNull(e);
        int what;
        if (e.Type == EventType.Search)
        {
            if (SearchEngagement.KeyOf(e.Text) is not { } query || SearchQueryText.Normalize(e.Text) is not { } text)
            {
                return;
            }

            if (!_queryIds.TryGetValue(query, out var id))
            {
                _queryIds[query] = id = _queries.Count;
                _queries.Add(query);
                _texts.Add(new Dictionary<string, int>(StringComparer.Ordinal));
            }

            if (!_texts[id].TryGetValue(text, out var variant))
            {
                _texts[id][text] = variant = _texts[id].Count;
            }

            _written.Add((id, variant, e.Timestamp.UtcTicks));

            what = -id - 1;
        }
        else if (e.Type is EventType.View or EventType.Click or EventType.AddToCart or EventType.Purchase && e.ItemId is not null
            && _items.IndexOf(e.ItemId) is >= 0 and var item)
        {
            what = item;
        }
        else
        {
            return;
        }

        if (!_users.TryGetValue(e.UserId, out var user))
        {
            _users[e.UserId] = user = _users.Count;
        }

        _events.Add((user, e.Timestamp.UtcTicks, what));
    }

    /// <summary>The queries with the items chosen after them by at least the minimum of shoppers.</summary>
    public SearchEngagement Build(CancellationToken cancellation = default)
    {
        // By shopper, then time; at one instant a search comes before what was chosen from it, then the order given.
        var order = Enumerable.Range(0, _events.Count).ToArray();
        Array.Sort(order, (a, b) =>
        {
            var (x, y) = (_events[a], _events[b]);
            return x.User != y.User ? x.User.CompareTo(y.User)
                : x.Ticks != y.Ticks ? x.Ticks.CompareTo(y.Ticks)
                : (x.What < 0) != (y.What < 0) ? (x.What < 0 ? -1 : 1)
                : a.CompareTo(b);
        });

        var window = _options.Window.Ticks;
        var newest = _events.Count == 0 ? 0L : _events.Max(static e => e.Ticks);
        var cutoff = _options.Recent is { } recent ? newest - recent.Ticks : long.MinValue;
        var searchers = new int[_queries.Count];
        var pairs = new Dictionary<(int Query, int Item), int>();
        var searched = new HashSet<int>();
        var chosen = new HashSet<(int Query, int Item)>();
        var current = -1;
        long since = 0;
        for (var k = 0; k <= order.Length; k++)
        {
            if (k == order.Length || (k > 0 && _events[order[k]].User != _events[order[k - 1]].User))
            {
                // One shopper's events end: each query they searched and each item they chose after it count once.
                foreach (var q in searched)
                {
                    searchers[q]++;
                }

                foreach (var pair in chosen)
                {
                    pairs[pair] = pairs.GetValueOrDefault(pair) + 1;
                }

                searched.Clear();
                chosen.Clear();
                current = -1;
                if (k == order.Length)
                {
                    break;
                }

                cancellation.ThrowIfCancellationRequested();
            }

            var (_, ticks, what) = _events[order[k]];
            if (what < 0 && ticks < cutoff)
            {
                // A search from before the recent span: neither it nor what follows it counts.
                current = -1;
            }
            else if (what < 0)
            {
                current = -what - 1;
                since = ticks;
                searched.Add(current);
            }
            else if (current >= 0 && ticks - since <= window)
            {
                chosen.Add((current, what));
            }
        }

        var queries = new Dictionary<string, (int Searchers, ChosenAfterSearch[] Chosen)>(StringComparer.Ordinal);
        foreach (var group in pairs.Where(p => p.Value >= _options.MinShoppers).GroupBy(static p => p.Key.Query))
        {
            var denominator = searchers[group.Key] + _options.Smoothing;
            queries[_queries[group.Key]] = (searchers[group.Key], [.. group
                .OrderByDescending(static p => p.Value).ThenBy(static p => p.Key.Item)
                .Take(_options.MaxItemsPerQuery)
                .Select(p => new ChosenAfterSearch(p.Key.Item, p.Value, (float)(p.Value / denominator)))]);
        }

        // How often each text of a popular query was searched within the recent span, as its searchers are counted.
        var shown = Enumerable.Range(0, _queries.Count).Where(q => searchers[q] >= _options.MinPopularSearchers).ToArray();
        var written = shown.ToDictionary(static q => q, q => new int[_texts[q].Count]);
        foreach (var (query, text, ticks) in _written)
        {
            if (ticks >= cutoff && written.TryGetValue(query, out var counts))
            {
                counts[text]++;
            }
        }

        var popular = shown
            .Select(q => new PopularSearch(_texts[q].OrderByDescending(t => written[q][t.Value]).ThenBy(static t => t.Key, StringComparer.Ordinal).First().Key, searchers[q]))
            .OrderByDescending(static p => p.Searchers).ThenBy(static p => p.Text, StringComparer.Ordinal)
            .Take(_options.MaxPopular)
            .ToArray();
        return SearchEngagement.From(queries, popular);
    }
}
