namespace Penchant.Storage.Tests;

/// <summary>
/// The contract of <see cref="IPlacementStore"/> that every backend passes: a placement comes back field for field, a
/// save replaces by id, the store keeps at most <see cref="StoredPlacement.MaxPlacements"/>, and placements leave the
/// store's revision alone.
/// </summary>
/// <typeparam name="TStore">The backend's store.</typeparam>
public abstract class PlacementStoreContractTests<TStore>
    where TStore : IPenchantStore, IPlacementStore
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 9, 30, 0, TimeSpan.FromHours(8));

    /// <summary>A fresh, initialised, empty store.</summary>
    protected abstract Task<TStore> CreateStoreAsync();

    [SkippableFact]
    public async Task A_placement_comes_back_field_for_field_a_second_save_replaces_it_and_delete_says_whether_there_was_one()
    {
        await using var store = await CreateStoreAsync();
        Assert.Empty(await store.ListPlacementsAsync());
        var home = new StoredPlacement("home", "首页 — home page", "count=8&maxPerBrand=2&boost=tag:sale:0.2", Start);
        Assert.Equal(SaveOutcome.Created, await store.SavePlacementAsync(home));
        Assert.Equal(SaveOutcome.Created, await store.SavePlacementAsync(new StoredPlacement("email", null, "", Start)));
        Assert.Equal([new StoredPlacement("email", null, "", Start), home], await store.ListPlacementsAsync());

        var changed = home with { Name = null, Settings = "count=4", UpdatedAt = Start.AddMinutes(1) };
        Assert.Equal(SaveOutcome.Replaced, await store.SavePlacementAsync(changed));
        Assert.Equal(changed, (await store.ListPlacementsAsync()).Single(static p => p.Id == "home"));

        Assert.True(await store.DeletePlacementAsync("email"));
        Assert.False(await store.DeletePlacementAsync("email"));
        Assert.False(await store.DeletePlacementAsync("HOME"));
        Assert.Equal(["home"], (await store.ListPlacementsAsync()).Select(static p => p.Id));
    }

    [SkippableFact]
    public async Task The_store_keeps_at_most_the_limit_but_a_full_store_still_replaces_and_the_revision_stays()
    {
        await using var store = await CreateStoreAsync();
        var before = await store.GetRevisionAsync();
        for (var i = 0; i < StoredPlacement.MaxPlacements; i++)
        {
            Assert.Equal(SaveOutcome.Created, await store.SavePlacementAsync(new StoredPlacement($"p{i:000}", null, "count=5", Start)));
        }

        Assert.Equal(SaveOutcome.Full, await store.SavePlacementAsync(new StoredPlacement("one-more", null, "count=5", Start)));
        Assert.Equal(SaveOutcome.Replaced, await store.SavePlacementAsync(new StoredPlacement("p007", null, "count=6", Start)));
        Assert.Equal(StoredPlacement.MaxPlacements, (await store.ListPlacementsAsync()).Count);
        Assert.Equal(before, await store.GetRevisionAsync());
    }
}
