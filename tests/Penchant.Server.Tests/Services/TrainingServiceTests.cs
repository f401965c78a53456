using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Penchant.Server.Contracts;
using Penchant.Server.Services;

namespace Penchant.Server.Tests.Services;

public sealed class TrainingServiceTests : IAsyncLifetime
{
    // Scheduled runs go ahead here even with nothing new, so that swaps happen while requests are served.
    private readonly PenchantServerFactory _factory = new(new Dictionary<string, string?>
    {
        ["Penchant:TrainingInterval"] = "00:00:00.300",
        ["Penchant:RetrainWhenUnchanged"] = "true",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Scheduled_retraining_swaps_versions_while_requests_keep_being_served()
    {
        await ShopFixture.SeedAsync(_factory);
        var serving = _factory.Services.GetRequiredService<ServingModel>();
        var start = serving.Current.Version;
        using var client = _factory.Ingest();
        var seen = new HashSet<long>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && seen.Count(v => v > start) < 1)
        {
            var response = await client.GetAsync("/v1/recommendations/users/shopper-1?count=3");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var result = await response.Content.ReadFromJsonAsync<RecommendationsResponse>();
            Assert.Equal(3, result!.Items.Count);
            seen.Add(result.ModelVersion);
            await Task.Delay(50);
        }

        Assert.True(seen.Count(v => v > start) >= 1, $"versions seen: {string.Join(",", seen)} after {start}");
    }

    [Fact]
    public async Task Scheduled_runs_are_left_out_while_nothing_changes_and_resume_on_a_new_event_or_item_change()
    {
        await using var factory = new PenchantServerFactory(new Dictionary<string, string?> { ["Penchant:TrainingInterval"] = "00:00:00.100" });
        await ShopFixture.SeedAsync(factory);
        var serving = factory.Services.GetRequiredService<ServingModel>();
        var training = factory.Services.GetRequiredService<TrainingService>();
        var version = serving.Current.Version;

        // Several intervals pass with nothing new: runs are skipped, the served snapshot stays.
        await Eventually.HoldsAsync(() => training.SkippedRuns >= 5);
        Assert.Equal(version, serving.Current.Version);
        using var admin = factory.Admin();
        Assert.True((await admin.GetFromJsonAsync<ModelStatus>("/v1/admin/model"))!.SkippedRuns >= 5);
        var skippedMetric = System.Text.RegularExpressions.Regex.Match(await admin.GetStringAsync("/metrics"), "penchant_training_runs_total\\{outcome=\"skipped\"\\} (\\d+)");
        Assert.True(skippedMetric.Success && long.Parse(skippedMetric.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 5);

        // A new event: the next scheduled run trains, and learns from it.
        using var ingest = factory.Ingest();
        (await ingest.PostAsJsonAsync("/v1/events", new EventDto("late-1", "newcomer", ShopFixture.ItemId("Books", 2), "view", DateTimeOffset.UtcNow))).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(() => serving.Current.Version > version);
        Assert.True(serving.Current.Users.Contains(PenchantServerFactory.Pseudonym("newcomer")));

        // Quiet again, then an item's title changes (the event and item counts stay): trained again.
        version = serving.Current.Version;
        var skipped = training.SkippedRuns;
        await Eventually.HoldsAsync(() => training.SkippedRuns >= skipped + 3);
        Assert.Equal(version, serving.Current.Version);
        var item = ShopFixture.Items().First() with { Title = "Renamed shoes" };
        (await ingest.PutAsJsonAsync($"/v1/items/{item.Id}", item)).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(() => serving.Current.Version > version);
        Assert.Equal("Renamed shoes", serving.Current.ItemAt(serving.Current.Items.IndexOf(item.Id!))?.Title);

        // Asked for, a run goes ahead even with nothing new.
        version = serving.Current.Version;
        Assert.True((await training.RequestAsync()).Version > version);
    }

    [Fact]
    public async Task A_snapshot_read_before_a_swap_stays_whole()
    {
        await ShopFixture.SeedAsync(_factory);
        var serving = _factory.Services.GetRequiredService<ServingModel>();
        var held = serving.Current;
        var itemCount = held.ItemCount;
        var training = _factory.Services.GetRequiredService<TrainingService>();
        var next = await training.RequestAsync();
        Assert.True(next.Version > held.Version);
        Assert.True(serving.Current.Version >= next.Version);
        Assert.NotSame(held, serving.Current);
        Assert.Equal(itemCount, held.ItemCount);
        Assert.NotNull(held.Model);
    }
}
