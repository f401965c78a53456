using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.TestHost;
using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Penchant.Server.Contracts;
using Penchant.Tests.Shared;

namespace Penchant.Server.Tests.Stores;

/// <summary>
/// The server over PostgreSQL (<c>Penchant:Store=postgres</c>) end to end: ingest, train, recommend, profile and
/// erase, in a fresh schema of the server that <c>PENCHANT_POSTGRES</c> names. Skipped without it, unless
/// <c>PENCHANT_REQUIRE_POSTGRES=1</c> (as in CI), which makes it fail instead.
/// </summary>
public sealed class PostgresServerTests : IAsyncLifetime
{
    private readonly string _schema = PostgresTestServer.NewSchemaName();

    private static string? ConnectionString => PostgresTestServer.Configured;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => PostgresTestServer.DropAsync(_schema);

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql.Replace("{schema}", $"\"{_schema}\"", StringComparison.Ordinal), connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [SkippableFact]
    public async Task The_server_ingests_trains_recommends_and_erases_over_postgres()
    {
        _ = PostgresTestServer.ConnectionString; // skips, or fails where required, without a server
        await using var factory = new PenchantServerFactory(new Dictionary<string, string?>
        {
            ["Penchant:Store"] = "postgres",
            ["Penchant:Postgres:ConnectionString"] = ConnectionString,
            ["Penchant:Postgres:Schema"] = _schema,
            ["Penchant:InterestClusters"] = "0",
        });
        await ShopFixture.SeedAsync(factory);

        // Everything went to PostgreSQL, and no SQLite file was made.
        Assert.Equal(15, await CountAsync("SELECT count(*) FROM {schema}.items"));
        Assert.Equal(ShopFixture.History(DateTimeOffset.UtcNow).Count(), await CountAsync("SELECT count(*) FROM {schema}.events"));
        Assert.False(File.Exists(factory.DatabasePath));

        using var ingest = factory.Ingest();
        var recommendations = (await ingest.GetFromJsonAsync<RecommendationsResponse>("/v1/recommendations/users/shopper-3?count=3"))!;
        Assert.True(recommendations.Personalized);
        Assert.All(recommendations.Items, static i => Assert.Equal("Shoes", i.Category));
        var profile = (await ingest.GetFromJsonAsync<InterestProfileDto>("/v1/profiles/shopper-3"))!;
        Assert.Equal("Shop > Shoes", profile.Categories[0].Name);

        // A new event counts from the next request on.
        var before = await CountAsync("SELECT count(*) FROM {schema}.events");
        (await ingest.PostAsJsonAsync("/v1/events", new EventDto("live-1", "shopper-3", ShopFixture.ItemId("Shoes", 2), "purchase", DateTimeOffset.UtcNow))).EnsureSuccessStatusCode();
        Assert.Equal(before + 1, await CountAsync("SELECT count(*) FROM {schema}.events"));

        // A NUL character, which PostgreSQL's text cannot hold, is a field error; the rest of the batch is kept.
        var batch = (await (await ingest.PostAsJsonAsync("/v1/events/batch", new EventBatchDto(
            [new EventDto("live-2", "shopper-3", ShopFixture.ItemId("Shoes", 3), "view", DateTimeOffset.UtcNow), new EventDto("live-3", "shopper-3", ShopFixture.ItemId("Shoes", 3), "review", DateTimeOffset.UtcNow, Text: "nul\0")]))).Content.ReadFromJsonAsync<IngestResult>())!;
        Assert.Equal((1, 1), (batch.Accepted, batch.Rejected));
        Assert.Contains("events[1].text", batch.Errors!.Keys);
        Assert.Equal(before + 2, await CountAsync("SELECT count(*) FROM {schema}.events"));

        using var admin = factory.Admin();
        var config = await admin.GetStringAsync("/v1/admin/config");
        Assert.Contains($"\"store\":\"postgres (schema {_schema})\"", config, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", config, StringComparison.OrdinalIgnoreCase);
        var erased = await admin.DeleteAsync("/v1/users/shopper-3");
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var pseudonym = PenchantServerFactory.Pseudonym("shopper-3");
        Assert.Equal(0, await CountAsync($"SELECT count(*) FROM {{schema}}.events e JOIN {{schema}}.user_keys u ON u.key = e.user_key WHERE u.id = '{pseudonym}'"));
        Assert.Equal(0, await CountAsync($"SELECT count(*) FROM {{schema}}.user_keys WHERE id = '{pseudonym}'"));
        Assert.Equal(before - 3, await CountAsync("SELECT count(*) FROM {schema}.events")); // shopper-3's 3 views, their purchase and their view are gone
    }

    [SkippableFact]
    public async Task A_restarted_server_serves_the_snapshot_its_last_run_kept_in_the_database()
    {
        var settings = SchemaSettings();
        string[] served;
        await using (var first = new PenchantServerFactory(settings))
        {
            await ShopFixture.SeedAsync(first);
            using var ingest = first.Ingest();
            served = [.. (await ingest.GetFromJsonAsync<RecommendationsResponse>("/v1/recommendations/users/shopper-3?count=5&explore=0"))!.Items.Select(static i => i.Id)];
        }

        Assert.True(await CountAsync("SELECT count(*) FROM {schema}.serving_snapshot") > 0);

        // The second server's training would wait on the gate, so until it opens only the kept snapshot can serve.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var second = new PenchantServerFactory(settings);
        await using var server = second.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton(new Penchant.Server.Services.RecommenderRegistry().Add("itemknn", () => new Services.GatedRecommender(gate.Task)))));
        try
        {
            using var admin = server.CreateClient();
            admin.DefaultRequestHeaders.Add("X-Api-Key", PenchantServerFactory.AdminKey);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((await admin.GetAsync("/ready")).StatusCode != HttpStatusCode.OK)
            {
                Assert.True(DateTime.UtcNow < deadline, "Not ready within 30 s.");
                await Task.Delay(20);
            }

            // Nothing changed in the database since: the run at start is left out (the gated trainer never starts).
            var training = server.Services.GetRequiredService<Penchant.Server.Services.TrainingService>();
            while (training.SkippedRuns == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "The run at start was not left out within 30 s.");
                await Task.Delay(20);
            }

