using Penchant.Core.Data;
using Penchant.Core.Profiles;

namespace Penchant.Core.Tests.Profiles;

public sealed class ProfileNarrativeTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, Item> Catalogue = new[]
    {
        new Item("trail-a", "Trail shoe A", CategoryPath: ["Sports", "Trail shoes"], Brand: "Northpeak"),
        new Item("trail-b", "Trail shoe B", CategoryPath: ["Sports", "Trail shoes"], Brand: "Northpeak"),
        new Item("pan", "Frying pan", CategoryPath: ["Kitchen", "Frying pans"], Brand: "Hearthly"),
        new Item("mug", "Mug", CategoryPath: ["Kitchen", "Mugs"], Brand: "Globex"),
    }.ToDictionary(i => i.Id);

    private static Event E(string id, string item, EventType type, double daysAgo) => new(id, "u1", item, type, Now.AddDays(-daysAgo));

    private static InterestProfile Build(params Event[] events) =>
        new InterestProfileBuilder().Build("u1", [.. events.OrderBy(static e => e.Timestamp)], Catalogue.GetValueOrDefault);

    [Fact]
    public void Long_standing_interests_then_a_recent_turn_then_an_aversion_each_with_their_counts()
    {
        // Months of trail shoes (views and a purchase), pans this week, and a disliked mug.
        var profile = Build(
            E("1", "trail-a", EventType.View, 120), E("2", "trail-b", EventType.View, 110), E("3", "trail-a", EventType.Purchase, 100),
            E("4", "trail-b", EventType.View, 90), E("5", "pan", EventType.View, 1), E("6", "pan", EventType.View, 0),
            E("7", "mug", EventType.Dislike, 30));
        var text = ProfileNarrative.Describe(profile, Now, perPart: 2);
        var sentences = text.Split(". ");

        Assert.Equal(3, sentences.Length);
        Assert.StartsWith("Mostly interested in ", sentences[0], StringComparison.Ordinal);
        // The strongest evidence first, two kinds at most; the brand built from the very same events is not repeated.
        Assert.Contains("Sports > Trail shoes (1 purchase, 3 views)", sentences[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Northpeak", sentences[0], StringComparison.Ordinal);
        Assert.True(sentences[1].StartsWith("Lately turning to Kitchen > Frying pans (latest a view today, a view 1 day ago)", StringComparison.Ordinal), text);
        Assert.StartsWith("Turned against ", sentences[2], StringComparison.Ordinal);
        Assert.Contains("(1 dislike)", sentences[2], StringComparison.Ordinal);
        Assert.DoesNotContain(" and ", sentences[2], StringComparison.Ordinal); // the mug's brand and category: one dislike, said once
        Assert.EndsWith(".", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shopper_whose_latest_events_are_their_main_interest_reads_lately_still()
    {
        var profile = Build(E("1", "trail-a", EventType.View, 10), E("2", "trail-b", EventType.Purchase, 0), E("3", "pan", EventType.View, 50));
        var text = ProfileNarrative.Describe(profile, Now);
        var lead = profile.Top(1, ProfileHorizon.LongTerm, FacetKind.Category, FacetKind.Brand, FacetKind.Cluster)[0].Interest.Facet;
        Assert.Contains($"Lately still {lead}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Turned against", text, StringComparison.Ordinal);
    }

    [Fact]
    public void No_events_give_a_plain_sentence_and_no_facts()
    {
        var profile = InterestProfile.Empty("u1");
        Assert.Equal("No interests yet.", ProfileNarrative.Describe(profile, Now));
        Assert.Empty(ProfileNarrative.Facts(profile, Now));
    }

    [Fact]
    public void Facts_label_each_horizon_and_never_hold_the_shoppers_id()
    {
        var profile = new InterestProfileBuilder().Build("shopper-secret-42", [new Event("1", "shopper-secret-42", "pan", EventType.View, Now), new Event("2", "shopper-secret-42", "mug", EventType.Dislike, Now)], Catalogue.GetValueOrDefault);
        var facts = ProfileNarrative.Facts(profile, Now);
        Assert.Contains(facts, static f => f.StartsWith("long term: Kitchen > Frying pans: 1 view", StringComparison.Ordinal));
        Assert.Contains(facts, static f => f.StartsWith("lately: Kitchen > Frying pans: latest a view today", StringComparison.Ordinal));
        Assert.Contains(facts, static f => f.StartsWith("turned against: ", StringComparison.Ordinal) && f.Contains("Globex", StringComparison.Ordinal));
        Assert.DoesNotContain(facts, static f => f.Contains("shopper-secret-42", StringComparison.Ordinal));
        Assert.DoesNotContain(ProfileNarrative.Describe(profile, Now), "shopper-secret-42", StringComparison.Ordinal);
    }
}
