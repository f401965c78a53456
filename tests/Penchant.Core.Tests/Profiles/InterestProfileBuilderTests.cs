using Penchant.Core.Data;
using Penchant.Core.Profiles;

namespace Penchant.Core.Tests.Profiles;

public sealed class InterestProfileBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, Item> Catalogue = new[]
    {
        new Item("trail-a", "Trail shoe A", CategoryPath: ["Sports", "Running", "Trail shoes"], Brand: "Northpeak", Tags: ["mesh", "black"]),
        new Item("trail-b", "Trail shoe B", CategoryPath: ["Sports", "Running", "Trail shoes"], Brand: "Apexa", Tags: ["rubber"]),
        new Item("road-a", "Road shoe A", CategoryPath: ["Sports", "Running", "Road shoes"], Brand: "Northpeak", Tags: ["mesh"]),
        new Item("pan", "Frying pan", CategoryPath: ["Home & Kitchen", "Cookware", "Frying pans"], Brand: "Hearthly", Tags: ["cast iron"]),
    }.ToDictionary(i => i.Id);

    private static Item? Find(string id) => Catalogue.GetValueOrDefault(id);

    private static Event E(string id, string item, EventType type, double daysAgo, double? value = null, string? text = null, string? session = null) =>
        new(id, "u1", item, type, Now.AddDays(-daysAgo), value, text, session);

    [Fact]
    public void Leaf_category_gets_full_weight_and_ancestors_a_shrinking_share()
    {
        var builder = new InterestProfileBuilder(new InterestProfileOptions { AncestorShare = 0.5, TagShare = 0.25 });
        var profile = builder.Build("u1", [E("e1", "trail-a", EventType.View, 0), E("e2", "trail-a", EventType.Purchase, 0)], Find);

        var leaf = profile.Find(Facet.Category("Sports > Running > Trail shoes"))!;
        var weight = EventWeights.Default.View + EventWeights.Default.Purchase;
        Assert.Equal(weight, leaf.LongTerm, 9);
        Assert.Equal(0.5 * weight, profile.Find(Facet.Category("Sports > Running"))!.LongTerm, 9);
        Assert.Equal(0.25 * weight, profile.Find(Facet.Category("Sports"))!.LongTerm, 9);
        Assert.Equal(weight, profile.Find(Facet.Brand("Northpeak"))!.LongTerm, 9);
        Assert.Equal(0.25 * weight, profile.Find(Facet.Tag("mesh"))!.LongTerm, 9);
        Assert.Null(profile.Find(Facet.Brand("Apexa")));
        Assert.Equal(1, leaf.CountOf(EventType.View));
        Assert.Equal(1, leaf.CountOf(EventType.Purchase));
        Assert.Equal(0, leaf.CountOf(EventType.Click));
    }

    [Fact]
    public void Items_in_an_interest_cluster_build_a_cluster_interest_that_folds_in_new_events_like_a_rebuild()
    {
        var clusters = new Dictionary<string, string> { ["trail-a"] = "Trail shoes · mesh", ["trail-b"] = "Trail shoes · mesh", ["pan"] = "Frying pans · cast iron" };
        var builder = new InterestProfileBuilder();
        string? ClusterOf(string id) => clusters.GetValueOrDefault(id);
        Event[] events = [E("e1", "trail-a", EventType.View, 2), E("e2", "trail-b", EventType.Purchase, 1), E("e3", "road-a", EventType.View, 1)];
        var profile = builder.Build("u1", events, Find, ClusterOf);

        var trail = profile.Find(Facet.Cluster("Trail shoes · mesh"))!;
        Assert.Equal(profile.Find(Facet.Category("Sports > Running > Trail shoes"))!.LongTerm, trail.LongTerm, 9);
        Assert.Equal(1, trail.CountOf(EventType.View));
        Assert.Equal(1, trail.CountOf(EventType.Purchase));
        Assert.Equal(["e2", "e1"], trail.RecentEvents.Select(static e => e.EventId));
        Assert.StartsWith("interest Trail shoes · mesh: 1 view, 1 purchase", trail.Summary(Now), StringComparison.Ordinal);
        Assert.Null(profile.Find(Facet.Cluster("Frying pans · cast iron")));
        Assert.DoesNotContain(profile.Interests, static i => i.Facet.Kind == FacetKind.Cluster && i.Facet.Value.Length == 0);

        // Without the lookup there are no cluster interests; with it, one more event equals the rebuild.
        Assert.DoesNotContain(builder.Build("u1", events, Find).Interests, static i => i.Facet.Kind == FacetKind.Cluster);
        var pan = E("e4", "pan", EventType.Purchase, 0);
        var folded = builder.Apply(profile, pan, Find, ClusterOf);
        var rebuilt = builder.Build("u1", [.. events, pan], Find, ClusterOf);
        Assert.Equal(rebuilt.Find(Facet.Cluster("Frying pans · cast iron"))!.LongTerm, folded.Find(Facet.Cluster("Frying pans · cast iron"))!.LongTerm, 9);
        Assert.Equal(rebuilt.Find(Facet.Cluster("Trail shoes · mesh"))!.ShortTerm, folded.Find(Facet.Cluster("Trail shoes · mesh"))!.ShortTerm, 9);
    }

    [Fact]
    public void Long_term_halves_per_half_life_and_short_term_forgets_old_events()
    {
        var builder = new InterestProfileBuilder(new InterestProfileOptions { LongTermHalfLifeDays = 30, ShortTermHalfLifeDays = 1 });
        var profile = builder.Build("u1", [E("old", "pan", EventType.View, 30), E("new", "trail-a", EventType.View, 0)], Find);

        var pan = profile.Find(Facet.Brand("Hearthly"))!;
        var shoe = profile.Find(Facet.Brand("Northpeak"))!;
        Assert.Equal(0.5, pan.LongTerm, 9);
        Assert.Equal(1.0, shoe.LongTerm, 9);
        Assert.Equal(Math.Pow(0.5, 30), pan.ShortTerm, 12);
        Assert.Equal(1.0, shoe.ShortTerm, 9);
        Assert.Equal(Now, profile.AsOf);
        Assert.Equal(Facet.Brand("Northpeak"), profile.Top(1, ProfileHorizon.ShortTerm, FacetKind.Brand)[0].Interest.Facet);
    }

    [Fact]
    public void Last_session_window_keeps_only_the_newest_session_short_term()
    {
        var builder = new InterestProfileBuilder(new InterestProfileOptions { ShortTerm = ShortTermWindow.LastSession });
        var profile = builder.Build(
            "u1",
            [E("e1", "pan", EventType.View, 0.5, session: "s1"), E("e2", "trail-a", EventType.View, 0.1, session: "s2"), E("e3", "trail-b", EventType.View, 0, session: "s2")],
            Find);

        Assert.Equal(0, profile.Find(Facet.Brand("Hearthly"))!.ShortTerm);
        Assert.True(profile.Find(Facet.Brand("Hearthly"))!.LongTerm > 0);
        Assert.Equal(1.0, profile.Find(Facet.Brand("Northpeak"))!.ShortTerm, 9);
        Assert.Equal(2.0, profile.Find(Facet.Category("Sports > Running > Trail shoes"))!.ShortTerm, 9);
    }

    [Fact]
    public void Evidence_keeps_recent_events_first_and_last_seen_and_a_readable_summary()
    {
        var builder = new InterestProfileBuilder(new InterestProfileOptions { RecentEvents = 2 });
        var events = new[]
        {
            E("e1", "trail-a", EventType.View, 10), E("e2", "trail-b", EventType.View, 6), E("e3", "trail-a", EventType.Click, 5),
            E("e4", "trail-b", EventType.View, 4), E("e5", "trail-a", EventType.View, 3), E("e6", "trail-a", EventType.Purchase, 2),
            E("e7", "trail-b", EventType.View, 2.5),
        };
        var profile = builder.Build("u1", events.Reverse(), Find);
        var leaf = profile.Find(Facet.Category("Sports > Running > Trail shoes"))!;

        Assert.Equal(["e6", "e7"], leaf.RecentEvents.Select(r => r.EventId));
        Assert.Equal(Now.AddDays(-10), leaf.FirstSeen);
        Assert.Equal(Now.AddDays(-2), leaf.LastSeen);
        Assert.Equal("Sports > Running > Trail shoes: 5 views, 1 click, 1 purchase, last 2 days ago", leaf.Summary(Now));
        Assert.Equal("brand Apexa: 3 views, last today", profile.Find(Facet.Brand("Apexa"))!.Summary(Now.AddDays(-2)));
        // The short-term line leads with the newest events (here the two kept), then the lifetime counts.
        Assert.Equal("Sports > Running > Trail shoes: latest a purchase 2 days ago, a view 2 days ago (in all 5 views, 1 click, 1 purchase)", leaf.RecentSummary(Now));
        Assert.Equal("brand Apexa: latest a view 2 days ago, a view 4 days ago (in all 3 views)", profile.Find(Facet.Brand("Apexa"))!.RecentSummary(Now));
        // Neighbours of one type on one day read as one.
        var sameDay = builder.Build("u1", [E("f1", "trail-b", EventType.View, 3.2), E("f2", "trail-b", EventType.View, 3.1)], Find);
        Assert.Equal("brand Apexa: latest 2 views 3 days ago (in all 2 views)", sameDay.Find(Facet.Brand("Apexa"))!.RecentSummary(Now));
        Assert.Equal(7, profile.EventCount);
    }

    [Fact]
    public void Negative_review_lowers_the_brand_more_than_the_category()
    {
        var analyzer = new KeywordSentimentAnalyzer();
        var builder = new InterestProfileBuilder(sentiment: analyzer);
        var browsing = new[] { E("e1", "trail-a", EventType.View, 3), E("e2", "trail-a", EventType.Purchase, 3), E("e3", "trail-b", EventType.View, 3) };
        var review = E("r1", "trail-a", EventType.Review, 3, text: "Very disappointed, the sole broke after a week.");

        var before = builder.Build("u1", browsing, Find);
        var after = builder.Build("u1", [.. browsing, review], Find);

        var brand = Facet.Brand("Northpeak");
        var leaf = Facet.Category("Sports > Running > Trail shoes");
        var brandDrop = before.Find(brand)!.LongTerm - after.Find(brand)!.LongTerm;
        var leafDrop = before.Find(leaf)!.LongTerm - after.Find(leaf)!.LongTerm;
        Assert.True(brandDrop > 0, $"the brand went from {before.Find(brand)!.LongTerm} to {after.Find(brand)!.LongTerm}");
        Assert.True(leafDrop < brandDrop, $"the category dropped {leafDrop}, the brand {brandDrop}");
        Assert.Equal(1, analyzer.Calls);

        // The review is kept as evidence of what moved the brand, and an untouched brand does not move.
        var moved = Assert.Single(after.Find(brand)!.Reviews);
        Assert.Equal("r1", moved.EventId);
        Assert.True(moved.Opinion < 0 && moved.Effect < 0);
        Assert.Equal(before.Find(Facet.Brand("Apexa"))!.LongTerm, after.Find(Facet.Brand("Apexa"))!.LongTerm, 12);

        // The same text judged positive raises the brand instead.
        var praised = builder.Build("u1", [.. browsing, review with { Text = "Love it, excellent grip." }], Find);
        Assert.True(praised.Find(brand)!.LongTerm > before.Find(brand)!.LongTerm);
    }

    [Fact]
    public void Sentiment_influence_zero_ignores_review_text()
    {
        var builder = new InterestProfileBuilder(new InterestProfileOptions { SentimentInfluence = 0 }, new KeywordSentimentAnalyzer());
        var negative = builder.Build("u1", [E("r1", "trail-a", EventType.Review, 0, text: "Very disappointed.")], Find);
        var positive = builder.Build("u1", [E("r1", "trail-a", EventType.Review, 0, text: "Love it.")], Find);
        Assert.Equal(positive.Find(Facet.Brand("Northpeak"))!.LongTerm, negative.Find(Facet.Brand("Northpeak"))!.LongTerm, 12);
        Assert.Equal(EventWeights.Default.Review, negative.Find(Facet.Brand("Northpeak"))!.LongTerm, 9);
    }

    [Fact]
    public void Without_an_analyzer_review_stars_carry_the_opinion()
    {
        var builder = new InterestProfileBuilder();
        var low = builder.Build("u1", [E("r1", "trail-a", EventType.Review, 0, value: 1, text: "meh")], Find);
        var high = builder.Build("u1", [E("r1", "trail-a", EventType.Review, 0, value: 5, text: "meh")], Find);
        Assert.True(low.Find(Facet.Brand("Northpeak"))!.LongTerm < 0);
        Assert.True(high.Find(Facet.Brand("Northpeak"))!.LongTerm > EventWeights.Default.Review);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void Low_rating_lowers_the_brand_below_zero_and_the_category_less(double stars)
    {
        var builder = new InterestProfileBuilder();
        var profile = builder.Build("u1", [E("e1", "trail-a", EventType.Rating, 0, value: stars)], Find);
        var brand = profile.Find(Facet.Brand("Northpeak"))!.LongTerm;
        var leaf = profile.Find(Facet.Category("Sports > Running > Trail shoes"))!.LongTerm;
        Assert.True(brand < 0, $"brand {brand}");
        Assert.True(leaf > brand, $"category {leaf} vs brand {brand}");
        Assert.Equal(Facet.Brand("Northpeak"), profile.Aversions(1, FacetKind.Brand)[0].Interest.Facet);
        Assert.Single(profile.Find(Facet.Brand("Northpeak"))!.Reviews);
    }

    [Fact]
    public void Dislike_is_negative_evidence()
    {
        var builder = new InterestProfileBuilder();
        var liked = builder.Build("u1", [E("e1", "trail-a", EventType.View, 1), E("e2", "trail-b", EventType.View, 1)], Find);
        var disliked = builder.Build("u1", [E("e1", "trail-a", EventType.View, 1), E("e2", "trail-b", EventType.View, 1), E("e3", "trail-b", EventType.Dislike, 0)], Find);
        Assert.True(disliked.Find(Facet.Brand("Apexa"))!.LongTerm < 0);
        Assert.True(disliked.Find(Facet.Category("Sports > Running > Trail shoes"))!.LongTerm < liked.Find(Facet.Category("Sports > Running > Trail shoes"))!.LongTerm);
        Assert.DoesNotContain(disliked.Top(10, ProfileHorizon.LongTerm, FacetKind.Brand), r => r.Interest.Facet == Facet.Brand("Apexa"));
        Assert.Equal(1, disliked.Find(Facet.Brand("Apexa"))!.CountOf(EventType.Dislike));
    }

    [Fact]
    public void Searches_become_keyword_interests()
    {
        var builder = new InterestProfileBuilder();
        var profile = builder.Build("u1", [new Event("s1", "u1", null, EventType.Search, Now, Text: "Waterproof trail shoes"), new Event("s2", "u1", null, EventType.Search, Now, Text: "越野跑鞋")], Find);
        Assert.NotNull(profile.Find(Facet.Keyword("waterproof")));
        Assert.NotNull(profile.Find(Facet.Keyword("越野跑鞋")));
        Assert.Equal(1, profile.Find(Facet.Keyword("trail"))!.CountOf(EventType.Search));
    }

    [Fact]
    public void Weightless_events_move_nothing_but_time()
    {
        var builder = new InterestProfileBuilder();
        var profile = builder.Build("u1", [E("e1", "trail-a", EventType.View, 1), E("e2", "pan", EventType.Impression, 0)], Find);
        Assert.Null(profile.Find(Facet.Brand("Hearthly")));
        Assert.Equal(Now, profile.AsOf);
        Assert.True(profile.Find(Facet.Brand("Northpeak"))!.LongTerm < 1.0);
    }

    [Fact]
    public void Unknown_items_are_skipped_and_other_users_events_are_refused()
    {
        var builder = new InterestProfileBuilder();
        var profile = builder.Build("u1", [E("e1", "missing", EventType.Purchase, 0)], Find);
        Assert.Empty(profile.Interests);
        Assert.Equal(1, profile.EventCount);
        Assert.Throws<ArgumentException>(() => builder.Build("u2", [E("e1", "trail-a", EventType.View, 0)], Find));
    }

    [Fact]
    public void Ranking_leaves_out_an_ancestor_fed_by_a_single_descendant_only()
    {
        var builder = new InterestProfileBuilder(new InterestProfileOptions { AncestorShare = 0.9 });
        var one = builder.Build("u1", [E("e1", "trail-a", EventType.View, 0)], Find);
        Assert.DoesNotContain(one.Top(10, ProfileHorizon.LongTerm, FacetKind.Category), r => r.Interest.Facet == Facet.Category("Sports > Running"));
        Assert.True(one.IsRedundantAncestor(one.Find(Facet.Category("Sports"))!));

        var two = builder.Build("u1", [E("e1", "trail-a", EventType.View, 0), E("e2", "road-a", EventType.View, 0)], Find);
        var top = two.Top(10, ProfileHorizon.LongTerm, FacetKind.Category);
        Assert.Equal(Facet.Category("Sports > Running"), top[0].Interest.Facet);
    }

    [Fact]
    public void Max_interests_drops_the_weakest()
    {
        // The pan touches five facets long ago; the shoe six now. Six fit, so the pan's go.
        var builder = new InterestProfileBuilder(new InterestProfileOptions { MaxInterests = 6 });
        var profile = builder.Build("u1", [E("e1", "pan", EventType.View, 100), E("e2", "trail-a", EventType.Purchase, 0)], Find);
        Assert.Equal(6, profile.Interests.Count);
        Assert.All(profile.Interests, i => Assert.DoesNotContain(i.Facet.Value, new[] { "Hearthly", "cast iron", "Home & Kitchen" }));
        Assert.NotNull(profile.Find(Facet.Brand("Northpeak")));
    }

    [Fact]
    public void Applying_the_newest_event_equals_rebuilding_exactly()
    {
        var builder = new InterestProfileBuilder(new InterestProfileOptions { MaxInterests = 6 }, new KeywordSentimentAnalyzer());
        var events = new[]
        {
            E("e1", "pan", EventType.View, 40, session: "a"), E("e2", "trail-a", EventType.View, 20, session: "b"),
            E("e3", "trail-a", EventType.AddToCart, 20, value: 2, session: "b"), E("e4", "trail-a", EventType.Purchase, 19, session: "b"),
            E("e5", "trail-a", EventType.Review, 10, value: 2, text: "Very disappointed.", session: "c"),
            E("e6", "road-a", EventType.Like, 1, session: "d"), E("e7", "trail-b", EventType.Dislike, 0.5, session: "d"),
            new Event("e8", "u1", null, EventType.Search, Now, Text: "road shoes", SessionId: "e"),
        };

        var profile = builder.Build("u1", events.Take(3), Find);
        foreach (var e in events.Skip(3))
        {
            profile = builder.Apply(profile, e, Find);
        }

        var rebuilt = builder.Build("u1", events, Find);
        Assert.Equal(Describe(rebuilt), Describe(profile));
    }

    [Fact]
    public void Applying_an_older_event_agrees_with_a_rebuild_up_to_rounding()
    {
        var builder = new InterestProfileBuilder();
        var late = E("late", "trail-a", EventType.View, 0);
        var early = E("early", "trail-b", EventType.Purchase, 12);
        var incremental = builder.Apply(builder.Build("u1", [late], Find), early, Find);
        var rebuilt = builder.Build("u1", [early, late], Find);
        Assert.Equal(rebuilt.Interests.Select(i => i.Facet), incremental.Interests.Select(i => i.Facet));
        foreach (var i in rebuilt.Interests)
        {
            var j = incremental.Find(i.Facet)!;
            Assert.Equal(i.LongTerm, j.LongTerm, 9);
            Assert.Equal(i.ShortTerm, j.ShortTerm, 9);
            Assert.Equal(i.FirstSeen, j.FirstSeen);
            Assert.Equal(i.RecentEvents, j.RecentEvents);
        }
    }

    internal static string Describe(InterestProfile p) =>
        string.Join(
            "\n",
            p.Interests.Select(i => string.Join(
                "|",
                i.Facet,
                i.LongTerm.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                i.ShortTerm.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                string.Join(",", i.Counts.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value}")),
                string.Join(",", i.RecentEvents),
                i.FirstSeen,
                i.LastSeen,
                string.Join(",", i.Reviews))))
        + $"\n{p.UserId} {p.AsOf} {p.LastSession} {p.EventCount}";
}
