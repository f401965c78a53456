using Penchant.Core.Data;
using Penchant.Core.Privacy.Audit;
using Penchant.Core.Privacy.DifferentialPrivacy;

namespace Penchant.Storage.Tests;

/// <summary>
/// The contract of <see cref="IPrivacyStore"/> that every backend passes: erasure of a user's every row, the chained
/// audit log and the persisted privacy budget. A backend's test class supplies a fresh store per test and adds its own
/// proof that the erased id is gone from where that backend keeps bytes.
/// </summary>
/// <typeparam name="TStore">The backend's store.</typeparam>
public abstract class PrivacyStoreContractTests<TStore>
    where TStore : IPenchantStore, IPrivacyStore, IImpressionLog
{
    /// <summary>The shopper that <see cref="SeedVictimAsync"/> stores and the erasure tests erase.</summary>
    protected const string Victim = "p_victimVictimVictim123";

    protected static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A fresh, initialised, empty store.</summary>
    protected abstract Task<TStore> CreateStoreAsync();

    /// <summary>A second store over the same storage as the last <see cref="CreateStoreAsync"/> (after that one is disposed).</summary>
    protected abstract Task<TStore> ReopenStoreAsync();

    /// <summary>
    /// Stores <see cref="Victim"/> with a user row, 1,000 of 10,000 events (in 20 batches) and 2 of 3 impressions;
    /// everything else belongs to other shoppers.
    /// </summary>
    protected static async Task SeedVictimAsync(TStore store)
    {
        await store.UpsertUsersAsync([new User(Victim, new Dictionary<string, string> { ["region"] = "EU" }), new User("p_otherOtherOtherOther12")]);
        for (var batch = 0; batch < 20; batch++)
        {
            var events = Enumerable.Range(0, 500).Select(i => new Event(
                $"e{batch}-{i}", i % 10 == 0 ? Victim : $"user-{i % 37}", $"item-{i % 53}", EventType.View, Start.AddMinutes((batch * 500) + i), Text: null));
            await store.AppendEventsAsync([.. events]);
        }

        // Served slates are logged under the same key: two of the victim's impressions and one of another shopper's.
        await store.AppendImpressionsAsync([
            new Impression("sl_1", Victim, "item-1", Start, 0, false, null, 1.0, 1),
            new Impression("sl_1", Victim, "item-2", Start, 1, true, "Books", 0.4, 1),
            new Impression("sl_2", "user-1", "item-1", Start, 0, false, null, 1.0, 1)]);
    }

    [SkippableFact]
    public async Task Erasing_a_user_removes_their_events_impressions_row_and_key_and_nothing_else()
    {
        await using var store = await CreateStoreAsync();
        await SeedVictimAsync(store);

        Assert.Equal(new StoredUserErasure(1000, true, true, true, 2), await store.EraseUserAsync(Victim));
        Assert.Equal(["user-1"], await store.StreamImpressionsAsync().Select(static i => i.UserId).ToListAsync());
        Assert.Equal(9000, await store.CountEventsAsync());
        Assert.DoesNotContain(await store.StreamEventsAsync().ToListAsync(), static e => e.UserId == Victim);
        Assert.Empty(await store.GetUserEventsAsync(Victim, 10));
        Assert.Null(await store.GetUserAsync(Victim));
        Assert.NotNull(await store.GetUserAsync("p_otherOtherOtherOther12"));

        // Nothing is left to erase, and the same id arriving again gets a fresh key and is stored normally.
        Assert.Equal(new StoredUserErasure(0, false, false, true, 0), await store.EraseUserAsync(Victim));
        await store.AppendEventsAsync([new Event("again", Victim, "item-1", EventType.View, Start)]);
        Assert.Single(await store.GetUserEventsAsync(Victim, 10));
    }

    [SkippableFact]
    public async Task The_audit_log_is_chained_persisted_and_verifiable()
    {
        var at = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
        await using (var store = await CreateStoreAsync())
        {
            await store.AppendAsync(new AuditEntry("admin", "user.erase", "user", at, new Dictionary<string, string> { ["events_removed"] = "3" }));
            await store.AppendAsync(new AuditEntry("retention-job", "events.retention", "events", at.AddHours(1)));
        }

        await using var reopened = await ReopenStoreAsync();
        var entries = new List<ChainedAuditEntry>();
        await foreach (var entry in reopened.ReadAsync())
        {
            entries.Add(entry);
        }

        Assert.Equal([1L, 2L], entries.Select(static e => e.Sequence));
        Assert.Equal(entries[0].Hash, entries[1].PreviousHash);
        Assert.Equal("3", entries[0].Entry.DetailsOrEmpty["events_removed"]);
        Assert.Equal(at, entries[0].Entry.Timestamp);
        Assert.True((await reopened.VerifyAsync()).IsValid);
    }

    [SkippableFact]
    public async Task Concurrent_audit_appends_get_consecutive_sequence_numbers_and_one_chain()
    {
        await using var store = await CreateStoreAsync();
        var at = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.FromHours(2));
        var appended = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
            await store.AppendAsync(new AuditEntry($"actor-{i}", "export.popularity", "items", at.AddSeconds(i), new Dictionary<string, string> { ["n"] = $"{i}" })))));

        Assert.Equal(Enumerable.Range(1, 20).Select(static i => (long)i), appended.Select(static e => e.Sequence).Order());
        var read = await store.ReadAsync(11).ToListAsync();
        Assert.Equal(Enumerable.Range(11, 10).Select(static i => (long)i), read.Select(static e => e.Sequence));
        Assert.Equal(appended.Single(static e => e.Sequence == 11).Hash, read[0].Hash);
        Assert.Equal(new AuditVerification(true, 20), await store.VerifyAsync());
    }

    [SkippableFact]
    public async Task Privacy_spending_is_persisted_per_consumer()
    {
        await using (var store = await CreateStoreAsync())
        {
            Assert.Empty(await store.LoadPrivacySpendAsync());
            await store.SavePrivacySpendAsync("partner", new PrivacyCost(0.3, 1e-7));
            await store.SavePrivacySpendAsync("partner", new PrivacyCost(0.5, 2e-7));
            await store.SavePrivacySpendAsync("dashboard", new PrivacyCost(0.1));
        }

        await using var reopened = await ReopenStoreAsync();
        var spent = await reopened.LoadPrivacySpendAsync();
        Assert.Equal(2, spent.Count);
        Assert.Equal(new PrivacyCost(0.5, 2e-7), spent["partner"]);
        Assert.Equal(new PrivacyCost(0.1), spent["dashboard"]);
    }
}
