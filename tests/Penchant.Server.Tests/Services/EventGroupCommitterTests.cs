using Microsoft.Data.Sqlite;
using Penchant.Core.Data;
using Penchant.Server.Services;
using Penchant.Storage;
using Penchant.Storage.Sqlite;

namespace Penchant.Server.Tests.Services;

/// <summary>Group commit over a real SQLite file; a trigger that aborts one event id stands in for a failing write.</summary>
public sealed class EventGroupCommitterTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2025, 5, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "penchant-server-tests", Guid.NewGuid().ToString("N"));
    private SqliteStore _store = null!;

    private string DatabasePath => Path.Combine(_directory, "events.db");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _store = await SqliteStore.OpenAsync(DatabasePath);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean up.
        }
    }

    private static Event View(string id, string user = "u1", string item = "i1", int minute = 0) =>
        new(id, user, item, EventType.View, T0.AddMinutes(minute));

    /// <summary>Makes SQLite refuse any event with id <paramref name="eventId"/>, as a real failing write.</summary>
    internal static void Poison(string databasePath, string eventId)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            CREATE TRIGGER poison_{eventId.Replace('-', '_')} BEFORE INSERT ON events
            WHEN NEW.event_id = '{eventId}' BEGIN SELECT RAISE(ABORT, 'poisoned event'); END;
            """;
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task Concurrent_appends_are_all_durable_and_each_gets_its_own_outcome()
    {
        var committer = new EventGroupCommitter(_store, maxGroupSize: 16);
        await using (committer)
        {
            await _store.AppendEventsAsync([View("seen-before")]);

            // 300 distinct events, each of the first 50 sent twice, plus one already stored.
            var ids = Enumerable.Range(0, 300).Select(i => $"e{i}").Concat(Enumerable.Range(0, 50).Select(i => $"e{i}")).Append("seen-before").ToArray();
            var outcomes = await Task.WhenAll(ids.Select((id, i) => Task.Run(() => committer.AppendAsync(View(id, $"u{i % 7}", $"i{i % 11}", i)))));

            // Of two posts of one id exactly one stores it, whichever the writer took first.
            var byId = ids.Zip(outcomes).GroupBy(p => p.First).ToDictionary(g => g.Key, g => g.Select(p => p.Second).ToList());
            foreach (var (id, results) in byId)
            {
                var expectedStored = id == "seen-before" ? 0 : 1;
                Assert.Equal(expectedStored, results.Count(o => o == AppendOutcome.Stored));
                Assert.Equal(results.Count - expectedStored, results.Count(o => o == AppendOutcome.Duplicate));
            }

            Assert.Equal(ids.Length, committer.Events);
            Assert.InRange(committer.Groups, 1, ids.Length);
        }

        // Every acknowledged event is in the file, seen through a second, independent store.
        await using var reopened = await SqliteStore.OpenAsync(DatabasePath);
        Assert.Equal(301, await reopened.CountEventsAsync());
        var stored = new HashSet<string>();
        await foreach (var e in reopened.StreamEventsAsync())
        {
            stored.Add(e.EventId);
        }

        Assert.Superset(Enumerable.Range(0, 300).Select(i => $"e{i}").ToHashSet(), stored);
    }

    [Fact]
    public async Task A_failing_request_fails_alone_and_the_rest_of_its_group_is_stored()
    {
        await using var committer = new EventGroupCommitter(_store);
        await _store.AppendEventsAsync([View("old")]);
        Poison(DatabasePath, "bad");

        // Five requests in one group: singles, a batch with a duplicate, and a batch holding the bad event.
        var results = await committer.CommitGroupAsync([[View("a")], [View("bad")], [View("b"), View("old")], [View("c"), View("bad")], [View("a")]]);

        Assert.Equal([AppendOutcome.Stored], results[0].Outcomes!);
        Assert.IsType<SqliteException>(results[1].Error);
        Assert.Null(results[1].Outcomes);
        Assert.Equal([AppendOutcome.Stored, AppendOutcome.Duplicate], results[2].Outcomes!);
        Assert.IsType<SqliteException>(results[3].Error);
        Assert.Equal([AppendOutcome.Duplicate], results[4].Outcomes!);

        // A batch is all or nothing: "c" went down with "bad".
        var ids = (await _store.GetUserEventsAsync("u1", 10)).Select(e => e.EventId).Order(StringComparer.Ordinal);
        Assert.Equal(["a", "b", "old"], ids);
    }

    [Fact]
    public async Task Batches_and_singles_queued_together_get_their_own_outcomes_in_order()
    {
        var committer = new EventGroupCommitter(_store, maxGroupSize: 5);
        var first = committer.AppendBatchAsync([View("x1"), View("x2"), View("x1")]);
        var single = committer.AppendAsync(View("x2"));
        var second = committer.AppendBatchAsync([View("y1"), View("y2"), View("y3"), View("y4"), View("y5"), View("y6")]);
        await committer.DisposeAsync();

        Assert.Equal([AppendOutcome.Stored, AppendOutcome.Stored, AppendOutcome.Duplicate], await first);
        Assert.Equal(AppendOutcome.Duplicate, await single);

        // A request larger than the group limit is still committed whole.
        Assert.All(await second, o => Assert.Equal(AppendOutcome.Stored, o));
        Assert.Equal(8, await _store.CountEventsAsync());
        Assert.Empty(await committer.AppendBatchAsync([]));
    }

    [Fact]
    public async Task A_refused_event_faults_its_caller_and_the_writer_keeps_going()
    {
        await using var committer = new EventGroupCommitter(_store);
        Poison(DatabasePath, "bad");

        await Assert.ThrowsAsync<SqliteException>(() => committer.AppendAsync(View("bad")));
        Assert.Equal(AppendOutcome.Stored, await committer.AppendAsync(View("good")));
        Assert.Equal(1, await _store.CountEventsAsync());
    }

    [Fact]
    public async Task Disposing_commits_what_is_already_queued()
    {
        var committer = new EventGroupCommitter(_store);
        var pending = Enumerable.Range(0, 100).Select(i => committer.AppendAsync(View($"q{i}"))).ToList();
        await committer.DisposeAsync();

        Assert.All(await Task.WhenAll(pending), o => Assert.Equal(AppendOutcome.Stored, o));
        Assert.Equal(100, await _store.CountEventsAsync());
    }
}
