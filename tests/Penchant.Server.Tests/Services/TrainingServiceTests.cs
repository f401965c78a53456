using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Penchant.Server.Contracts;
using Penchant.Server.Services;

namespace Penchant.Server.Tests.Services;

public sealed class TrainingServiceTests : IAsyncLifetime
{
    private readonly PenchantServerFactory _factory = new(new Dictionary<string, string?> { ["Penchant:TrainingInterval"] = "00:00:00.300" });

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
