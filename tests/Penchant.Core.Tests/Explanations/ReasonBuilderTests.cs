using Penchant.Core.Data;
using Penchant.Core.Explanations;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Content;
using Penchant.Core.Tests.Recommenders;
using Penchant.Core.Tests.Recommenders.Content;

namespace Penchant.Core.Tests.Explanations;

public sealed class ReasonBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Item Shoe = new(
        "i1",
        "Salomon Speedcross 6",
        CategoryPath: ["Sports", "Running", "Trail shoes"],
        Brand: "Salomon",
        CreatedAt: Now.AddDays(-200));

    private static readonly Item Jacket = new("i9", "Rain jacket", CategoryPath: ["Sports", "Running", "Jackets"], Brand: "Acme");

    private static readonly ShopperTaste Taste = new(
        [new WeightedInterest("Trail shoes", 9, Views: 5, Purchases: 1), new WeightedInterest("Camping stoves", 2, Views: 2)],
        [new WeightedInterest("Salomon", 3)]);

    private readonly ReasonBuilder _builder = new();

    [Fact]
    public void New_arrival_from_a_liked_brand_comes_first()
    {
        var fresh = Shoe with { CreatedAt = Now.AddDays(-3) };
        var reason = _builder.Explain(fresh, SlotKind.Personal, Taste, new HistoryEvidence(Jacket, EventType.Purchase), Now);
        Assert.Equal(ReasonKind.NewFromBrand, reason.Kind);
        Assert.Equal("New arrival from Salomon, a brand you like", reason.Text);
        Assert.Equal("Salomon", reason.Anchor);
    }

    [Theory]
    [InlineData(EventType.Purchase, "Because you bought \u201CRain jacket\u201D")]
    [InlineData(EventType.View, "Because you viewed \u201CRain jacket\u201D")]
    [InlineData(EventType.AddToCart, "Because you added \u201CRain jacket\u201D to your cart")]
    [InlineData(EventType.Like, "Because you liked \u201CRain jacket\u201D")]
    public void Attributed_history_item_is_named_with_what_the_shopper_did(EventType type, string expected)
    {
        var reason = _builder.Explain(Shoe, SlotKind.Personal, Taste, new HistoryEvidence(Jacket, type), Now);
        Assert.Equal(ReasonKind.BecauseOfItem, reason.Kind);
        Assert.Equal(expected, reason.Text);
        Assert.Equal("i9", reason.Anchor);
    }

    [Fact]
    public void Matching_category_interest_reports_its_evidence()
    {
        var reason = _builder.Explain(Shoe, SlotKind.Personal, Taste, because: null, Now);
        Assert.Equal(ReasonKind.MatchesInterest, reason.Kind);
        Assert.Equal("Matches your interest in Trail shoes: 5 views, 1 purchase", reason.Text);
        Assert.Equal("Trail shoes", reason.Anchor);
    }

    [Fact]
    public void Matching_interest_cluster_comes_before_the_category_and_needs_the_shopper_to_hold_it()
    {
        var taste = Taste with { Clusters = [new WeightedInterest("Trail shoes · waterproof, grip", 4, Views: 3, Purchases: 1)] };
        var reason = _builder.Explain(Shoe, SlotKind.Personal, taste, null, Now, clusterLabel: "Trail shoes · waterproof, grip");
        Assert.Equal(ReasonKind.MatchesInterest, reason.Kind);
        Assert.Equal("Matches your interest in Trail shoes · waterproof, grip: 3 views, 1 purchase", reason.Text);

        // A cluster the shopper has no interest in falls through to the category.
        var other = _builder.Explain(Shoe, SlotKind.Personal, taste, null, Now, clusterLabel: "Road shoes · cushioned");
        Assert.Equal("Matches your interest in Trail shoes: 5 views, 1 purchase", other.Text);
    }

    [Fact]
    public void Interest_given_as_a_full_path_matches_and_shows_its_leaf_without_empty_evidence()
    {
        var taste = new ShopperTaste([new WeightedInterest("Sports > Running", 1)], []);
        var reason = _builder.Explain(Shoe, SlotKind.Personal, taste, because: null, Now);
        Assert.Equal("Matches your interest in Running", reason.Text);
    }

    [Fact]
    public void Liked_brand_that_is_not_new_is_a_brand_reason()
    {
        var taste = Taste with { Categories = [] };
        var reason = _builder.Explain(Shoe, SlotKind.Personal, taste, because: null, Now);
        Assert.Equal(ReasonKind.MatchesInterest, reason.Kind);
        Assert.Equal("From Salomon, a brand you like", reason.Text);
    }

    [Fact]
    public void Brand_outside_the_top_brands_does_not_count_as_liked()
    {
        var taste = new ShopperTaste([], [new WeightedInterest("A", 9), new WeightedInterest("Salomon", 1)]);
        var reason = new ReasonBuilder(new ReasonOptions(TopBrands: 1)).Explain(Shoe with { CreatedAt = Now }, SlotKind.Personal, taste, null, Now);
        Assert.Equal(ReasonKind.Popular, reason.Kind);
    }

    [Fact]
    public void Personal_slot_without_any_link_falls_back_to_popular_in_category()
    {
        var reason = _builder.Explain(Jacket, SlotKind.Personal, ShopperTaste.Empty, because: null, Now);
        Assert.Equal(ReasonKind.Popular, reason.Kind);
        Assert.Equal("Popular in Jackets", reason.Text);
    }

    /// <summary>
    /// A shoe recommended to a shopper whose only related history is a novel used to be "because you viewed" the
    /// novel (a tiny positive text similarity); now the next kind of reason is given: their shoe interest.
    /// </summary>
    [Fact]
    public void A_weak_history_link_gives_way_to_the_next_kind_of_reason()
    {
        var model = HistoryAttributionTests.ShoesAndBooksModel();
        var items = HistoryAttributionTests.ShoesAndBooks();
        var taste = new ShopperTaste([new WeightedInterest("Trail shoes", 2, Views: 3)], []);
        var (novel, shoe) = HistoryAttributionTests.WeakLinks(model)[0];
        var otherNovel = (novel + 2) % 20;
        var query = UserQuery.FromSequence(-1, [novel]);
        Reason[] Explain(ReasonBuilder builder) => builder.ExplainAll(model, query, [shoe, otherNovel], [SlotKind.Personal, SlotKind.Personal], items, static _ => EventType.View, taste, Now);

        var before = Explain(new ReasonBuilder(new ReasonOptions(MinSimilarityShare: 0)));
        Assert.Equal((ReasonKind.BecauseOfItem, items[novel].Id), (before[0].Kind, before[0].Anchor));
        var now = Explain(_builder);
        Assert.Equal(ReasonKind.MatchesInterest, now[0].Kind);
        Assert.Equal("Matches your interest in Trail shoes: 3 views", now[0].Text);
        Assert.Equal((ReasonKind.BecauseOfItem, items[novel].Id), (now[1].Kind, now[1].Anchor));
    }

    [Fact]
    public void Explore_slot_uses_the_cluster_label_or_the_category()
    {
        var stove = new Item("i5", "Gas stove", CategoryPath: ["Outdoor", "Camping stoves"]);
        Assert.Equal("Something new to explore: Camping stoves", _builder.Explain(stove, SlotKind.Explore, Taste, null, Now).Text);
        var labelled = _builder.Explain(stove, SlotKind.Explore, Taste, null, Now, exploreLabel: "Stoves · gas, compact");
        Assert.Equal(ReasonKind.Explore, labelled.Kind);
        Assert.Equal("Something new to explore: Stoves · gas, compact", labelled.Text);
    }

    [Fact]
    public void Popular_and_trending_slots_name_the_category_or_not()
    {
        Assert.Equal("Popular in Trail shoes", _builder.Explain(Shoe, SlotKind.Popular, Taste, null, Now).Text);
        var bare = new Item("x", "Thing");
        Assert.Equal("Popular right now", _builder.Explain(bare, SlotKind.Popular, Taste, null, Now).Text);
        var trending = _builder.Explain(Shoe, SlotKind.Trending, Taste, null, Now);
        Assert.Equal(ReasonKind.Trending, trending.Kind);
        Assert.Equal("Trending in Trail shoes", trending.Text);
        Assert.Equal("Trending now", _builder.Explain(bare, SlotKind.Trending, Taste, null, Now).Text);
    }

    [Theory]
    [InlineData(-1, true)]
    [InlineData(-30, true)]
    [InlineData(-31, false)]
    [InlineData(2, false)]
    public void New_arrival_window_is_inclusive_and_ignores_future_dates(int days, bool expected)
    {
        Assert.Equal(expected, _builder.IsNewArrival(Shoe with { CreatedAt = Now.AddDays(days) }, Now));
    }

    [Fact]
    public void Item_without_a_creation_time_is_not_new()
    {
        Assert.False(_builder.IsNewArrival(Shoe with { CreatedAt = null }, Now));
    }

    [Fact]
    public void Explain_all_attributes_personal_slots_to_history_and_leaves_other_slots_alone()
    {
        var catalogue = ContentRecommenderTests.CheckerboardCatalogue(40);
        var data = RecommenderContractTests.Checkerboard();
        var model = new ContentRecommender(catalogue).Fit(data, TrainingContext.Default);
        var query = UserQuery.FromSequence(-1, [0, 2, 4]);
        var reasons = _builder.ExplainAll(
            model,
            query,
            [6, 1],
            [SlotKind.Personal, SlotKind.Explore],
            catalogue,
            h => h == 4 ? EventType.Purchase : EventType.View,
            ShopperTaste.Empty,
            Now,
            exploreLabel: i => i == 1 ? "Stoves · gas, compact" : null);
        Assert.Equal(ReasonKind.BecauseOfItem, reasons[0].Kind);
        Assert.Contains(reasons[0].Anchor, new[] { "0", "2", "4" });
        Assert.StartsWith("Because you", reasons[0].Text, StringComparison.Ordinal);
        Assert.Equal("Something new to explore: Stoves · gas, compact", reasons[1].Text);
        Assert.Throws<ArgumentException>(() => _builder.ExplainAll(model, query, [6], [], catalogue, _ => EventType.View, ShopperTaste.Empty, Now));
    }
}
