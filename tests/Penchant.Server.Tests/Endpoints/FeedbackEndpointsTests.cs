using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Penchant.Core.Privacy;
using Penchant.Server.Contracts;
using Penchant.Server.Services;

namespace Penchant.Server.Tests.Endpoints;

public sealed class FeedbackEndpointsTests : IAsyncLifetime
{
    private readonly PenchantServerFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        await ShopFixture.SeedAsync(_factory);
        _client = _factory.Ingest();
        var events = await _client.PostAsJsonAsync("/v1/events/batch", new EventBatchDto([new EventDto("a1", "alice", "shoes-1", "view"), new EventDto("a2", "alice", "shoes-2", "view")]));
        events.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    private async Task<RecommendationsResponse> RecommendAsync(string query = "count=5")
    {
        var response = await _client.GetAsync($"/v1/recommendations/users/alice?{query}");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<RecommendationsResponse>())!;
    }

    private async Task<HttpStatusCode> ReactAsync(string item, string reaction) =>
        (await _client.PostAsJsonAsync("/v1/feedback/users/alice", new FeedbackDto(item, reaction))).StatusCode;

    [Fact]
    public async Task Hiding_an_item_removes_it_from_the_very_next_response()
    {
        var before = await RecommendAsync();
        var top = before.Items[0].Id;
        Assert.Equal(HttpStatusCode.NoContent, await ReactAsync(top, "hide"));
        var after = await RecommendAsync();
        Assert.DoesNotContain(after.Items, i => i.Id == top);
        Assert.NotEmpty(after.Items);

        // Erasing the shopper's feedback brings the item back.
        var pseudonym = _factory.Services.GetRequiredService<IngestPrivacy>().UserKey("alice");
        Assert.True(_factory.Services.GetRequiredService<FeedbackService>().Forget(pseudonym));
        Assert.Contains((await RecommendAsync()).Items, i => i.Id == top);
    }

    [Fact]
    public async Task Repeated_dislikes_of_a_category_push_it_below_the_others()
    {
        var before = await RecommendAsync("count=3");
        Assert.All(before.Items, static i => Assert.Equal("Shoes", i.Category));
        foreach (var item in before.Items.Take(2))
        {
            Assert.Equal(HttpStatusCode.NoContent, await ReactAsync(item.Id, "dislike"));
        }

        var after = await RecommendAsync("count=3");
        Assert.DoesNotContain(after.Items, static i => i.Category == "Shoes");
    }

    [Fact]
    public async Task Liking_an_item_of_another_category_ranks_that_category_above_the_rest()
    {
        static List<string?> Categories(RecommendationsResponse r) => [.. r.Items.Select(static i => i.Category)];
        var before = Categories(await RecommendAsync("count=15"));
        Assert.True(before.IndexOf("Books") < before.LastIndexOf("Kitchen"), "before: some Books item ranks above a Kitchen item");
        Assert.Equal(HttpStatusCode.NoContent, await ReactAsync("kitchen-3", "like"));
        var after = Categories(await RecommendAsync("count=15"));
        Assert.True(after.LastIndexOf("Kitchen") < after.IndexOf("Books"), string.Join(",", after));
        Assert.Equal("Shoes", after[0]);
    }

    [Fact]
    public async Task A_dislike_lowers_the_items_brand_in_other_categories_too()
    {
        // Within Books (outside alice's taste), Acme and Globex items interleave by popularity until she
        // dislikes an Acme shoe: then every Globex book ranks above every Acme book.
        static List<string?> Brands(RecommendationsResponse r) => [.. r.Items.Select(static i => i.Brand)];
        var before = Brands(await RecommendAsync("count=5&category=Books"));
        Assert.True(before.IndexOf("Acme") < before.LastIndexOf("Globex"), string.Join(",", before));
        Assert.Equal(HttpStatusCode.NoContent, await ReactAsync("shoes-0", "dislike"));
        var after = Brands(await RecommendAsync("count=5&category=Books"));
        Assert.True(after.LastIndexOf("Globex") < after.IndexOf("Acme"), string.Join(",", after));
    }

    [Fact]
    public async Task Unknown_items_and_reactions_are_rejected()
    {
        Assert.Equal(HttpStatusCode.NotFound, await ReactAsync("no-such-item", "like"));
        Assert.Equal(HttpStatusCode.BadRequest, await ReactAsync("shoes-1", "love"));
    }

    [Fact]
    public async Task Erasing_the_shopper_drops_their_feedback_and_counts_it_in_the_receipt()
    {
        var top = (await RecommendAsync()).Items[0].Id;
        Assert.Equal(HttpStatusCode.NoContent, await ReactAsync(top, "hide"));

        using var admin = _factory.Admin();
        var response = await admin.DeleteAsync("/v1/users/alice");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var erased = (await response.Content.ReadFromJsonAsync<ErasureResponse>())!;
        // Three cache entries: the feedback list, the exploration state the hide fed, and the feed of the slate served.
        Assert.Equal(3, erased.Receipt.CacheEntriesRemoved);
        var pseudonym = _factory.Services.GetRequiredService<IngestPrivacy>().UserKey("alice");
        Assert.False(_factory.Services.GetRequiredService<FeedbackService>().Forget(pseudonym));
        Assert.False(_factory.Services.GetRequiredService<ExplorationService>().Forget(pseudonym));
        Assert.False(_factory.Services.GetRequiredService<FeedPages>().Forget(pseudonym));
    }
}
