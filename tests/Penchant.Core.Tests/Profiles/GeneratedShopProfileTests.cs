using Penchant.Core.Profiles;
using Penchant.Core.Synthetic;

namespace Penchant.Core.Tests.Profiles;

/// <summary>A generated shop and every shopper's profile, built once for the tests that read them.</summary>
public sealed class GeneratedShopProfiles
{
    public GeneratedShopProfiles()
    {
        Shop = new ShopGenerator(new ShopGeneratorOptions { Seed = 5, ItemCount = 1500, ShopperCount = 600 }).Generate();
        Builder = new InterestProfileBuilder(sentiment: new KeywordSentimentAnalyzer());
        EventsByUser = Shop.Events.ToLookup(e => e.UserId);
        Profiles = Shop.Users.ToDictionary(u => u.Id, u => Builder.Build(u.Id, EventsByUser[u.Id], Shop.FindItem));
    }

    public SyntheticShop Shop { get; }

    public InterestProfileBuilder Builder { get; }

    public ILookup<string, Penchant.Core.Data.Event> EventsByUser { get; }

    public Dictionary<string, InterestProfile> Profiles { get; }
}

/// <summary>
/// The acceptance of interest profiles (issue "interest profiles"): on the synthetic shop, profiles recover
/// what the generator planted.
/// </summary>
public sealed class GeneratedShopProfileTests(GeneratedShopProfiles fixture) : IClassFixture<GeneratedShopProfiles>
{
    /// <summary>
    /// Recall of a shopper = (planted current interests found among the profile's top 5 long-term interests over
    /// category and brand facets) / (planted current interests), where the planted current interests are the
    /// shopper's current leaf categories and liked brands. The test asserts its mean over all shoppers.
    /// </summary>
    [Fact]
    public void Top_5_long_term_interests_recover_planted_current_interests_with_recall_at_least_0_8()
    {
        var recalls = new List<double>();
        foreach (var truth in fixture.Shop.GroundTruth.Values)
        {
            var top = fixture.Profiles[truth.UserId].Top(5, ProfileHorizon.LongTerm, FacetKind.Category, FacetKind.Brand)
                .Select(r => r.Interest.Facet)
                .ToHashSet();
            var planted = truth.CurrentCategories.Select(c => Facet.Category(c.Category)).Concat(truth.LikedBrands.Select(Facet.Brand)).ToList();
            recalls.Add(planted.Count(top.Contains) / (double)planted.Count);
        }

        Assert.True(recalls.Average() >= 0.8, $"mean recall {recalls.Average():F3}");
    }

    /// <summary>
    /// For every shopper whose interest drifted, ranks the category interests by the short/long-term mix and
    /// compares the drifted-away interest's rank with the ranks of the current ones.
    /// </summary>
    [Fact]
    public void Drifted_away_interest_ranks_below_the_current_ones_in_the_short_long_term_mix()
    {
        var drifted = fixture.Shop.GroundTruth.Values.Where(t => t.PastCategories.Count > 0).ToList();
        Assert.True(drifted.Count > 50, $"only {drifted.Count} shoppers drifted");
        var belowMedian = 0;
        var belowReplacement = 0;
        double pastRanks = 0, currentRanks = 0;
        foreach (var truth in drifted)
        {
            var ranking = fixture.Profiles[truth.UserId].Mixed(int.MaxValue, 0.3, FacetKind.Category).Select(r => r.Interest.Facet).ToList();
            int RankOf(string category)
            {
                var at = ranking.IndexOf(Facet.Category(category));
                return at < 0 ? ranking.Count : at; // unranked (no positive score) counts as last
            }

            var past = RankOf(truth.PastCategories[0].Category);
            var current = truth.CurrentCategories.Select(c => RankOf(c.Category)).Order().ToList();
            var replacement = RankOf(truth.CurrentCategories.Single(c => c.From == truth.DriftedAt).Category);
            belowMedian += past > current[(current.Count - 1) / 2] ? 1 : 0;
            belowReplacement += past > replacement ? 1 : 0;
            pastRanks += past;
            currentRanks += current.Average();
        }

        var n = (double)drifted.Count;
        Assert.True(belowMedian / n >= 0.7, $"the drifted-away interest ranks below the median current one for only {belowMedian / n:P0} of drifted shoppers");
        Assert.True(belowReplacement / n >= 0.65, $"the drifted-away interest ranks below its replacement for only {belowReplacement / n:P0}");
        Assert.True(pastRanks / n >= 2 * currentRanks / n, $"mean rank of drifted-away interests {pastRanks / n:F2}, of current ones {currentRanks / n:F2}");
    }

    [Fact]
    public void Disliked_brand_scores_below_the_liked_brand()
    {
        var pairs = fixture.Shop.GroundTruth.Values.Where(t => t.DislikedBrand is not null).ToList();
        var below = 0;
        foreach (var truth in pairs)
        {
            var profile = fixture.Profiles[truth.UserId];
            var disliked = profile.Find(Facet.Brand(truth.DislikedBrand!))?.LongTerm ?? 0;
            var liked = profile.Find(Facet.Brand(truth.LikedBrands[0]))?.LongTerm ?? 0;
            below += disliked < liked ? 1 : 0;
        }

        Assert.True(below >= 0.9 * pairs.Count, $"the disliked brand scores below the liked one for {below} of {pairs.Count} shoppers");
    }

    [Fact]
    public void Applying_a_shoppers_last_events_one_by_one_equals_rebuilding()
    {
        foreach (var user in fixture.Shop.Users.Take(20))
        {
            var events = fixture.EventsByUser[user.Id].OrderBy(e => e.Timestamp).ThenBy(e => e.EventId, StringComparer.Ordinal).ToList();
            var split = events.Count * 2 / 3;
            var profile = fixture.Builder.Build(user.Id, events.Take(split), fixture.Shop.FindItem);
            foreach (var e in events.Skip(split))
            {
                profile = fixture.Builder.Apply(profile, e, fixture.Shop.FindItem);
            }

            Assert.Equal(InterestProfileBuilderTests.Describe(fixture.Profiles[user.Id]), InterestProfileBuilderTests.Describe(profile));
        }
    }

    [Fact]
    public void Summaries_read_as_category_or_brand_with_counts_and_recency()
    {
        var profile = fixture.Profiles[fixture.Shop.Users[0].Id];
        var lines = profile.Summaries(fixture.Shop.End, 5);
        Assert.Equal(Math.Min(5, profile.Interests.Count), lines.Count);
        Assert.All(lines, l => Assert.Matches(@"^.+: (\d+ [a-z ]+, )+last (today|1 day ago|\d+ days ago)$", l));
    }
}
