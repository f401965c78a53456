using Penchant.Core.Privacy.Audit;

namespace Penchant.Core.Tests.Privacy.Audit;

public sealed class AuditChainTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 22, 8, 0, 0, 123, TimeSpan.Zero);

    private static AuditEntry Entry(int i) => new(
        "api:shop", "user.erase", "p_target" + i, T.AddMinutes(i), new Dictionary<string, string> { ["events_removed"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    private static async Task<InMemoryAuditLog> LogWith(int n)
    {
        var log = new InMemoryAuditLog();
        for (var i = 0; i < n; i++)
        {
            await log.AppendAsync(Entry(i));
        }

        return log;
    }

    private static async Task<List<ChainedAuditEntry>> All(IAuditLog log, long from = 1)
    {
        var list = new List<ChainedAuditEntry>();
        await foreach (var e in log.ReadAsync(from))
        {
            list.Add(e);
        }

        return list;
    }

    [Fact]
    public async Task Entries_are_numbered_chained_and_read_back()
    {
        var log = await LogWith(5);
        var entries = await All(log);
        Assert.Equal([1L, 2, 3, 4, 5], entries.Select(e => e.Sequence));
        Assert.Equal(AuditChain.GenesisHash, entries[0].PreviousHash);
        for (var i = 1; i < entries.Count; i++)
        {
            Assert.Equal(entries[i - 1].Hash, entries[i].PreviousHash);
        }

        Assert.Equal(("api:shop", "user.erase", "p_target2", T.AddMinutes(2)), (entries[2].Entry.Actor, entries[2].Entry.Action, entries[2].Entry.Target, entries[2].Entry.Timestamp));
        Assert.Equal("2", entries[2].Entry.DetailsOrEmpty["events_removed"]);
        Assert.Equal([4L, 5], (await All(log, 4)).Select(e => e.Sequence));
        Assert.Matches("^[0-9a-f]{64}$", entries[0].Hash);
        var verification = await log.VerifyAsync();
        Assert.True(verification.IsValid);
        Assert.Equal(5, verification.EntriesChecked);
    }

    [Fact]
    public async Task An_altered_entry_is_detected()
    {
        var log = await LogWith(5);
        var entries = await All(log);
        var forged = entries[2] with { Entry = entries[2].Entry with { Target = "p_someone_else" } };
        log.TamperForTesting(2, forged);
        var verification = await log.VerifyAsync();
        Assert.False(verification.IsValid);
        Assert.Equal(3, verification.FirstInvalidSequence);
        Assert.Contains("altered", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Altered_details_are_detected()
    {
        var entries = await All(await LogWith(3));
        entries[1] = entries[1] with { Entry = entries[1].Entry with { Details = new Dictionary<string, string> { ["events_removed"] = "0" } } };
        Assert.False(AuditChain.Verify(entries).IsValid);
    }

    [Fact]
    public async Task A_rehashed_entry_breaks_the_next_link()
    {
        var entries = await All(await LogWith(4));
        var changed = entries[1].Entry with { Action = "user.view" };
        entries[1] = entries[1] with { Entry = changed, Hash = AuditChain.ComputeHash(2, entries[1].PreviousHash, changed) };
        var verification = AuditChain.Verify(entries);
        Assert.False(verification.IsValid);
        Assert.Equal(3, verification.FirstInvalidSequence);
        Assert.Contains("link", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removed_or_reordered_entries_are_detected()
    {
        var entries = await All(await LogWith(4));
        var removed = entries.Where(e => e.Sequence != 2).ToList();
        Assert.Equal(3, AuditChain.Verify(removed).FirstInvalidSequence);
        var swapped = new List<ChainedAuditEntry> { entries[0], entries[2], entries[1], entries[3] };
        Assert.False(AuditChain.Verify(swapped).IsValid);
    }

    [Fact]
    public void The_encoding_is_unambiguous_and_covers_every_field()
    {
        var a = new AuditEntry("ab", "c", "t", T);
        var b = new AuditEntry("a", "bc", "t", T);
        var hashA = AuditChain.ComputeHash(1, AuditChain.GenesisHash, a);
        Assert.NotEqual(hashA, AuditChain.ComputeHash(1, AuditChain.GenesisHash, b));
        Assert.NotEqual(hashA, AuditChain.ComputeHash(2, AuditChain.GenesisHash, a));
        Assert.NotEqual(hashA, AuditChain.ComputeHash(1, AuditChain.GenesisHash, a with { Timestamp = T.AddMilliseconds(1) }));
        var d1 = a with { Details = new Dictionary<string, string> { ["x"] = "1", ["y"] = "2" } };
        var d2 = a with { Details = new Dictionary<string, string> { ["y"] = "2", ["x"] = "1" } };
        Assert.Equal(AuditChain.ComputeHash(1, AuditChain.GenesisHash, d1), AuditChain.ComputeHash(1, AuditChain.GenesisHash, d2));
        Assert.NotEqual(hashA, AuditChain.ComputeHash(1, AuditChain.GenesisHash, d1));
    }

    [Fact]
    public async Task Timestamps_are_stored_in_utc_milliseconds_so_other_stores_verify()
    {
        var log = new InMemoryAuditLog();
        var local = new DateTimeOffset(2026, 11, 22, 16, 0, 0, TimeSpan.FromHours(8)).AddTicks(12_345);
        var stored = await log.AppendAsync(new AuditEntry("ops", "events.retention", "events", local));
        Assert.Equal(TimeSpan.Zero, stored.Entry.Timestamp.Offset);
        Assert.Equal(local.ToUnixTimeMilliseconds(), stored.Entry.Timestamp.ToUnixTimeMilliseconds());
        Assert.Equal(0, stored.Entry.Timestamp.Ticks % TimeSpan.TicksPerMillisecond);
        Assert.True((await log.VerifyAsync()).IsValid);
    }

    [Fact]
    public async Task Concurrent_appends_form_one_gapless_chain()
    {
        var log = new InMemoryAuditLog();
        await Parallel.ForAsync(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) => await log.AppendAsync(Entry(i), ct));
        Assert.Equal(200, log.Count);
        Assert.True((await log.VerifyAsync()).IsValid);
    }

    [Fact]
    public async Task An_entry_needs_an_actor_and_an_action() =>
        await Assert.ThrowsAsync<ArgumentException>(async () => await new InMemoryAuditLog().AppendAsync(new AuditEntry("", "x", "t", T)));
}
