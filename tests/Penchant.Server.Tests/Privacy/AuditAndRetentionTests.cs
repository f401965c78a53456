using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Penchant.Server.Contracts;
using Penchant.Server.Privacy;
using Penchant.Storage.Sqlite;

namespace Penchant.Server.Tests.Privacy;

/// <summary>Retention purges old events on demand and on schedule; administrative actions land in an append-only audit log.</summary>
public sealed class AuditAndRetentionTests : IAsyncLifetime
{
    private readonly PenchantServerFactory _factory = new(new Dictionary<string, string?>
    {
        ["Penchant:Privacy:RetentionMaxAge"] = "30.00:00:00",
        ["Penchant:Privacy:RetentionInterval"] = "00:00:00",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Retention_deletes_exactly_the_events_older_than_the_configured_age()
    {
        var now = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
        using var client = _factory.Ingest();
        var batch = new EventBatchDto(
        [
            new EventDto("old-1", "ana", "i1", "view", now.AddDays(-31)),
            new EventDto("old-2", "gone", "i2", "view", now.AddDays(-30).AddSeconds(-1)),
            new EventDto("edge", "ana", "i3", "view", now.AddDays(-30)),
            new EventDto("new", "ana", "i4", "view", now.AddDays(-1)),
        ]);
        (await client.PostAsJsonAsync("/v1/events/batch", batch)).EnsureSuccessStatusCode();

        // The saved snapshot holds the purged histories, so the purge deletes it; an empty purge leaves it.
        var snapshot = _factory.DatabasePath + ".snapshot";
        await _factory.TrainAsync();
        Assert.True(File.Exists(snapshot));
        var retention = _factory.Services.GetRequiredService<RetentionService>();
        Assert.Equal(0, (await retention.PurgeAsync(now.AddDays(-60), "test", CancellationToken.None)).EventsDeleted);
        Assert.True(File.Exists(snapshot));
        var run = await retention.PurgeAsync(now, "test", CancellationToken.None);
        Assert.Equal(now.AddDays(-30), run.Cutoff);
        Assert.Equal(2, run.EventsDeleted);
        Assert.Equal(1, run.UserKeysDeleted);
        Assert.False(File.Exists(snapshot));

        await using var store = await SqliteStore.OpenAsync(_factory.DatabasePath);
        var left = await store.GetUserEventsAsync(PenchantServerFactory.Pseudonym("ana"), 10);
        Assert.Equal(["new", "edge"], left.Select(static e => e.EventId));
        Assert.Empty(await store.GetUserEventsAsync(PenchantServerFactory.Pseudonym("gone"), 10));
    }

    [Fact]
    public async Task The_retention_job_purges_on_its_schedule()
    {
        var now = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var clock = new ManualTimeProvider(now);
        var interval = TimeSpan.FromMinutes(7);
        await using var scheduled = new PenchantServerFactory(new Dictionary<string, string?>
        {
            ["Penchant:Privacy:RetentionMaxAge"] = "30.00:00:00",
            ["Penchant:Privacy:RetentionInterval"] = "00:07:00",
        });
        await using var server = scheduled.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", PenchantServerFactory.IngestKey);
        var batch = new EventBatchDto([new EventDto("old", "ana", "i1", "view", now.AddDays(-40)), new EventDto("new", "ana", "i1", "view", now.AddDays(-2))]);
        (await client.PostAsJsonAsync("/v1/events/batch", batch)).EnsureSuccessStatusCode();
        var store = server.Services.GetRequiredService<Storage.IPenchantStore>();
        Assert.Equal(2, await store.CountEventsAsync());

        // The job waits on a timer of the configured period; firing it is the period passing.
        await WaitUntilAsync(() => Task.FromResult(clock.TimersWithPeriod(interval) > 0));
        clock.Fire(interval);
        await WaitUntilAsync(async () => await store.CountEventsAsync() == 1);
        Assert.Equal("new", Assert.Single(await store.GetUserEventsAsync(PenchantServerFactory.Pseudonym("ana"), 10)).EventId);
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails after a minute (a hang, not a timing assertion).</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 600; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The condition never held.");
    }

    [Fact]
    public async Task Administrative_actions_are_audited_with_who_what_and_when_and_the_chain_verifies()
    {
        using var ingest = _factory.Ingest();
        using var admin = _factory.Admin();
        (await ingest.PostAsJsonAsync("/v1/events", new EventDto("e1", "vic", "i1", "view"))).EnsureSuccessStatusCode();
        (await admin.DeleteAsync("/v1/users/vic")).EnsureSuccessStatusCode();
        (await admin.PostAsync("/v1/admin/retention/run", null)).EnsureSuccessStatusCode();

        await Problems.AssertProblemAsync(await ingest.GetAsync("/v1/admin/audit"), HttpStatusCode.Forbidden);
        var page = await admin.GetFromJsonAsync<AuditPage>("/v1/admin/audit");
        Assert.True(page!.ChainValid, page.ChainProblem);
        Assert.Equal(["user.erase", "events.retention"], page.Entries.Select(static e => e.Action));
        Assert.All(page.Entries, static e => Assert.Equal("test-admin", e.Actor));
        Assert.All(page.Entries, static e => Assert.True(DateTimeOffset.UtcNow - e.Timestamp < TimeSpan.FromMinutes(5)));
        Assert.Equal("1", page.Entries[0].Details["events_removed"]);
        Assert.StartsWith("er_", page.Entries[0].Details["receipt_id"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audit_table_refuses_updates_and_deletes()
    {
        using var admin = _factory.Admin();
        (await admin.PostAsync("/v1/admin/retention/run", null)).EnsureSuccessStatusCode();
        await using var connection = new SqliteConnection($"Data Source={_factory.DatabasePath}");
        await connection.OpenAsync();
        foreach (var sql in new[] { "UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            var error = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        }
    }
}
