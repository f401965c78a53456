using System.Net;
using System.Net.Http.Json;
using Penchant.Server.Contracts;

namespace Penchant.Server.Tests.Endpoints;

public sealed class AdminEndpointsTests : IAsyncLifetime
{
    private readonly PenchantServerFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Train_swaps_in_a_new_version_that_counts_the_new_data()
    {
        var first = await _factory.TrainAsync();
        await ShopFixture.SeedAsync(_factory);
        using var admin = _factory.Admin();
        var status = await admin.GetFromJsonAsync<ModelStatus>("/v1/admin/model");
        Assert.NotNull(status);
        Assert.True(status.Version > first.Version, $"{first.Version} -> {status.Version}");
        Assert.Equal("itemknn", status.Recommender);
        Assert.Equal(15, status.Items);
        Assert.Equal(21, status.Users);
        Assert.True(status.Interactions > 0);
        Assert.NotNull(status.TrainedAt);
        Assert.Null(status.LastError);
    }

    [Fact]
    public async Task Train_without_wait_answers_202_at_once()
    {
        using var admin = _factory.Admin();
        var response = await admin.PostAsync("/v1/admin/train", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("/v1/admin/model", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Config_shows_settings_without_secrets()
    {
        using var admin = _factory.Admin();
        var body = await admin.GetStringAsync("/v1/admin/config");
        Assert.DoesNotContain(PenchantServerFactory.AdminKey, body, StringComparison.Ordinal);
        var config = System.Text.Json.JsonSerializer.Deserialize<ServerConfigDto>(body, System.Text.Json.JsonSerializerOptions.Web);
        Assert.Equal(2, config!.ApiKeys);
        Assert.Contains("itemknn", config.AvailableRecommenders);
        Assert.Contains("popularity", config.AvailableRecommenders);
    }
}

public sealed class PopularityRecommenderConfigTests : IAsyncLifetime
{
    private readonly PenchantServerFactory _factory = new(new Dictionary<string, string?> { ["Penchant:Recommender"] = "popularity" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task The_recommender_is_chosen_by_name_in_configuration()
    {
        await ShopFixture.SeedAsync(_factory);
        var status = await _factory.TrainAsync();
        Assert.Equal("popularity", status.Recommender);
        using var client = _factory.Ingest();
        var result = await client.GetFromJsonAsync<RecommendationsResponse>("/v1/recommendations/users/shopper-1?count=3");
        Assert.Equal(3, result!.Items.Count);
    }
}
