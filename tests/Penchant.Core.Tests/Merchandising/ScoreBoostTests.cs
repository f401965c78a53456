using Penchant.Core.Data;
using Penchant.Core.Merchandising;

namespace Penchant.Core.Tests.Merchandising;

public sealed class ScoreBoostTests
{
    [Fact]
    public void A_list_parses_field_value_and_weight_with_colons_allowed_inside_the_value()
    {
        Assert.True(ScoreBoost.TryParseList(" brand:Acme:0.3, category:Home:Kitchen:-0.2 ,tag:sale:1e-1,ITEM:sku-1:2", out var boosts, out var error), error);
        Assert.Equal(
            [new ScoreBoost(BoostField.Brand, "Acme", 0.3f), new ScoreBoost(BoostField.Category, "Home:Kitchen", -0.2f), new ScoreBoost(BoostField.Tag, "sale", 0.1f), new ScoreBoost(BoostField.Item, "sku-1", 2f)],
            boosts);
    }

    [Theory]
    [InlineData("", "at least one")]
    [InlineData("brand:Acme", "must read field:value:weight")]
    [InlineData("Acme", "must read field:value:weight")]
    [InlineData("colour:red:1", "must be brand, category, tag or item, not 'colour'")]
    [InlineData("brand: :1", "the value must not be empty")]
    [InlineData("brand:Acme:much", "the weight must be a number")]
    [InlineData("brand:Acme:NaN", "the weight must be a number")]
    [InlineData("brand:Acme:101", "between -100 and 100")]
    [InlineData("brand:Acme:1,tag:x:zz", "boost entry 'tag:x:zz'")]
    public void A_bad_list_names_the_entry_and_what_is_wrong(string text, string expected)
    {
        Assert.False(ScoreBoost.TryParseList(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void At_most_twenty_entries()
    {
        var many = string.Join(",", Enumerable.Range(0, 21).Select(static i => $"item:i{i}:1"));
        Assert.False(ScoreBoost.TryParseList(many, out _, out var error));
        Assert.Contains("at most 20 entries, not 21", error, StringComparison.Ordinal);
        Assert.True(ScoreBoost.TryParseList(string.Join(",", Enumerable.Range(0, 20).Select(static i => $"item:i{i}:1")), out var twenty, out _));
        Assert.Equal(20, twenty.Count);
    }

    [Fact]
    public void Matching_is_case_insensitive_except_for_item_ids_and_matches_every_category_level_and_tag()
    {
        var item = new Item("Sku-1", "Kettle", CategoryPath: ["Home", "Kitchen"], Brand: "Acme", Tags: ["Sale", "new"]);
        Assert.True(new ScoreBoost(BoostField.Brand, "acme", 1).Matches(item));
        Assert.True(new ScoreBoost(BoostField.Category, "home", 1).Matches(item));
        Assert.True(new ScoreBoost(BoostField.Category, "KITCHEN", 1).Matches(item));
        Assert.True(new ScoreBoost(BoostField.Tag, "sale", 1).Matches(item));
        Assert.True(new ScoreBoost(BoostField.Item, "Sku-1", 1).Matches(item));
        Assert.False(new ScoreBoost(BoostField.Item, "sku-1", 1).Matches(item));
        Assert.False(new ScoreBoost(BoostField.Tag, "old", 1).Matches(item));
        Assert.False(new ScoreBoost(BoostField.Brand, "Globex", 1).Matches(new Item("x", "No brand")));

        Assert.Equal(0.3f, ScoreBoost.Total([new ScoreBoost(BoostField.Brand, "Acme", 0.5f), new ScoreBoost(BoostField.Tag, "new", -0.2f), new ScoreBoost(BoostField.Tag, "old", 9f)], item), 5);
    }

    [Fact]
    public void Hide_in_place_of_a_weight_makes_a_boost_that_hides_and_adds_nothing()
    {
        Assert.True(ScoreBoost.TryParseList("brand:Acme:hide,tag:sale:HIDE ,item:i-1:0.5", out var boosts, out var error), error);
        Assert.Equal([ScoreBoost.Hiding(BoostField.Brand, "Acme"), ScoreBoost.Hiding(BoostField.Tag, "sale"), new ScoreBoost(BoostField.Item, "i-1", 0.5f)], boosts);
        Assert.Equal((true, 0f), (boosts[0].Hide, boosts[0].Weight));
        Assert.False(boosts[2].Hide);
        Assert.Equal(0.5f, ScoreBoost.Total(boosts, new Item("i-1", "Kettle", Brand: "Acme")));
        Assert.False(ScoreBoost.TryParseList("brand:Acme:hidden", out _, out error));
        Assert.Contains("or hide", error, StringComparison.Ordinal);
    }
}
