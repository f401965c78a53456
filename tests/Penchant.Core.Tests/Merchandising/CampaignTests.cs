using Penchant.Core.Merchandising;

namespace Penchant.Core.Tests.Merchandising;

public sealed class CampaignTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);

    private static readonly ScoreBoost[] Boosts = [new(BoostField.Brand, "Acme", 0.3f)];

    [Fact]
    public void Status_follows_the_window_its_end_exclusive_and_pausing_wins()
    {
        var campaign = new Campaign("bf", null, Boosts, Start, Start.AddDays(4));
        Assert.Equal(CampaignStatus.Scheduled, campaign.StatusAt(Start.AddTicks(-1)));
        Assert.Equal(CampaignStatus.Active, campaign.StatusAt(Start));
        Assert.Equal(CampaignStatus.Active, campaign.StatusAt(Start.AddDays(4).AddTicks(-1)));
        Assert.Equal(CampaignStatus.Ended, campaign.StatusAt(Start.AddDays(4)));
        Assert.Equal(CampaignStatus.Paused, (campaign with { Enabled = false }).StatusAt(Start.AddDays(1)));
        Assert.Equal(CampaignStatus.Active, new Campaign("always", null, Boosts).StatusAt(DateTimeOffset.MinValue));
    }

    [Fact]
    public void Marked_boosts_carry_the_campaign_id()
    {
        var boost = Assert.Single(new Campaign("bf", null, Boosts).MarkedBoosts);
        Assert.Equal("bf", boost.Campaign);
        Assert.Equal(Boosts[0] with { Campaign = "bf" }, boost);
        Assert.Null(Boosts[0].Campaign);
    }

    [Theory]
    [InlineData("spring-sale_2026.v2", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("slash/no", false)]
    [InlineData("促销", false)]
    public void Ids_are_ascii_letters_digits_dot_underscore_and_dash(string id, bool valid)
    {
        Assert.Equal(valid, Campaign.IsValidId(id));
        Assert.Equal(valid, new Campaign(id, null, Boosts).Problems().Count == 0);
    }

    [Fact]
    public void Every_problem_is_named_by_its_field()
    {
        var bad = new Campaign(new string('x', 65), new string('n', 201), [new(BoostField.Tag, " ", 1f), new(BoostField.Brand, "Acme", float.NaN), new(BoostField.Item, "i", -101f)], Start, Start);
        Assert.Equal(
            ["id", "name", "boosts[0].value", "boosts[1].weight", "boosts[2].weight", "endsAt"],
            bad.Problems().Select(static p => p.Field));
        Assert.Equal("boosts", Assert.Single(new Campaign("c", null, []).Problems()).Field);
        Assert.Contains("at most 20 boosts, not 21", Assert.Single(new Campaign("c", null, [.. Enumerable.Repeat(Boosts[0], 21)]).Problems()).Problem, StringComparison.Ordinal);
        Assert.Empty(new Campaign("c", new string('n', 200), [.. Enumerable.Repeat(Boosts[0], 20)], Start, Start.AddTicks(1)).Problems());
    }
}
