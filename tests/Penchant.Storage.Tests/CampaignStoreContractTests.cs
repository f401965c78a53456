using Penchant.Core.Merchandising;

namespace Penchant.Storage.Tests;

/// <summary>
/// The contract of <see cref="ICampaignStore"/> that every backend passes: a campaign comes back field for field,
/// a save replaces by id, the store keeps at most <see cref="Campaign.MaxCampaigns"/>, and campaigns leave the
/// store's revision alone.
/// </summary>
/// <typeparam name="TStore">The backend's store.</typeparam>
public abstract class CampaignStoreContractTests<TStore>
    where TStore : IPenchantStore, ICampaignStore
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A fresh, initialised, empty store.</summary>
    protected abstract Task<TStore> CreateStoreAsync();

    private static Campaign Sale(string id = "black-friday") =>
        new(id, "Black Friday — 黑色星期五", [new ScoreBoost(BoostField.Brand, "Acme", 0.3f), new ScoreBoost(BoostField.Category, "Home:Kitchen", -0.25f), new ScoreBoost(BoostField.Tag, "促销", 1e-3f), new ScoreBoost(BoostField.Item, "sku,1", 100f), ScoreBoost.Hiding(BoostField.Brand, "Recalled & Co")], Start, Start.AddDays(4).AddTicks(10), Enabled: true)
        {
            UpdatedAt = Start.AddHours(-3).ToOffset(TimeSpan.FromHours(8)),
            Placements = ["home", "product-page"],
        };

    private static void AssertSame(Campaign expected, Campaign actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Boosts, actual.Boosts);
        Assert.Equal(expected.StartsAt, actual.StartsAt);
        Assert.Equal(expected.EndsAt?.AddTicks(-(expected.EndsAt.Value.UtcTicks % 10)), actual.EndsAt);
        Assert.Equal(expected.Enabled, actual.Enabled);
        Assert.Equal(expected.UpdatedAt, actual.UpdatedAt);
        Assert.Equal(expected.Placements, actual.Placements);
    }

    [SkippableFact]
    public async Task A_campaign_comes_back_field_for_field_and_a_second_save_replaces_it()
    {
        await using var store = await CreateStoreAsync();
        Assert.Empty(await store.ListCampaignsAsync());

        var sale = Sale();
        Assert.Equal(SaveOutcome.Created, await store.SaveCampaignAsync(sale));
        AssertSame(sale, Assert.Single(await store.ListCampaignsAsync()));

        var paused = new Campaign(sale.Id, null, [new ScoreBoost(BoostField.Tag, "new", -2f)], null, null, Enabled: false) { UpdatedAt = Start };
        Assert.Equal(SaveOutcome.Replaced, await store.SaveCampaignAsync(paused));
        AssertSame(paused, Assert.Single(await store.ListCampaignsAsync()));
    }

    [SkippableFact]
    public async Task Campaigns_list_by_id_and_delete_says_whether_there_was_one()
    {
        await using var store = await CreateStoreAsync();
        foreach (var id in new[] { "b", "a-2", "a_1", "C" })
        {
            await store.SaveCampaignAsync(Sale(id));
        }

        Assert.Equal(["C", "a-2", "a_1", "b"], (await store.ListCampaignsAsync()).Select(static c => c.Id));
        Assert.True(await store.DeleteCampaignAsync("a-2"));
        Assert.False(await store.DeleteCampaignAsync("a-2"));
        Assert.False(await store.DeleteCampaignAsync("A_1"));
        Assert.Equal(["C", "a_1", "b"], (await store.ListCampaignsAsync()).Select(static c => c.Id));
    }

    [SkippableFact]
    public async Task The_store_keeps_at_most_the_limit_but_a_full_store_still_replaces()
    {
        await using var store = await CreateStoreAsync();
        for (var i = 0; i < Campaign.MaxCampaigns; i++)
        {
            Assert.Equal(SaveOutcome.Created, await store.SaveCampaignAsync(Sale($"c{i:000}")));
        }

        Assert.Equal(SaveOutcome.Full, await store.SaveCampaignAsync(Sale("one-more")));
        Assert.Equal(SaveOutcome.Replaced, await store.SaveCampaignAsync(Sale("c007") with { Name = "renamed" }));
        var stored = await store.ListCampaignsAsync();
        Assert.Equal(Campaign.MaxCampaigns, stored.Count);
        Assert.DoesNotContain(stored, static c => c.Id == "one-more");
        Assert.Equal("renamed", stored.Single(static c => c.Id == "c007").Name);

        Assert.True(await store.DeleteCampaignAsync("c000"));
        Assert.Equal(SaveOutcome.Created, await store.SaveCampaignAsync(Sale("one-more")));
    }

    [SkippableFact]
    public async Task An_invalid_campaign_is_refused_naming_the_field_and_nothing_is_stored()
    {
        await using var store = await CreateStoreAsync();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.SaveCampaignAsync(Sale("bad id!")));
        Assert.Contains("id must be", error.Message, StringComparison.Ordinal);
        error = await Assert.ThrowsAsync<ArgumentException>(() => store.SaveCampaignAsync(Sale() with { EndsAt = Start }));
        Assert.Contains("endsAt must be after startsAt", error.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ListCampaignsAsync());
    }

    [SkippableFact]
    public async Task Campaign_writes_leave_the_store_revision_alone()
    {
        await using var store = await CreateStoreAsync();
        var before = await store.GetRevisionAsync();
        await store.SaveCampaignAsync(Sale());
        await store.DeleteCampaignAsync(Sale().Id);
        Assert.Equal(before, await store.GetRevisionAsync());
    }
}