            var status = (await admin.GetFromJsonAsync<ModelStatus>("/v1/admin/model"))!;
            Assert.False(status.Training);
            Assert.Equal($"PostgreSQL schema \"{_schema}\" (serving_snapshot)", status.RestoredFrom);
            var again = (await admin.GetFromJsonAsync<RecommendationsResponse>("/v1/recommendations/users/shopper-3?count=5&explore=0"))!;
            Assert.Equal(served, again.Items.Select(static i => i.Id));

            // Erasure deletes it with the shopper's rows.
            (await admin.DeleteAsync("/v1/users/shopper-3")).EnsureSuccessStatusCode();
            Assert.Equal(0, await CountAsync("SELECT count(*) FROM {schema}.serving_snapshot"));
        }
        finally
        {
            gate.TrySetResult();
        }
    }

    [SkippableFact]
    public async Task A_second_server_over_the_same_schema_serves_what_the_first_trained_instead_of_training_itself()
    {
        var settings = SchemaSettings();
        await using var first = new PenchantServerFactory(settings);
        await ShopFixture.SeedAsync(first);

        // The second server checks every 100 ms; its own trainer would wait on a gate that never opens.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var second = new PenchantServerFactory(new Dictionary<string, string?>(settings) { ["Penchant:TrainingInterval"] = "00:00:00.100" });
        await using var server = second.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton(new Penchant.Server.Services.RecommenderRegistry().Add("itemknn", () => new Services.GatedRecommender(gate.Task)))));
        try
        {
            var serving = server.Services.GetRequiredService<Penchant.Server.Services.ServingModel>();
            var training = server.Services.GetRequiredService<Penchant.Server.Services.TrainingService>();
            await Eventually.HoldsAsync(() => training.SkippedRuns >= 2);
            var version = serving.Current.Version;

            // The first server is asked to train while the test holds the training lease: its run waits for it. Then a new
            // shopper arrives; the second's next look sees the change and queues for the lease behind the first. Once the
            // lease is free the first trains (with the newcomer), and the second serves what it saved instead of training.
            await using var store = await Penchant.Storage.Postgres.PostgresStore.OpenAsync(
                new Penchant.Storage.Postgres.PostgresStoreOptions { ConnectionString = ConnectionString!, Schema = _schema });
            var lease = await store.AcquireTrainingLeaseAsync();
            var firstRun = first.TrainAsync();
            await Eventually.HoldsAsync(async () => await LeaseWaitersAsync(store) == 1);
            using var ingest = first.Ingest();
            (await ingest.PostAsJsonAsync("/v1/events", new EventDto("other-1", "newcomer", ShopFixture.ItemId("Books", 2), "purchase", DateTimeOffset.UtcNow))).EnsureSuccessStatusCode();
            await Eventually.HoldsAsync(async () => await LeaseWaitersAsync(store) == 2);
            Assert.False(firstRun.IsCompleted); // a run asked for waits for the lease too
            Assert.Equal(0, training.AdoptedRuns);
            await lease.DisposeAsync();
            var trained = await firstRun;
            await Eventually.HoldsAsync(() => training.AdoptedRuns >= 1);
            Assert.True(serving.Current.Version > version);
            Assert.True(serving.Current.Users.Contains(PenchantServerFactory.Pseudonym("newcomer")));
            Assert.Equal(trained.TrainedAt, serving.Current.TrainedAt);
            Assert.False(training.IsTraining);

            // And then nothing changes: it neither trains nor reads the same snapshot again.
            var adopted = training.AdoptedRuns;
            var skipped = training.SkippedRuns;
            await Eventually.HoldsAsync(() => training.SkippedRuns >= skipped + 3);
            Assert.Equal(adopted, training.AdoptedRuns);
            using var admin = server.CreateClient();
            admin.DefaultRequestHeaders.Add("X-Api-Key", PenchantServerFactory.AdminKey);
            Assert.Equal(adopted, (await admin.GetFromJsonAsync<ModelStatus>("/v1/admin/model"))!.AdoptedRuns);
            Assert.Contains($"penchant_training_runs_total{{outcome=\"adopted\"}} {adopted}\n", await admin.GetStringAsync("/metrics"), StringComparison.Ordinal);
        }
        finally
        {
            gate.TrySetResult();
        }
    }

    [SkippableFact]
    public async Task A_feed_begun_on_one_server_continues_on_another_over_the_same_schema()
    {
        var settings = SchemaSettings();
        await using var first = new PenchantServerFactory(settings);
        await ShopFixture.SeedAsync(first);
        await using var second = new PenchantServerFactory(settings);
        await second.TrainAsync();

        using var one = first.Ingest();
        var page1 = (await one.GetFromJsonAsync<RecommendationsResponse>("/v1/recommendations/users/shopper-3?count=5"))!;
        Assert.Equal(5, page1.Items.Count);
        await first.Services.GetRequiredService<Penchant.Server.Services.ImpressionWriter>().FlushAsync();

        // The second server never served the first page: it reads it back from the impression log in PostgreSQL.
        using var two = second.Ingest();
        var page2 = (await two.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/shopper-3?count=5&after={page1.SlateId}"))!;
        Assert.Equal(5, page2.Items.Count);
        Assert.Empty(page2.Items.Select(static i => i.Id).Intersect(page1.Items.Select(static i => i.Id)));
        Assert.Equal(page1.SlateId, Penchant.Server.Services.FeedPages.FeedOf(page2.SlateId));
        var refused = await two.GetAsync($"/v1/recommendations/users/shopper-4?after={page1.SlateId}");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [SkippableFact]
    public async Task An_erasure_retrains_at_once_even_while_another_server_holds_the_training_lease()
    {
        await using var factory = new PenchantServerFactory(SchemaSettings());
        await ShopFixture.SeedAsync(factory);
        var serving = factory.Services.GetRequiredService<Penchant.Server.Services.ServingModel>();
        var version = serving.Current.Version;
        await using var store = await Penchant.Storage.Postgres.PostgresStore.OpenAsync(
            new Penchant.Storage.Postgres.PostgresStoreOptions { ConnectionString = ConnectionString!, Schema = _schema });
        var lease = await store.AcquireTrainingLeaseAsync();
        var held = true;
        try
        {
            // The erased shopper must leave this server's memory without waiting for the other's run.
            using var admin = factory.Admin();
            (await admin.DeleteAsync("/v1/users/shopper-4")).EnsureSuccessStatusCode();
            await Eventually.HoldsAsync(() => serving.Current.Version > version);
            Assert.False(serving.Current.Users.Contains(PenchantServerFactory.Pseudonym("shopper-4")));
            Assert.Equal(0, await LeaseWaitersAsync(store));

            // A run an operator asks for does wait, and the model status says so.
            var asked = factory.TrainAsync();
            await Eventually.HoldsAsync(async () => await LeaseWaitersAsync(store) == 1);
            Assert.False(asked.IsCompleted);
            Assert.True((await admin.GetFromJsonAsync<ModelStatus>("/v1/admin/model"))!.WaitingForLease);
            await lease.DisposeAsync();
            held = false;
            Assert.True((await asked).Version > version + 1);
            Assert.False((await admin.GetFromJsonAsync<ModelStatus>("/v1/admin/model"))!.WaitingForLease);
        }
        finally
        {
            if (held)
            {
                await lease.DisposeAsync();
            }
        }
    }

    // How many sessions wait for this schema's training lease (a bigint advisory lock shows as classid, objid, objsubid 1).
    private static async Task<long> LeaseWaitersAsync(Penchant.Storage.Postgres.PostgresStore store)
    {
        var key = store.TrainingLeaseKey;
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objsubid = 1 AND classid::bigint = @high AND objid::bigint = @low",
            connection);
        command.Parameters.AddWithValue("high", (key >> 32) & 0xFFFFFFFFL);
        command.Parameters.AddWithValue("low", key & 0xFFFFFFFFL);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    // A server over this test's schema, without interest clusters; skips, or fails where required, without a server.
    private Dictionary<string, string?> SchemaSettings()
    {
        _ = PostgresTestServer.ConnectionString;
        return new Dictionary<string, string?>
        {
            ["Penchant:Store"] = "postgres",
            ["Penchant:Postgres:ConnectionString"] = ConnectionString,
            ["Penchant:Postgres:Schema"] = _schema,
            ["Penchant:InterestClusters"] = "0",
        };
    }
}
