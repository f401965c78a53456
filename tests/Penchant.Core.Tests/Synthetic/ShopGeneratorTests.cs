using Penchant.Core.Data;
using Penchant.Core.Synthetic;

namespace Penchant.Core.Tests.Synthetic;

/// <summary>A small generated shop shared (read-only) by the tests that only inspect it.</summary>
public sealed class SmallShop
{
    public static readonly ShopGeneratorOptions Options = new() { Seed = 7, ItemCount = 600, ShopperCount = 300, Days = 120 };

    public SyntheticShop Shop { get; } = new ShopGenerator(Options).Generate();
}

public sealed class ShopGeneratorTests(SmallShop small) : IClassFixture<SmallShop>
{
    private static readonly ShopGeneratorOptions Small = SmallShop.Options;

    [Fact]
    public void Same_seed_gives_identical_shops_and_another_seed_does_not()
    {
        var a = small.Shop;
        var b = new ShopGenerator(Small).Generate();
        var c = new ShopGenerator(Small with { Seed = 8 }).Generate();

        Assert.Equal(a.Events, b.Events);
        Assert.Equal(a.Items.Select(Describe), b.Items.Select(Describe));
        Assert.Equal(a.GroundTruth.Keys, b.GroundTruth.Keys);
        Assert.All(a.GroundTruth, kv => Assert.Equal(Describe(kv.Value), Describe(b.GroundTruth[kv.Key])));

        Assert.NotEqual(a.Items.Select(Describe), c.Items.Select(Describe));
        Assert.NotEqual(a.Events.Take(200).Select(e => (e.UserId, e.ItemId, e.Type, e.Timestamp)), c.Events.Take(200).Select(e => (e.UserId, e.ItemId, e.Type, e.Timestamp)));
    }

    [Fact]
    public void Counts_are_as_asked_and_every_event_refers_to_a_known_item_and_user()
    {
        var shop = small.Shop;
        Assert.Equal(Small.ItemCount, shop.Items.Count);
        Assert.Equal(Small.ShopperCount, shop.Users.Count);
        Assert.Equal(Small.ShopperCount, shop.GroundTruth.Count);
        var perShopper = (double)shop.Events.Count / Small.ShopperCount;
        Assert.InRange(perShopper, 0.6 * Small.EventsPerShopper, 1.5 * Small.EventsPerShopper);

        var items = shop.Items.Select(i => i.Id).ToHashSet();
        var users = shop.Users.Select(u => u.Id).ToHashSet();
        Assert.Equal(shop.Items.Count, items.Count);
        Assert.Equal(shop.Events.Count, shop.Events.Select(e => e.EventId).Distinct().Count());
        foreach (var e in shop.Events)
        {
            Assert.Contains(e.UserId, users);
            Assert.InRange(e.Timestamp, shop.Start, shop.End);
            if (e.Type == EventType.Search)
            {
                Assert.Null(e.ItemId);
                Assert.False(string.IsNullOrWhiteSpace(e.Text));
            }
            else
            {
                Assert.NotNull(e.ItemId);
                Assert.Contains(e.ItemId, items);
                Assert.True(shop.FindItem(e.ItemId)!.CreatedAt <= e.Timestamp, $"{e.EventId} precedes its item's creation");
            }
        }

        for (var i = 1; i < shop.Events.Count; i++)
        {
            Assert.True(shop.Events[i - 1].Timestamp <= shop.Events[i].Timestamp);
        }
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(5, 10)]
    public void Tiny_catalogues_still_generate(int itemCount, int shopperCount)
    {
        var shop = new ShopGenerator(new ShopGeneratorOptions { ItemCount = itemCount, ShopperCount = shopperCount, EventsPerShopper = 20 }).Generate();
        Assert.Equal(itemCount, shop.Items.Count);
        Assert.All(shop.GroundTruth.Values, t => Assert.InRange(t.CurrentCategories.Count, 1, itemCount));
        Assert.All(shop.Events.Where(e => e.ItemId is not null), e => Assert.NotNull(shop.FindItem(e.ItemId!)));
    }

