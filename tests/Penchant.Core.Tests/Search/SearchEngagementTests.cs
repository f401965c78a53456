using Penchant.Core.Data;
using Penchant.Core.Search;

namespace Penchant.Core.Tests.Search;

public sealed class SearchEngagementTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly IdMap Items = new(["a", "b", "c", "d"]);

    private static Event Search(string user, int minutes, string text) => new($"{user}-s-{minutes}-{text}", user, null, EventType.Search, Start.AddMinutes(minutes), Text: text);

    private static Event Took(string user, int minutes, string item, EventType type = EventType.View) => new($"{user}-{type}-{minutes}-{item}", user, item, type, Start.AddMinutes(minutes));

    private static SearchEngagement Build(IEnumerable<Event> events, SearchEngagementOptions? options = null)
    {
        var builder = new SearchEngagementBuilder(Items, options);
        foreach (var e in events)
        {
            builder.Add(e);
        }

        return builder.Build();
    }

    [Fact]
    public void Items_at_least_two_shoppers_chose_after_a_search_count_with_their_share_of_its_searchers()
    {
        var events = new List<Event>();
        foreach (var (user, typed) in new[] { ("u1", "trail shoes"), ("u2", "  Trail SHOE!"), ("u3", "shoes, trail") })
        {
            events.Add(Search(user, 0, typed));
            events.Add(Took(user, 5, "a"));
            events.Add(Took(user, 6, "a", EventType.Purchase)); // the same shopper again: once
        }

        events.Add(Took("u1", 7, "b")); // one shopper only
        events.Add(Search("u4", 0, "trail shoes")); // a searcher who chose nothing
        var engagement = Build(events);

        // One query however written: case, punctuation, word form and order aside; every word counts.
        Assert.Equal(engagement.For("trail shoes"), engagement.For("Shoe, trail"));
        Assert.Equal(SearchEngagement.KeyOf("trail shoe"), SearchEngagement.KeyOf("Shoes trail!"));
        Assert.NotEqual(SearchEngagement.KeyOf("jackets"), SearchEngagement.KeyOf("down jackets"));
        Assert.NotEqual(SearchEngagement.KeyOf("shirts"), SearchEngagement.KeyOf("t-shirts"));
        Assert.NotEqual(SearchEngagement.KeyOf("trail"), SearchEngagement.KeyOf("trail shoes"));
        Assert.Null(SearchEngagement.KeyOf(" ?! "));
        var (searchers, chosen) = engagement.For("TRAIL shoes");
        Assert.Equal(4, searchers);
        var a = Assert.Single(chosen);
        Assert.Equal((0, 3), (a.Item, a.Shoppers));
        Assert.Equal(3f / (4 + 5), a.Share, 6);
        Assert.Empty(engagement.For("boots").Chosen);
        Assert.Equal(1, engagement.QueryCount);

        // With one shopper enough, b counts too, after a.
        var loose = Build(events, SearchEngagementOptions.Default with { MinShoppers = 1 });
        Assert.Equal([0, 1], loose.For("trail shoes").Chosen.Select(static c => c.Item));
    }

    [Fact]
    public void What_is_chosen_counts_for_the_last_search_before_it_within_the_window_only()
    {
        var events = new List<Event>();
        foreach (var user in new[] { "u1", "u2" })
        {
            events.Add(Search(user, 0, "boots"));
            events.Add(Took(user, 10, "a"));
            events.Add(Took(user, 31, "b")); // after the 30-minute window
            events.Add(Search(user, 40, "socks"));
            events.Add(Took(user, 40, "c")); // the same instant as the search: chosen from it
            events.Add(Took(user, 41, "d", EventType.Like)); // not a choice
        }

        // Given in reverse: the builder puts each shopper's events in time order itself.
        events.Reverse();
        var engagement = Build(events);
        Assert.Equal([0], engagement.For("boots").Chosen.Select(static c => c.Item));
        Assert.Equal([2], engagement.For("socks").Chosen.Select(static c => c.Item));
        Assert.Empty(Build(events, SearchEngagementOptions.Default with { Window = TimeSpan.FromMinutes(5) }).For("boots").Chosen);
    }

    [Fact]
    public void With_a_recent_span_only_the_searches_within_it_and_what_followed_them_count()
    {
        var events = new List<Event>();
        foreach (var user in new[] { "u1", "u2", "u3" })
        {
            events.Add(Search(user, 0, "boots")); // 100 days before the newest event
            events.Add(Took(user, 1, "a"));
            events.Add(Search(user, 100 * 24 * 60, "boots"));
            events.Add(Took(user, (100 * 24 * 60) + 1, "b"));
        }

        events.Add(Search("u4", 10, "sandals")); // only long ago
        events.Add(Took("u4", 11, "c"));
        events.Add(Search("u5", 10, "sandals"));
        events.Add(Took("u5", 11, "c"));

        var all = Build(events);
        Assert.Equal([0, 1], all.For("boots").Chosen.Select(static c => c.Item).Order());
        Assert.Equal([2], all.For("sandals").Chosen.Select(static c => c.Item));

        var recent = Build(events, SearchEngagementOptions.Default with { Recent = TimeSpan.FromDays(90) });
        var (searchers, chosen) = recent.For("boots");
        Assert.Equal((3, 1), (searchers, Assert.Single(chosen).Item));
        Assert.Empty(recent.For("sandals").Chosen);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SearchEngagementBuilder(Items, SearchEngagementOptions.Default with { Recent = TimeSpan.Zero }));
    }

    [Fact]
    public void Queries_at_least_ten_shoppers_searched_are_popular_searches_as_most_often_written()
    {
        var events = new List<Event>();
        for (var s = 0; s < 12; s++)
        {
            events.Add(Search($"u{s}", 0, s < 8 ? "sneakers" : "Sneaker!"));
            events.Add(Search($"u{s}", 1, "sneakers")); // again: one searcher still
        }

        events.AddRange(Enumerable.Range(0, 9).Select(s => Search($"v{s}", 0, "snow boots"))); // nine: too few
        events.AddRange(Enumerable.Range(0, 10).Select(s => Search($"w{s}", 0, "sandals")));
        var engagement = Build(events);

        Assert.Equal([new PopularSearch("sneakers", 12), new PopularSearch("sandals", 10)], engagement.Popular);
        Assert.Equal([new PopularSearch("sneakers", 12)], engagement.PopularStartingWith("  SNE", 5));
        Assert.Equal(["sneakers", "sandals"], engagement.PopularStartingWith("s", 5).Select(static p => p.Text));
        Assert.Equal(["sneakers"], engagement.PopularStartingWith("s", 1).Select(static p => p.Text));
        Assert.Empty(engagement.PopularStartingWith("sneakers", 5)); // nothing to complete
        Assert.Empty(engagement.PopularStartingWith("snow", 5));
        Assert.Empty(Build(events, SearchEngagementOptions.Default with { MinPopularSearchers = 13 }).Popular);

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            engagement.Write(writer);
        }

        stream.Position = 0;
        Assert.Equal(engagement.Popular, SearchEngagement.Read(new BinaryReader(stream), Items.Count).Popular);
    }

    [Fact]
    public void A_popular_search_is_shown_as_most_often_written_within_the_recent_span()
    {
        var events = new List<Event>();
        events.AddRange(Enumerable.Range(0, 30).Select(s => Search($"old{s}", 0, "Trail Shoes"))); // 100 days before the newest
        events.AddRange(Enumerable.Range(0, 12).Select(s => Search($"new{s}", 100 * 24 * 60, s < 7 ? "shoes trail" : "trail shoes")));

        Assert.Equal([new PopularSearch("trail shoes", 42)], Build(events).Popular);
        Assert.Equal([new PopularSearch("shoes trail", 12)], Build(events, SearchEngagementOptions.Default with { Recent = TimeSpan.FromDays(90) }).Popular);
    }

    [Fact]
    public void Popular_searches_starting_with_the_typed_text_equal_a_plain_scan_of_them_all()
    {
        var rng = new Random(3);
        string[] words = ["sandal", "sneaker", "snow", "sock", "boot", "bag", "belt", "scarf"];
        var events = new List<Event>();
        for (var q = 0; q < 40; q++)
        {
            var text = $"{words[rng.Next(words.Length)]} {words[rng.Next(words.Length)]}";
            var shoppers = 10 + rng.Next(6);
            events.AddRange(Enumerable.Range(0, shoppers).Select(u => Search($"q{q}-u{u}", q, text)));
        }

        var engagement = Build(events);
        Assert.True(engagement.Popular.Count > 10);
        foreach (var typed in new[] { "s", "sn", "snow", "snow s", "b", "bag bag", "x", "sock", "" })
        {
            var prefix = SearchQueryText.Normalize(typed);
            var expected = prefix is null ? [] : engagement.Popular
                .Where(p => p.Text.StartsWith(prefix, StringComparison.Ordinal) && p.Text.Length > prefix.Length)
                .OrderByDescending(static p => p.Searchers).ThenBy(static p => p.Text, StringComparer.Ordinal).Take(4).ToList();
            Assert.Equal(expected, engagement.PopularStartingWith(typed, 4));
        }
    }

    [Fact]
    public void It_equals_a_plain_reference_on_random_events_and_survives_a_write_and_read()
    {
        var rng = new Random(7);
        string[] queries = ["boots", "socks", "trail shoes", "tent"];
        var events = new List<Event>();
        for (var e = 0; e < 600; e++)
        {
            var user = $"u{rng.Next(25)}";
            var minutes = rng.Next(600);
            events.Add(rng.NextDouble() < 0.3
                ? Search(user, minutes, queries[rng.Next(queries.Length)])
                : Took(user, minutes, Items.Ids[rng.Next(Items.Count)], rng.NextDouble() < 0.8 ? EventType.View : EventType.AddToCart));
        }

        events = [.. events.DistinctBy(static e => e.EventId)];
        var options = new SearchEngagementOptions(TimeSpan.FromMinutes(45), MinShoppers: 2, MaxItemsPerQuery: 3, Smoothing: 2);
        var engagement = Build(events, options);

        foreach (var query in queries)
        {
            // The reference: for each shopper, each choice goes to their latest search at or before it (a search first at
            // one instant), if within the window; then distinct shoppers per item.
            var searchers = events.Where(e => e.Type == EventType.Search && e.Text == query).Select(static e => e.UserId).Distinct().Count();
            var shoppers = new Dictionary<int, HashSet<string>>();
            foreach (var took in events.Where(static e => e.ItemId is not null))
            {
                var last = events.Where(s => s.Type == EventType.Search && s.UserId == took.UserId && s.Timestamp <= took.Timestamp)
                    .OrderBy(static s => s.Timestamp).LastOrDefault();
                if (last is not null && last.Text == query && took.Timestamp - last.Timestamp <= options.Window)
                {
                    var item = Items.IndexOf(took.ItemId!);
                    (shoppers.TryGetValue(item, out var set) ? set : shoppers[item] = []).Add(took.UserId);
                }
            }

            var expected = shoppers.Where(p => p.Value.Count >= 2).OrderByDescending(static p => p.Value.Count).ThenBy(static p => p.Key).Take(3)
                .Select(p => new ChosenAfterSearch(p.Key, p.Value.Count, (float)(p.Value.Count / (searchers + 2.0)))).ToList();
            var (gotSearchers, got) = engagement.For(query);
            Assert.Equal(expected, got);
            Assert.Equal(expected.Count == 0 ? 0 : searchers, gotSearchers);
        }

        Assert.True(engagement.QueryCount > 0);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            engagement.Write(writer);
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        var read = SearchEngagement.Read(reader, Items.Count);
        Assert.All(queries, q => Assert.Equal(engagement.For(q).Chosen, read.For(q).Chosen));
        stream.Position = 0;
        Assert.Throws<InvalidDataException>(() => SearchEngagement.Read(new BinaryReader(stream), 1));
    }
}
