using System.Text;
using Microsoft.Data.Sqlite;
using Penchant.Core.Data;
using Penchant.Core.Privacy.Audit;
using Penchant.Core.Privacy.DifferentialPrivacy;
using Penchant.Storage.Sqlite;

namespace Penchant.Storage.Tests.Sqlite;

/// <summary>Erasure without residue, the SQLite audit log and the persisted privacy budget.</summary>
public sealed class SqliteStorePrivacyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string DbPath => _dir.File("store.db");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Erasing_a_user_leaves_no_byte_of_their_id_in_the_database_or_its_wal_and_shm_files()
    {
        const string Victim = "p_victimVictimVictim123";
        await using var store = await SqliteStore.OpenAsync(DbPath);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await store.UpsertUsersAsync([new User(Victim, new Dictionary<string, string> { ["region"] = "EU" }), new User("p_otherOtherOtherOther12")]);
        for (var batch = 0; batch < 20; batch++)
        {
            var events = Enumerable.Range(0, 500).Select(i => new Event(
                $"e{batch}-{i}", i % 10 == 0 ? Victim : $"user-{i % 37}", $"item-{i % 53}", EventType.View, start.AddMinutes((batch * 500) + i), Text: null));
            await store.AppendEventsAsync([.. events]);
        }

        // Served slates are logged under the same key: two of the victim's impressions and one of another shopper's.
        await store.AppendImpressionsAsync([
            new Impression("sl_1", Victim, "item-1", start, 0, false, null, 1.0, 1),
            new Impression("sl_1", Victim, "item-2", start, 1, true, "Books", 0.4, 1),
            new Impression("sl_2", "user-1", "item-1", start, 0, false, null, 1.0, 1)]);
        Assert.NotEmpty(FilesContaining(Victim));
        var erased = await store.EraseUserAsync(Victim);
        Assert.Equal(new StoredUserErasure(1000, true, true, true, 2), erased);
        Assert.Equal(["user-1"], await store.StreamImpressionsAsync().Select(static i => i.UserId).ToListAsync());
        SqliteConnection.ClearAllPools();
        Assert.Empty(FilesContaining(Victim));
        Assert.Equal(9000, await store.CountEventsAsync());
        Assert.Empty(await store.GetUserEventsAsync(Victim, 10));

        // The same id arriving again gets a fresh key and is stored normally.
        await store.AppendEventsAsync([new Event("again", Victim, "item-1", EventType.View, start)]);
        Assert.Single(await store.GetUserEventsAsync(Victim, 10));
    }

    [Fact]
    public async Task The_audit_log_is_chained_persisted_and_verifiable()
    {
        var at = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
        await using (var store = await SqliteStore.OpenAsync(DbPath))
        {
            await store.AppendAsync(new AuditEntry("admin", "user.erase", "user", at, new Dictionary<string, string> { ["events_removed"] = "3" }));
            await store.AppendAsync(new AuditEntry("retention-job", "events.retention", "events", at.AddHours(1)));
        }

        await using var reopened = await SqliteStore.OpenAsync(DbPath);
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

    [Fact]
    public async Task Privacy_spending_is_persisted_per_consumer()
    {
        await using (var store = await SqliteStore.OpenAsync(DbPath))
        {
            await store.SavePrivacySpendAsync("partner", new PrivacyCost(0.3, 1e-7));
            await store.SavePrivacySpendAsync("partner", new PrivacyCost(0.5, 2e-7));
            await store.SavePrivacySpendAsync("dashboard", new PrivacyCost(0.1));
        }

        await using var reopened = await SqliteStore.OpenAsync(DbPath);
        var spent = await reopened.LoadPrivacySpendAsync();
        Assert.Equal(new PrivacyCost(0.5, 2e-7), spent["partner"]);
        Assert.Equal(new PrivacyCost(0.1), spent["dashboard"]);
    }

    private List<string> FilesContaining(string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return [.. Directory.EnumerateFiles(_dir.Path).Where(f =>
        {
            using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray().AsSpan().IndexOf(needle) >= 0;
        })];
    }
}
