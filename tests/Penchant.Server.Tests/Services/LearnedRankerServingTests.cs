using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Penchant.Core.Data;
using Penchant.Core.Synthetic;
using Penchant.Server.Contracts;
using Penchant.Server.Services;

namespace Penchant.Server.Tests.Services;

/// <summary>
/// <c>Penchant:Exploration:LearnedRanker</c> end to end: training on a generated shop fits the cluster ranker from the
/// shoppers' latest moves, and recommendations explore with it.
/// </summary>
public sealed class LearnedRankerServingTests : IAsyncLifetime
{
    private readonly PenchantServerFactory _factory = new(new Dictionary<string, string?>
    {
        ["Penchant:ItemsPerInterestCluster"] = "15",
        ["Penchant:Exploration:LearnedRanker"] = "true",
        ["Penchant:Exploration:MinRankerChoices"] = "10",
        ["Penchant:Exploration:NovelCoverage"] = "100",
        ["Penchant:Exploration:Diversity"] = "1", // relevance alone against repeats, so only the ranker's coverage reorders
        ["Penchant:Exploration:Share"] = "0.2", // the test factory turns exploration off by default
    });

    private readonly SyntheticShop _shop = new ShopGenerator(new ShopGeneratorOptions { Seed = 11, ItemCount = 600, ShopperCount = 150, EventsPerShopper = 60 }).Generate();

    public async Task InitializeAsync()
    {
        using var client = _factory.Ingest();
        (await client.PostAsJsonAsync("/v1/items", new ItemBatchDto([.. _shop.Items.Select(static item => new ItemDto(
            item.Id, item.Title, item.Description, item.Categories, item.Brand, item.Price, item.TagList, null, null, item.Available, item.CreatedAt))]))).EnsureSuccessStatusCode();
        foreach (var chunk in _shop.Events.Chunk(5000))
        {
            (await client.PostAsJsonAsync("/v1/events/batch", new EventBatchDto([.. chunk.Select(static e => new EventDto(
                e.EventId, e.UserId, e.ItemId, e.Type.WireName(), e.Timestamp, e.Value, e.Text, e.SessionId))]))).EnsureSuccessStatusCode();
        }

        await _factory.TrainAsync();
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Training_fits_the_ranker_and_slates_explore_new_clusters_with_it()
    {
        var exploration = _factory.Services.GetRequiredService<ServingModel>().Current.Exploration;
        Assert.NotNull(exploration);
        Assert.Equal("interest-clusters", exploration.Source);
        var learned = exploration.Learned;
        Assert.NotNull(learned);
        Assert.All(learned.Ranker.Weights, static w => Assert.True(double.IsFinite(w)));
        Assert.Contains(learned.Ranker.Weights, static w => w != 0);

        using var client = _factory.Ingest();
        var explored = 0;
        foreach (var user in _shop.Users.Take(20).Select(static u => u.Id))
        {
            var response = await client.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/{user}?count=10");
            Assert.NotNull(response);
            Assert.Equal(10, response.Items.Count);
            Assert.Equal(10, response.Items.Select(static i => i.Id).Distinct().Count());
            foreach (var item in response.Items.Where(static i => i.Explore))
            {
                explored++;
                Assert.False(string.IsNullOrEmpty(item.Cluster));
                Assert.InRange(item.Propensity!.Value, 1e-4, 1.0);
                Assert.StartsWith("something new: ", item.Reason, StringComparison.Ordinal);
            }
        }

        // About 2 of 10 slots explore (the share adapts per shopper between 5% and 40%).
        Assert.InRange(explored, 20, 80);
    }

    [Fact]
    public async Task Novel_coverage_brings_clusters_new_to_the_shopper_into_the_exploit_slots()
    {
        var snapshot = _factory.Services.GetRequiredService<ServingModel>().Current;
        var clusters = snapshot.Exploration!.Clusters;
        int ClusterOf(string item) => snapshot.Items.IndexOf(item) is >= 0 and var i ? clusters.ClusterOf(i) : -1;
        using var client = _factory.Ingest();
        int covered = 0, plain = 0;
        foreach (var user in _shop.Users.Take(20).Select(static u => u.Id))
        {
            var seen = _shop.Events.Where(e => e.UserId == user && e.ItemId is not null).Select(e => ClusterOf(e.ItemId!)).ToHashSet();
            bool IsNew(RecommendedItem item) => ClusterOf(item.Id) is >= 0 and var c && !seen.Contains(c);
            var exploring = await client.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/{user}?count=10");
            var exploiting = await client.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/{user}?count=10&explore=0");
            var exploitSlots = exploring!.Items.Where(static i => !i.Explore).ToList();
            covered += exploitSlots.Count(IsNew);
            plain += exploiting!.Items.Take(exploitSlots.Count).Count(IsNew);
        }

        // With a large coverage weight the exploit slots reach for the ranker's likeliest new clusters, which the same
        // number of plain top items (explore=0) show less often.
        Assert.True(covered > plain, $"new-cluster items in exploit slots: {covered} with coverage, {plain} in the plain ranking");
    }
}
