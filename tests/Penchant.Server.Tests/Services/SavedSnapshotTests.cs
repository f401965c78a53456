using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Penchant.Core.Data;
using Penchant.Server.Contracts;
using Penchant.Server.Options;
using Penchant.Server.Services;
using Penchant.Storage;
using Penchant.Storage.Sqlite;

namespace Penchant.Server.Tests.Services;

/// <summary>
/// The serving snapshot saved beside the database: a restarted server serves it at once, before its own first
/// training run ends; it is not read under another key or recommender, nor when damaged; erasure deletes it, and a
/// run that began before a deletion does not write it back.
/// </summary>
public sealed class SavedSnapshotTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "penchant-snapshot-tests", Guid.NewGuid().ToString("N"));

    public SavedSnapshotTests()
    {
        Directory.CreateDirectory(_directory);
        DatabasePath = Path.Combine(_directory, "shop.db");
    }

    private string DatabasePath { get; }

    private string SnapshotPath => DatabasePath + PenchantServerOptions.SnapshotSuffix;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private PenchantServerFactory Server(params (string Key, string? Value)[] settings)
    {
        var all = new Dictionary<string, string?> { ["Penchant:DatabasePath"] = DatabasePath };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new PenchantServerFactory(all);
    }

    /// <summary>Seeds and trains a first server, and returns what it served shopper-1 and its status.</summary>
    private async Task<(string[] Items, ModelStatus Status)> FirstServerAsync(params (string Key, string? Value)[] settings)
    {
        await using var first = Server(settings);
        await ShopFixture.SeedAsync(first);
        using var client = first.Ingest();
        var served = (await client.GetFromJsonAsync<RecommendationsResponse>("/v1/recommendations/users/shopper-1?count=5&explore=0"))!;
        var status = (await first.Admin().GetFromJsonAsync<ModelStatus>("/v1/admin/model"))!;
        Assert.Null(status.RestoredFrom);
        return ([.. served.Items.Select(static i => i.Id)], status);
    }

    [Fact]
    public async Task A_restarted_server_serves_the_saved_snapshot_before_its_first_training_run_ends()
    {
        var (items, trained) = await FirstServerAsync();
        Assert.True(File.Exists(SnapshotPath));

        // Another process stores an event while no server runs, so the second server has something to train on.
        await using (var other = await SqliteStore.OpenAsync(DatabasePath))
        {
            await other.AppendEventsAsync([new Event("offline-1", PenchantServerFactory.Pseudonym("shopper-9"), ShopFixture.ItemId("Books", 1), EventType.View, DateTimeOffset.UtcNow)]);
        }

        // The second server's training waits on the gate, so until it opens only the saved snapshot can serve.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var second = Server();
        await using var server = second.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton(new RecommenderRegistry().Add("itemknn", () => new GatedRecommender(gate.Task)))));
        try
        {
            using var client = Client(server, PenchantServerFactory.AdminKey);
            await Eventually.HoldsAsync(async () => (await client.GetAsync("/ready")).StatusCode == HttpStatusCode.OK);
            var status = (await client.GetFromJsonAsync<ModelStatus>("/v1/admin/model"))!;
            Assert.Equal(SnapshotPath, status.RestoredFrom);
            Assert.True(status.Training);
            Assert.Contains("penchant_model_restored 1\n", await client.GetStringAsync("/metrics"), StringComparison.Ordinal);
            Assert.Equal((trained.Users, trained.Items, trained.Interactions, trained.Events), (status.Users, status.Items, status.Interactions, status.Events));
            Assert.Equal(trained.TrainedAt, status.TrainedAt);

            var served = (await client.GetFromJsonAsync<RecommendationsResponse>("/v1/recommendations/users/shopper-1?count=5&explore=0"))!;
            Assert.True(served.Personalized);
            Assert.Equal(items, served.Items.Select(static i => i.Id));
            Assert.All(served.Items, static i => Assert.False(string.IsNullOrWhiteSpace(i.Reason)));

            // Once the gate opens, this process's own model replaces it.
            gate.SetResult();
            await Eventually.HoldsAsync(async () => (await client.GetFromJsonAsync<ModelStatus>("/v1/admin/model"))!.RestoredFrom is null);
            Assert.Contains("penchant_model_restored 0\n", await client.GetStringAsync("/metrics"), StringComparison.Ordinal);
        }
        finally
        {
            gate.TrySetResult();
        }
    }

    [Fact]
    public async Task A_restarted_server_over_an_unchanged_store_serves_the_snapshot_without_training_until_something_changes()
    {
        var (items, trained) = await FirstServerAsync();

        // Nothing changed while no server ran: the second server serves the saved snapshot and leaves its run at start
        // out, as it leaves out scheduled runs. Its trainer would wait on a gate that never opens.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await using (var second = Server(("Penchant:TrainingInterval", "00:00:00.100")))
            await using (var server = second.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
                s.AddSingleton(new RecommenderRegistry().Add("itemknn", () => new GatedRecommender(gate.Task))))))
            {
                var training = server.Services.GetRequiredService<TrainingService>();
                await Eventually.HoldsAsync(() => Task.FromResult(training.SkippedRuns >= 3));
                using var client = Client(server, PenchantServerFactory.AdminKey);
                var status = (await client.GetFromJsonAsync<ModelStatus>("/v1/admin/model"))!;
                Assert.Equal(SnapshotPath, status.RestoredFrom);
                Assert.False(status.Training);
                Assert.Equal(trained.TrainedAt, status.TrainedAt);
                var served = (await client.GetFromJsonAsync<RecommendationsResponse>("/v1/recommendations/users/shopper-1?count=5&explore=0"))!;
                Assert.Equal(items, served.Items.Select(static i => i.Id));

                // Another process renames an item (no count changes): the next scheduled run trains on it.
                await using (var other = await SqliteStore.OpenAsync(DatabasePath))
                {
                    var item = (await other.GetItemAsync(ShopFixture.ItemId("Books", 1)))!;
                    Assert.Equal(new WriteResult(1, 0), await other.UpsertItemsAsync([item with { Title = "Renamed elsewhere" }]));
                }

                await Eventually.HoldsAsync(async () => (await client.GetFromJsonAsync<ModelStatus>("/v1/admin/model"))!.Training);
                gate.SetResult();
                var serving = server.Services.GetRequiredService<ServingModel>();
                await Eventually.HoldsAsync(() => Task.FromResult(serving.Current.RestoredFrom is null));
                Assert.Equal("Renamed elsewhere", serving.Current.ItemAt(serving.Current.Items.IndexOf(ShopFixture.ItemId("Books", 1)))?.Title);
                await Eventually.HoldsAsync(() => Task.FromResult(!training.IsTraining));
            }

            // A changed training setting (the decay) with the store unchanged: the snapshot serves, and a run follows at start.
            await using var third = Server(("Penchant:HalfLifeDays", "30"));
            var thirdServing = third.Services.GetRequiredService<ServingModel>();
            var thirdTraining = third.Services.GetRequiredService<TrainingService>();
            await Eventually.HoldsAsync(() => Task.FromResult(thirdServing.IsReady && thirdServing.Current.RestoredFrom is null && !thirdTraining.IsTraining));
            Assert.Equal(0, thirdTraining.SkippedRuns);
        }
        finally
        {
            gate.TrySetResult();
        }
    }

    [Fact]
    public async Task A_running_server_serves_the_snapshot_another_process_trained_at_the_present_revision()
    {
        await FirstServerAsync();

        // A running server that checks every 100 ms and whose own trainer would wait on a gate that never opens.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await using var running = Server(("Penchant:TrainingInterval", "00:00:00.100"));
            await using var server = running.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
                s.AddSingleton(new RecommenderRegistry().Add("itemknn", () => new GatedRecommender(gate.Task)))));
            var serving = server.Services.GetRequiredService<ServingModel>();
            var training = server.Services.GetRequiredService<TrainingService>();
            await Eventually.HoldsAsync(() => Task.FromResult(training.SkippedRuns >= 2));

            // A second server over the same file starts (nothing changed: its run at start is left out too).
            await using var another = Server();
            var anotherTraining = another.Services.GetRequiredService<TrainingService>();
            await Eventually.HoldsAsync(() => Task.FromResult(anotherTraining.SkippedRuns >= 1));

            // Another process stores an event: the store moved on and nobody has trained on it, so the running server
            // trains (holding the training lease, in which the second server's scheduled runs would wait).
            await using (var other = await SqliteStore.OpenAsync(DatabasePath))
            {
                await other.AppendEventsAsync([new Event("other-1", PenchantServerFactory.Pseudonym("newcomer"), ShopFixture.ItemId("Books", 2), EventType.Purchase, DateTimeOffset.UtcNow)]);
            }

            await Eventually.HoldsAsync(() => Task.FromResult(training.IsTraining));
            Assert.Equal(0, training.AdoptedRuns);

            // The second server takes a newer event, then erases a shopper: the run an erasure sets off trains at once,
            // without waiting for the lease the running server holds, and saves its snapshot. The running one's run ends
            // afterwards (the gate opens): it does not overwrite that newer snapshot, and takes it up at its next look.
            var saved = File.GetLastWriteTimeUtc(SnapshotPath);
            using (var ingest = another.Ingest())
            {
                (await ingest.PostAsJsonAsync("/v1/events", new EventDto("other-2", "newcomer", ShopFixture.ItemId("Books", 3), "purchase", DateTimeOffset.UtcNow))).EnsureSuccessStatusCode();
            }

            using (var admin = another.Admin())
            {
                (await admin.DeleteAsync("/v1/users/shopper-5")).EnsureSuccessStatusCode();
            }

            await Eventually.HoldsAsync(() => Task.FromResult(File.Exists(SnapshotPath) && File.GetLastWriteTimeUtc(SnapshotPath) > saved));

            gate.SetResult();
            await Eventually.HoldsAsync(() => Task.FromResult(training.AdoptedRuns >= 1));
            var user = serving.Current.Users.IndexOf(PenchantServerFactory.Pseudonym("newcomer"));
            Assert.True(user >= 0);
            Assert.Equal(2, serving.Current.TrainingData!.Matrix.RowColumns(user).Length);
            Assert.Equal(SnapshotPath, serving.Current.RestoredFrom);
        }
        finally
        {
            gate.TrySetResult();
        }
    }

    [Fact]
    public async Task A_snapshot_trained_before_another_process_erased_a_shopper_is_not_served_and_is_deleted_nor_one_over_another_database()
    {
        await FirstServerAsync();
        var saved = await File.ReadAllBytesAsync(SnapshotPath);

        // Another process erases shopper-1 straight in the store (not through a server, which would delete the file).
        var victim = PenchantServerFactory.Pseudonym("shopper-1");
        await using (var other = await SqliteStore.OpenAsync(DatabasePath))
        {
            var erased = (await other.EraseUserAsync(victim)).EventsRemoved;
            Assert.True(erased > 0);

            // As many new events, so that the store holds as many events as the snapshot was trained on.
            await other.AppendEventsAsync([.. Enumerable.Range(0, erased).Select(i => new Event(
                $"refill-{i}", PenchantServerFactory.Pseudonym("shopper-refill"), ShopFixture.ItemId("Kitchen", i % 3), EventType.View, DateTimeOffset.UtcNow))]);
        }

        Assert.True(File.Exists(SnapshotPath));
        await using (var after = Server())
        {
            var serving = after.Services.GetRequiredService<ServingModel>();
            await Eventually.HoldsAsync(() => Task.FromResult(serving.IsReady && serving.Current.Version >= 1));
            Assert.Null(serving.Current.RestoredFrom);
            Assert.False(serving.Current.Users.Contains(victim));
            Assert.Null(await LoadAsync(after, saved));

            // It holds the erased shopper, so reading it deletes it: as a process that stopped between moving it into
            // place and looking again at the store's deletions would have left it.
            Assert.False(File.Exists(SnapshotPath));
        }

        // Over a database created anew under the same path, the old file is not served either.
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(_directory, "shop.db*").Where(f => !f.EndsWith(PenchantServerOptions.SnapshotSuffix, StringComparison.Ordinal)))
        {
            File.Delete(file);
        }

        await using var anew = Server();
        await ShopFixture.SeedAsync(anew);
        Assert.Null(await LoadAsync(anew, saved));
    }

    [Fact]
    public async Task An_erasure_by_another_process_leaves_a_running_servers_memory_at_its_next_look_not_its_next_interval()
    {
        await using var server = Server(("Penchant:TrainingInterval", "01:00:00"), ("Penchant:ErasureWatch", "00:00:00.100"));
        await ShopFixture.SeedAsync(server);
        var serving = server.Services.GetRequiredService<ServingModel>();
        var victim = PenchantServerFactory.Pseudonym("shopper-1");
        Assert.True(serving.Current.Users.Contains(victim));
        var version = serving.Current.Version;

        // New events elsewhere wait for the interval (an hour here); an erasure elsewhere does not.
        await using (var other = await SqliteStore.OpenAsync(DatabasePath))
        {
            await other.AppendEventsAsync([new Event("elsewhere-1", PenchantServerFactory.Pseudonym("shopper-9"), ShopFixture.ItemId("Books", 1), EventType.View, DateTimeOffset.UtcNow)]);
            await Task.Delay(500);
            Assert.Equal(version, serving.Current.Version);
            Assert.True((await other.EraseUserAsync(victim)).EventsRemoved > 0);
        }

        // The victim leaves at once; the run the look sets off follows.
        await Eventually.HoldsAsync(() => Task.FromResult(!serving.Current.Users.Contains(victim) && serving.Current.Version > version));
        Assert.False(File.Exists(SnapshotPath) && (await server.Services.GetRequiredService<SavedSnapshot>().LoadAsync(CancellationToken.None))?.Users.Contains(victim) == true);
    }

    [Fact]
    public async Task Shoppers_another_process_erased_leave_memory_at_the_next_look_even_while_the_run_it_sets_off_is_stuck()
    {
        // Runs train until the gate is shut, after the shop is trained; then every run waits on it until the end.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var shut = false;
        await using var plain = Server(("Penchant:TrainingInterval", "01:00:00"), ("Penchant:ErasureWatch", "00:00:00.100"));
        await using var server = plain.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton(new RecommenderRegistry().Add("itemknn", () => new GatedRecommender(Volatile.Read(ref shut) ? gate.Task : Task.CompletedTask)))));
        try
        {
            using (var ingest = Client(server, PenchantServerFactory.IngestKey))
            {
                (await ingest.PostAsJsonAsync("/v1/items", new ItemBatchDto([.. ShopFixture.Items()]))).EnsureSuccessStatusCode();
                (await ingest.PostAsJsonAsync("/v1/events/batch", new EventBatchDto([.. ShopFixture.History(DateTimeOffset.UtcNow)]))).EnsureSuccessStatusCode();
            }

            using var admin = Client(server, PenchantServerFactory.AdminKey);
            (await admin.PostAsync("/v1/admin/train?wait=true", null)).EnsureSuccessStatusCode();
            var serving = server.Services.GetRequiredService<ServingModel>();
            var victims = new[] { "shopper-1", "shopper-2" }.Select(PenchantServerFactory.Pseudonym).ToArray();
            var bystander = PenchantServerFactory.Pseudonym("shopper-4");
            Assert.All(victims, v => Assert.True(serving.Current.Users.Contains(v)));
            var version = serving.Current.Version;
            var history = serving.Current.TrainingData!.Matrix.NonZeros;
            Volatile.Write(ref shut, true);

            // Another process erases two shoppers; this server's run after it cannot finish, yet both leave its memory.
            await using (var other = await SqliteStore.OpenAsync(DatabasePath))
            {
                foreach (var victim in victims)
                {
                    Assert.True((await other.EraseUserAsync(victim)).EventsRemoved > 0);
                }
            }

            await Eventually.HoldsAsync(() => Task.FromResult(victims.All(v => !serving.Current.Users.Contains(v))));
            Assert.Equal(version, serving.Current.Version);

            // The memory is dropped just before the run it sets off starts; that run then stays at the gate.
            var training = server.Services.GetRequiredService<TrainingService>();
            await Eventually.HoldsAsync(() => Task.FromResult(training.IsTraining));
            Assert.Equal(version, serving.Current.Version);
            Assert.True(serving.Current.Users.Contains(bystander));
            Assert.True(serving.Current.TrainingData!.Matrix.NonZeros < history);
            using var ingestAgain = Client(server, PenchantServerFactory.IngestKey);
            var served = (await ingestAgain.GetFromJsonAsync<RecommendationsResponse>("/v1/recommendations/users/shopper-4?count=3&explore=0"))!;
            Assert.True(served.Personalized);
        }
        finally
        {
            gate.TrySetResult();
        }
    }

    [Fact]
    public async Task A_snapshot_from_another_key_another_recommender_or_a_damaged_file_is_not_served()
    {
        await FirstServerAsync();
        var saved = await File.ReadAllBytesAsync(SnapshotPath);

        await using (var otherKey = Server(("Penchant:Privacy:PseudonymKey", "hex:" + string.Concat(Enumerable.Repeat("0123456789abcdef", 4)))))
        {
            Assert.Null(await LoadAsync(otherKey, saved));
        }

        await using (var otherRecommender = Server(("Penchant:Recommender", "ease")))
        {
            Assert.Null(await LoadAsync(otherRecommender, saved));
        }

        // The same settings read it: the refusals above are the key's and the recommender's.
        await using (var same = Server())
        {
            var snapshot = await LoadAsync(same, saved);
            Assert.NotNull(snapshot);
            Assert.Equal(SnapshotPath, snapshot.RestoredFrom);
        }

        // Cut short, the file is refused, and the server starts and trains as without one.
        saved = saved[..(saved.Length / 2)];
        await File.WriteAllBytesAsync(SnapshotPath, saved);
        await using var damaged = Server();
        var status = (await damaged.Admin().GetFromJsonAsync<ModelStatus>("/v1/admin/model"))!;
        Assert.Null(status.RestoredFrom);
        Assert.Null(await LoadAsync(damaged, saved));
        status = await damaged.TrainAsync();
        Assert.Null(status.RestoredFrom);
        Assert.True(status.Users > 0);
    }

    [Fact]
    public async Task Snapshots_saved_in_formats_3_and_4_are_served_after_an_upgrade_and_older_or_newer_formats_are_not()
    {
        var (items, trained) = await FirstServerAsync();
        var saved = await File.ReadAllBytesAsync(SnapshotPath);

        // Format 5 ends with what shoppers chose after each search: here (no searches) a flag, a version, no queries and
        // no popular searches.
        // Format 4 is the file without them; format 3 is format 4 without the byte that says there are no item vectors.
        Assert.Equal(SavedSnapshot.FormatVersion, BitConverter.ToInt32(saved, 8));
        Assert.Equal(5, SavedSnapshot.FormatVersion);
        Assert.Equal(new byte[] { 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, saved[^14..]);
        var format4 = saved[..^13];
        BitConverter.GetBytes(4).CopyTo(format4, 8);
        var format3 = saved[..^14];
        BitConverter.GetBytes(3).CopyTo(format3, 8);

        foreach (var old in new[] { format4, format3 })
        {
            await using var upgraded = Server();
            var snapshot = await LoadAsync(upgraded, old);
            Assert.NotNull(snapshot);
            Assert.Equal(SnapshotPath, snapshot.RestoredFrom);
            Assert.Null(snapshot.TextVectors);
            Assert.Null(snapshot.SearchEngagement);
            Assert.Equal((trained.Users, trained.Items, trained.Interactions), (snapshot.Users.Count, snapshot.ItemCount, snapshot.Interactions));
        }

        await using (var current = Server())
        {
            Assert.Equal(0, (await LoadAsync(current, saved))!.SearchEngagement!.QueryCount);
        }

        // A server started over the format-3 file serves it before its own run.
        await File.WriteAllBytesAsync(SnapshotPath, format3);
        await WithRestoredServerAsync(async client =>
        {
            var served = (await client.GetFromJsonAsync<RecommendationsResponse>("/v1/recommendations/users/shopper-1?count=5&explore=0"))!;
            Assert.Equal(items, served.Items.Select(static i => i.Id));
        });

        // Format 2 and a format from a later build are refused (read as format 4 they would be misread).
        foreach (var version in new[] { 2, SavedSnapshot.FormatVersion + 1 })
        {
            var other = (byte[])saved.Clone();
            BitConverter.GetBytes(version).CopyTo(other, 8);
            await using var refusing = Server();
            Assert.Null(await LoadAsync(refusing, other));
        }
    }

    [Fact]
    public async Task What_search_learned_from_shoppers_is_saved_with_the_snapshot_and_searched_after_a_restart()
    {
        await using (var first = Server())
        {
            await ShopFixture.SeedAsync(first);
            await Endpoints.SearchEndpointsTests.SearchAndChooseAsync(first);
        }

        await WithRestoredServerAsync(async client =>
        {
            var found = (await client.GetFromJsonAsync<SearchResponse>("/v1/search?q=sneakers"))!;
            Assert.True(found.Learned);
            Assert.Equal("shoes-3", Assert.Single(found.Items).Id);
            Assert.Equal("chosen by 3 shoppers after searching \"sneakers\"", found.Items[0].Reason);
        });
    }

    /// <summary>
    /// Starts a server over the database whose training waits on a gate that stays shut while <paramref name="check"/>
    /// runs, so that only the saved snapshot can answer; asserts that it serves it, then runs the check with an admin client.
    /// </summary>
    private async Task WithRestoredServerAsync(Func<HttpClient, Task> check)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await using var second = Server();
            await using var server = second.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
                s.AddSingleton(new RecommenderRegistry().Add("itemknn", () => new GatedRecommender(gate.Task)))));
            using var client = Client(server, PenchantServerFactory.AdminKey);
            await Eventually.HoldsAsync(async () => (await client.GetAsync("/ready")).StatusCode == HttpStatusCode.OK);
            Assert.Equal(SnapshotPath, (await client.GetFromJsonAsync<ModelStatus>("/v1/admin/model"))!.RestoredFrom);
            await check(client);
        }
        finally
        {
            gate.TrySetResult();
        }
    }

    [Fact]
    public async Task Without_a_snapshot_path_or_with_it_off_nothing_is_written()
    {
        await using var off = Server(("Penchant:SnapshotPath", "off"));
        await ShopFixture.SeedAsync(off);
        Assert.False(File.Exists(SnapshotPath));
        Assert.Null(off.Services.GetRequiredService<SavedSnapshot>().Location);

        var elsewhere = Path.Combine(_directory, "models", "served.snapshot");
        Directory.CreateDirectory(Path.GetDirectoryName(elsewhere)!);
        await using var named = Server(("Penchant:SnapshotPath", elsewhere));
        await named.TrainAsync();
        Assert.True(File.Exists(elsewhere));
        Assert.False(File.Exists(SnapshotPath));
    }

    [Fact]
    public async Task Erasure_deletes_the_snapshot_and_a_run_that_began_before_a_deletion_does_not_write_it()
    {
        await using var server = Server();
        await ShopFixture.SeedAsync(server);
        Assert.True(File.Exists(SnapshotPath));
        var saved = server.Services.GetRequiredService<SavedSnapshot>();
        var serving = server.Services.GetRequiredService<ServingModel>();

        Assert.True(await saved.DeleteAsync());
        Assert.False(File.Exists(SnapshotPath));
        Assert.False(await saved.DeleteAsync());
        Assert.True(await saved.SaveAsync(serving.Current, saved.Deletions));
        Assert.True(File.Exists(SnapshotPath));

        // Erasure deletes it (the retrain it asks for may already have written a new one, without the shopper).
        var before = saved.Deletions;
        using var admin = server.Admin();
        (await admin.DeleteAsync("/v1/users/shopper-1")).EnsureSuccessStatusCode();
        Assert.Equal(before + 1, saved.Deletions);

        // A run that read the counter before the erasure: refused; one after it: written, without the shopper.
        // (The retrain the erasure asked for is waited out first, so that it cannot write the file meanwhile.)
        await server.TrainAsync();
        File.Delete(SnapshotPath);
        Assert.False(await saved.SaveAsync(serving.Current, before));
        Assert.False(File.Exists(SnapshotPath));
        var status = await server.TrainAsync();
        Assert.True(File.Exists(SnapshotPath));
        var restored = await saved.LoadAsync(CancellationToken.None);
        Assert.NotNull(restored);
        Assert.Equal(status.Users, restored.Users.Count);
        Assert.False(restored.Users.Contains(PenchantServerFactory.Pseudonym("shopper-1")));
        Assert.True(restored.Users.Contains(PenchantServerFactory.Pseudonym("shopper-2")));
    }

    [Fact]
    public async Task An_erasure_by_another_process_just_before_the_file_is_moved_into_place_leaves_no_snapshot()
    {
        await using var server = Server();
        await ShopFixture.SeedAsync(server);
        var saved = server.Services.GetRequiredService<SavedSnapshot>();
        var serving = server.Services.GetRequiredService<ServingModel>();
        Assert.True(File.Exists(SnapshotPath));

        // Another process erases a shopper after this one's last look at the deletions and before its move: it deletes
        // the old file, and the file this one moves into place still holds the shopper, so it must go too.
        saved.BeforeMove = async () =>
        {
            await using var other = await SqliteStore.OpenAsync(DatabasePath);
            Assert.True(await other.DeleteUserEventsAsync(PenchantServerFactory.Pseudonym("shopper-2")) > 0);
            File.Delete(SnapshotPath);
        };
        try
        {
            Assert.False(await saved.SaveAsync(serving.Current, saved.Deletions));
            Assert.False(File.Exists(SnapshotPath));
            Assert.False(File.Exists(SnapshotPath + ".tmp"));
        }
        finally
        {
            saved.BeforeMove = null;
        }

        // The next run, which began after the erasure, writes it, without the shopper.
        await server.TrainAsync();
        Assert.True(File.Exists(SnapshotPath));
        var restored = (await saved.LoadAsync(CancellationToken.None))!;
        Assert.False(restored.Users.Contains(PenchantServerFactory.Pseudonym("shopper-2")));
        Assert.True(restored.Users.Contains(PenchantServerFactory.Pseudonym("shopper-3")));
    }

    [Fact]
    public async Task An_experiments_variant_models_are_saved_and_a_changed_experiment_is_not_served()
    {
        (string, string?)[] experiment =
        [
            ("Penchant:Experiment:Name", "saved-test"),
            ("Penchant:Experiment:Variants:0:Name", "control"),
            ("Penchant:Experiment:Variants:0:Recommender", "itemknn"),
            ("Penchant:Experiment:Variants:1:Name", "popular"),
            ("Penchant:Experiment:Variants:1:Recommender", "popularity"),
        ];
        await FirstServerAsync(experiment);
        var saved = await File.ReadAllBytesAsync(SnapshotPath);

        await using (var same = Server(experiment))
        {
            var snapshot = await LoadAsync(same, saved);
            Assert.NotNull(snapshot?.Alternatives);
            Assert.Equal(["itemknn", "popularity"], snapshot.Alternatives.Keys.Order(StringComparer.Ordinal));
            Assert.Same(snapshot.Model, snapshot.Alternatives["itemknn"].Model);
            Assert.Equal("popularity", snapshot.Alternatives["popularity"].Model?.Kind);
            Assert.Equal("itemknn", snapshot.Model?.Kind);
        }

        await using var changed = Server([.. experiment.Take(4), ("Penchant:Experiment:Variants:1:Name", "popular"), ("Penchant:Experiment:Variants:1:Recommender", "ease")]);
        Assert.Null(await LoadAsync(changed, saved));
    }

    /// <summary>
    /// Reads <paramref name="file"/> as <paramref name="server"/>'s saved snapshot: the server trains at start and saves
    /// its own, so the file is put back once that run has ended.
    /// </summary>
    private async Task<ServingSnapshot?> LoadAsync(PenchantServerFactory server, byte[] file)
    {
        var serving = server.Services.GetRequiredService<ServingModel>();
        var training = server.Services.GetRequiredService<TrainingService>();
        await Eventually.HoldsAsync(() => Task.FromResult(
            serving.IsReady && !training.IsTraining && (serving.Current.RestoredFrom is null || training.SkippedRuns > 0)));
        await File.WriteAllBytesAsync(SnapshotPath, file);
        return await server.Services.GetRequiredService<SavedSnapshot>().LoadAsync(CancellationToken.None);
    }

    private static HttpClient Client(WebApplicationFactory<Program> server, string key)
    {
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }
}
