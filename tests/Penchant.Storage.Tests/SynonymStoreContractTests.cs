namespace Penchant.Storage.Tests;

/// <summary>
/// The contract of <see cref="ISynonymStore"/> that every backend passes: a set comes back field for field (its words in
/// order), a save replaces by id, the store keeps at most <see cref="StoredSynonymSet.MaxSets"/>, and synonyms leave the
/// store's revision alone.
/// </summary>
/// <typeparam name="TStore">The backend's store.</typeparam>
public abstract class SynonymStoreContractTests<TStore>
    where TStore : IPenchantStore, ISynonymStore
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 9, 30, 0, TimeSpan.FromHours(8));

    /// <summary>A fresh, initialised, empty store.</summary>
    protected abstract Task<TStore> CreateStoreAsync();

    private static (string, string, bool, long) Fields(StoredSynonymSet set) => (set.Id, string.Join(" | ", set.Words), set.OneWay, set.UpdatedAt.UtcTicks);

    [SkippableFact]
    public async Task A_set_comes_back_field_for_field_a_second_save_replaces_it_and_delete_says_whether_there_was_one()
    {
        await using var store = await CreateStoreAsync();
        Assert.Empty(await store.ListSynonymSetsAsync());
        var tee = new StoredSynonymSet("tee", ["tee", "t-shirt", "T Shirt, \"quoted\""], false, Start);
        var laptop = new StoredSynonymSet("laptop", ["laptop", "notebook", "笔记本电脑"], true, Start.AddSeconds(1));
        Assert.Equal(SaveOutcome.Created, await store.SaveSynonymSetAsync(tee));
        Assert.Equal(SaveOutcome.Created, await store.SaveSynonymSetAsync(laptop));
        Assert.Equal([Fields(laptop), Fields(tee)], (await store.ListSynonymSetsAsync()).Select(Fields));

        var changed = tee with { Words = ["tee", "tshirt"], OneWay = true, UpdatedAt = Start.AddMinutes(1) };
        Assert.Equal(SaveOutcome.Replaced, await store.SaveSynonymSetAsync(changed));
        Assert.Equal(Fields(changed), Fields((await store.ListSynonymSetsAsync()).Single(static s => s.Id == "tee")));

        Assert.True(await store.DeleteSynonymSetAsync("laptop"));
        Assert.False(await store.DeleteSynonymSetAsync("laptop"));
        Assert.False(await store.DeleteSynonymSetAsync("TEE"));
        Assert.Equal(["tee"], (await store.ListSynonymSetsAsync()).Select(static s => s.Id));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SaveSynonymSetAsync(new StoredSynonymSet("x", ["a", null!], false, Start)));
        Assert.Single(await store.ListSynonymSetsAsync());
    }

    [SkippableFact]
    public async Task The_store_keeps_at_most_the_limit_but_a_full_store_still_replaces_and_the_revision_stays()
    {
        await using var store = await CreateStoreAsync();
        var before = await store.GetRevisionAsync();
        for (var i = 0; i < StoredSynonymSet.MaxSets; i++)
        {
            Assert.Equal(SaveOutcome.Created, await store.SaveSynonymSetAsync(new StoredSynonymSet($"s{i:0000}", [$"word{i}", $"other{i}"], false, Start)));
        }

        Assert.Equal(SaveOutcome.Full, await store.SaveSynonymSetAsync(new StoredSynonymSet("one-more", ["a", "b"], false, Start)));
        Assert.Equal(SaveOutcome.Replaced, await store.SaveSynonymSetAsync(new StoredSynonymSet("s0007", ["seven", "7"], true, Start)));
        var all = await store.ListSynonymSetsAsync();
        Assert.Equal(StoredSynonymSet.MaxSets, all.Count);
        Assert.Equal(["seven", "7"], all.Single(static s => s.Id == "s0007").Words);
        Assert.Equal(before, await store.GetRevisionAsync());
    }
}
