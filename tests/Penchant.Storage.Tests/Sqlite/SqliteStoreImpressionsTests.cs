using Penchant.Core.Data;
using Penchant.Storage.Sqlite;

namespace Penchant.Storage.Tests.Sqlite;

/// <summary>The impression log: what is appended streams back in order, and it keeps its shopper's surrogate key alive.</summary>
public sealed class SqliteStoreImpressionsTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Appended_impressions_stream_back_field_for_field_in_order_and_since_filters_by_time()
    {
        await using var store = await SqliteStore.OpenAsync(_dir.File("store.db"));
        Impression[] logged =
        [
            new("sl_a", "p_ann", "shoes-1", Start, 0, false, "Shoes", 1.0, 3),
            new("sl_a", "p_ann", "books-2", Start, 1, true, "Books", 0.35, 3),
            new("sl_b", "p_bob", "kitchen-0", Start.AddMinutes(5), 0, false, null, 1.0, 4),
        ];
        Assert.Equal(3, await store.AppendImpressionsAsync(logged));
        Assert.Equal(logged, await store.StreamImpressionsAsync().ToListAsync());
        Assert.Equal([logged[2]], await store.StreamImpressionsAsync(Start.AddMinutes(1)).ToListAsync());
        Assert.Equal(0, await store.AppendImpressionsAsync([]));
    }

    [Fact]
    public async Task A_shopper_with_impressions_but_no_events_keeps_their_key_until_erased()
    {
        await using var store = await SqliteStore.OpenAsync(_dir.File("store.db"));
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