    [Fact]
    public void Invalid_options_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShopGenerator(new ShopGeneratorOptions { ItemCount = 0 }).Generate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShopGenerator(new ShopGeneratorOptions { DriftProbability = 1.5 }).Generate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShopGenerator(new ShopGeneratorOptions { MinInterests = 3, MaxInterests = 2 }).Generate());
    }

    [Fact]
    public void Every_event_type_a_shop_sends_occurs()
    {
        var shop = small.Shop;
        var types = shop.Events.Select(e => e.Type).ToHashSet();
        foreach (var type in EventTypes.All.Where(t => t != EventType.Impression))
        {
            Assert.Contains(type, types);
        }

        Assert.All(shop.Events.Where(e => e.Type == EventType.Rating), e => Assert.InRange(e.Value!.Value, 1, 5));
        Assert.All(shop.Events.Where(e => e.Type == EventType.Review), e => Assert.False(string.IsNullOrWhiteSpace(e.Text)));
    }

    [Fact]
    public void Catalogue_is_a_bilingual_three_level_tree_with_prices_tags_stock_and_new_arrivals()
    {
        var shop = small.Shop;
        Assert.All(shop.Items, i => Assert.Equal(3, i.Categories.Count));
        Assert.Equal(8, shop.Items.Select(i => i.Categories[0]).Distinct().Count());
        Assert.All(shop.Categories, c => Assert.Equal(c.Path.Count, c.PathZh.Count));
        Assert.Contains(shop.Categories, c => c.Text == "Sports > Running > Trail shoes" && c.TextZh == "运动 > 跑步 > 越野跑鞋");

        var chinese = shop.Items.Count(i => i.Title.Any(IsCjk));
        Assert.InRange(chinese, 0.15 * shop.Items.Count, 0.35 * shop.Items.Count);
        Assert.All(shop.Items.Where(i => i.Title.Any(IsCjk)), i => Assert.Contains(i.Description!, c => IsCjk(c)));
        Assert.All(shop.Items, i => Assert.True(i.Price > 0));
        Assert.All(shop.Items, i => Assert.Equal(3, i.TagList.Count));
        Assert.All(shop.Items, i => Assert.Contains(i.Brand!, i.Attributes!["title_en"], StringComparison.Ordinal));

        var outOfStock = shop.Items.Count(i => !i.Available);
        Assert.InRange(outOfStock, 1, 0.1 * shop.Items.Count);
        var newArrivals = shop.Items.Count(i => i.CreatedAt > shop.End.AddDays(-14));
        Assert.InRange(newArrivals, 1, 0.1 * shop.Items.Count);

        // Log-normal prices per category: electronics cost more than food on the whole.
        double Median(string top) => shop.Items.Where(i => i.Categories[0] == top).Select(i => (double)i.Price!.Value).Order().ElementAt(shop.Items.Count(i => i.Categories[0] == top) / 2);
        Assert.True(Median("Electronics") > 2 * Median("Food & Drinks"));
    }

    [Fact]
    public void Chinese_reviews_and_searches_come_from_chinese_speaking_shoppers()
    {
        var shop = small.Shop;
        var texts = shop.Events.Where(e => e.Type is EventType.Review or EventType.Search).ToList();
        Assert.Contains(texts, e => e.Text!.Any(IsCjk));
        Assert.Contains(texts, e => !e.Text!.Any(IsCjk));
        Assert.All(texts.Where(e => e.Text!.Any(IsCjk)), e => Assert.Equal("zh", shop.GroundTruth[e.UserId].Language));
    }

    [Fact]
    public void Drift_replaces_an_interest_and_events_follow_the_planted_schedule()
    {
        var shop = small.Shop;
        var drifted = shop.GroundTruth.Values.Where(t => t.PastCategories.Count > 0).ToList();
        Assert.InRange(drifted.Count, 0.15 * Small.ShopperCount, 0.45 * Small.ShopperCount);
        Assert.All(shop.GroundTruth.Values, t =>
        {
            Assert.InRange(t.CurrentCategories.Count, Small.MinInterests, Small.MaxInterests);
            Assert.Equal(t.PastCategories.Count > 0, t.DriftedAt is not null);
            Assert.DoesNotContain(t.PastCategories, p => t.CurrentCategories.Any(c => c.Category == p.Category));
        });

        // Views in a drifted-away category stop (but for chance browsing) after the drift; views in the new one start.
        var byUser = shop.Events.Where(e => e.Type == EventType.View).ToLookup(e => e.UserId);
        int before = 0, after = 0, newBefore = 0, newAfter = 0;
        foreach (var truth in drifted)
        {
            var past = truth.PastCategories[0];
            var fresh = truth.CurrentCategories.Single(c => c.From == truth.DriftedAt);
            foreach (var e in byUser[truth.UserId])
            {
                var category = shop.FindItem(e.ItemId!)!.CategoryText;
                var isBefore = e.Timestamp < truth.DriftedAt;
                if (category == past.Category)
                {
                    _ = isBefore ? before++ : after++;
                }
                else if (category == fresh.Category)
                {
                    _ = isBefore ? newBefore++ : newAfter++;
                }
            }
        }

        Assert.True(before > 10 * Math.Max(1, after), $"old interest: {before} views before the drift, {after} after");
        Assert.True(newAfter > 10 * Math.Max(1, newBefore), $"new interest: {newBefore} views before the drift, {newAfter} after");
    }

    [Fact]
    public void Ratings_and_review_sentiment_follow_planted_brand_liking()
    {
        var shop = small.Shop;
        var liked = new List<double>();
        var neutral = new List<double>();
        var disliked = new List<double>();
        foreach (var e in shop.Events.Where(e => e.Type == EventType.Rating))
        {
            var truth = shop.GroundTruth[e.UserId];
            var brand = shop.FindItem(e.ItemId!)!.Brand;
            var bucket = truth.LikedBrands.Contains(brand!) ? liked : brand == truth.DislikedBrand ? disliked : neutral;
            bucket.Add(e.Value!.Value);
        }

        Assert.True(liked.Count > 20 && neutral.Count > 20 && disliked.Count > 3, $"{liked.Count} / {neutral.Count} / {disliked.Count} ratings");
        Assert.True(liked.Average() > neutral.Average() + 0.4, $"liked {liked.Average():F2} vs other {neutral.Average():F2}");
        Assert.True(disliked.Average() < neutral.Average() - 1.0, $"disliked {disliked.Average():F2} vs other {neutral.Average():F2}");

        // Review text agrees with its stars: low-star reviews use the negative phrases, high-star ones the positive.
        var phrases = ShopVocabularyPhrases();
        foreach (var review in shop.Events.Where(e => e.Type == EventType.Review))
        {
            var stars = review.Value!.Value;
            if (stars >= 4)
            {
                Assert.Contains(phrases.Positive, p => review.Text!.Contains(p, StringComparison.OrdinalIgnoreCase));
                Assert.DoesNotContain(phrases.Negative, p => review.Text!.Contains(p, StringComparison.OrdinalIgnoreCase));
            }
            else if (stars <= 2)
            {
                Assert.Contains(phrases.Negative, p => review.Text!.Contains(p, StringComparison.OrdinalIgnoreCase));
                Assert.DoesNotContain(phrases.Positive, p => review.Text!.Contains(p, StringComparison.OrdinalIgnoreCase));
            }
        }
    }

    private static (string[] Positive, string[] Negative) ShopVocabularyPhrases()
    {
        var aspects = ShopVocabulary.Tops.SelectMany(t => t.Aspects).Concat(ShopVocabulary.CommonAspects).ToList();
        return (
            [.. aspects.Select(a => a.PositiveEn), .. aspects.Select(a => a.PositiveZh)],
            [.. aspects.Select(a => a.NegativeEn), .. aspects.Select(a => a.NegativeZh)]);
    }

    private static bool IsCjk(char c) => c is >= '\u4e00' and <= '\u9fff';

    private static string Describe(Item i) =>
        string.Join("|", i.Id, i.Title, i.Description, i.CategoryText, i.Brand, i.Price, string.Join(",", i.TagList), i.Available, i.CreatedAt);

    private static string Describe(ShopperTruth t) =>
        string.Join("|", t.UserId, string.Join(",", t.CurrentCategories), string.Join(",", t.PastCategories), string.Join(",", t.LikedBrands), t.DislikedBrand, t.PriceSensitivity, t.DriftedAt);
}
