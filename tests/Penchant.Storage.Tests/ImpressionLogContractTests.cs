using Penchant.Core.Data;

namespace Penchant.Storage.Tests;

/// <summary>
/// The contract of <see cref="IImpressionLog"/> that every backend passes: what is appended streams back in order, and
/// it keeps its shopper's surrogate key alive until the shopper is erased.
/// </summary>
/// <typeparam name="TStore">The backend's store.</typeparam>
public abstract class ImpressionLogContractTests<TStore>
    where TStore : IPenchantStore, IPrivacyStore, IImpressionLog
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A fresh, initialised, empty store.</summary>
    protected abstract Task<TStore> CreateStoreAsync();

    [SkippableFact]
    public async Task Appended_impressions_stream_back_field_for_field_in_order_and_since_filters_by_time()
    {
        await using var store = await CreateStoreAsync();
        Impression[] logged =
        [
            new("sl_a", "p_ann", "shoes-1", Start, 0, false, "Shoes", 1.0, 3) { Placement = "home" },
            new("sl_a", "p_ann", "books-2", Start, 1, true, "Books", 0.35, 3) { Placement = "home" },
            new("sl_b", "p_bob", "kitchen-0", Start.AddMinutes(5), 0, false, null, 1.0, 4) { Placement = "首页" },
            new("sl_c", "p_bob", "kitchen-1", Start.AddMinutes(6), 0, false, null, 1.0, 4),
        ];
        Assert.Equal(4, await store.AppendImpressionsAsync(logged));
        Assert.Equal(logged, await store.StreamImpressionsAsync().ToListAsync());
        Assert.Equal([logged[2], logged[3]], await store.StreamImpressionsAsync(Start.AddMinutes(1)).ToListAsync());
        Assert.Equal([logged[2], logged[3]], await store.GetUserImpressionsAsync("p_bob", Start));
        Assert.Equal(0, await store.AppendImpressionsAsync([]));
    }

    [SkippableFact]
    public async Task Since_is_an_instant_and_includes_impressions_served_exactly_then()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendImpressionsAsync([
            new Impression("sl_a", "p_ann", "shoes-1", Start.AddTicks(-10), 0, false, null, 1.0, 1),
            new Impression("sl_b", "p_ann", "shoes-2", Start, 0, false, null, 1.0, 1)]);
        var sinceInShanghai = Start.ToOffset(TimeSpan.FromHours(8));
        Assert.Equal(["sl_b"], await store.StreamImpressionsAsync(sinceInShanghai).Select(static i => i.SlateId).ToListAsync());
    }

    [SkippableFact]
    public async Task One_shoppers_impressions_come_back_in_order_from_the_time_asked_and_no_one_elses()
    {
        await using var store = await CreateStoreAsync();
        Impression[] logged =
        [
            new("sl_old", "p_ann", "shoes-9", Start.AddHours(-2), 0, false, null, 1.0, 1),
            new("sl_a", "p_ann", "shoes-1", Start, 0, false, "Shoes", 1.0, 3),
            new("sl_x", "p_bob", "kitchen-0", Start.AddMinutes(1), 0, false, null, 1.0, 3),
            new("sl_a", "p_ann", "books-2", Start, 1, true, "Books", 0.35, 3),
            new("sl_a.2", "p_ann", "shoes-1", Start.AddMinutes(2), 0, false, null, 1.0, 3),
        ];
        await store.AppendImpressionsAsync(logged);

        Assert.Equal([logged[1], logged[3], logged[4]], await store.GetUserImpressionsAsync("p_ann", Start.AddHours(-1)));
        Assert.Equal([logged[0], logged[1], logged[3], logged[4]], await store.GetUserImpressionsAsync("p_ann", Start.AddDays(-1)));
        Assert.Equal([logged[2]], await store.GetUserImpressionsAsync("p_bob", Start.AddDays(-1)));
        Assert.Empty(await store.GetUserImpressionsAsync("p_nobody", Start.AddDays(-1)));
        Assert.Empty(await store.GetUserImpressionsAsync("p_ann", Start.AddMinutes(3)));

        // The newest few only, still oldest first.
        Assert.Equal([logged[3], logged[4]], await store.GetUserImpressionsAsync("p_ann", Start.AddDays(-1), newest: 2));
        Assert.Equal([logged[1], logged[3], logged[4]], await store.GetUserImpressionsAsync("p_ann", Start.AddHours(-1), newest: 10));
        Assert.Empty(await store.GetUserImpressionsAsync("p_ann", Start.AddDays(-1), newest: 0));
    }

    [SkippableFact]
    public async Task A_shopper_with_impressions_but_no_events_keeps_their_key_until_erased()
    {
        await using var store = await CreateStoreAsync();
        await store.AppendEventsAsync([new Event("e1", "p_gone", "shoes-1", EventType.View, Start)]);
        await store.AppendImpressionsAsync([new Impression("sl_a", "p_seen", "shoes-1", Start, 0, false, null, 1.0, 1)]);
        await store.DeleteEventsBeforeAsync(Start.AddDays(1));

        // p_gone's key goes with its events; p_seen's stays, or the impression would lose its shopper.
        Assert.Equal(1, await store.DeleteUnusedUserKeysAsync());
        Assert.Equal("p_seen", Assert.Single(await store.StreamImpressionsAsync().ToListAsync()).UserId);

        var erased = await store.EraseUserAsync("p_seen");
        Assert.Equal(1, erased.ImpressionsRemoved);
        Assert.True(erased.KeyRemoved);
        Assert.Empty(await store.StreamImpressionsAsync().ToListAsync());
    }
}
