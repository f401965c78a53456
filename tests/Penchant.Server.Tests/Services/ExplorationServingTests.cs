using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Penchant.Server.Contracts;
using Penchant.Server.Services;

namespace Penchant.Server.Tests.Services;

/// <summary>
/// Exploration in <c>GET /v1/recommendations/users/{id}</c> over the three-category shop, whose leaf categories are the
/// clusters: alice has viewed only shoes, so Books and Kitchen are new to her.
/// </summary>
public sealed class ExplorationServingTests : IAsyncLifetime
{
    private readonly PenchantServerFactory _factory = new(new Dictionary<string, string?> { ["Penchant:Exploration:Share"] = "0.4" });
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        await ShopFixture.SeedAsync(_factory);
        _client = _factory.Ingest();
        await ViewShoesAsync("alice");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    private async Task ViewShoesAsync(string user) =>
        (await _client.PostAsJsonAsync("/v1/events/batch", new EventBatchDto([new EventDto($"{user}1", user, "shoes-1", "view"), new EventDto($"{user}2", user, "shoes-2", "view")])))
            .EnsureSuccessStatusCode();

    private async Task<RecommendationsResponse> RecommendAsync(string user = "alice", string query = "count=5")
    {
        var response = await _client.GetAsync($"/v1/recommendations/users/{user}?{query}");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<RecommendationsResponse>())!;
    }

    private async Task ReactAsync(string user, string item, string reaction) =>
        Assert.Equal(HttpStatusCode.NoContent, (await _client.PostAsJsonAsync($"/v1/feedback/users/{user}", new FeedbackDto(item, reaction))).StatusCode);

    private static List<RecommendedItem> Explored(RecommendationsResponse response) => [.. response.Items.Where(static i => i.Explore)];

    [Fact]
    public async Task Training_builds_the_exploration_model_over_leaf_categories_when_there_are_too_few_interest_clusters()
    {
        var model = _factory.Services.GetRequiredService<ServingModel>().Current.Exploration;
        Assert.NotNull(model);
        Assert.Equal("leaf-categories", model.Source);
        Assert.Null(model.Learned); // the learned ranker is opt-in
        Assert.Equal(["Books", "Kitchen", "Shoes"], model.Clusters.Labels.Order());
    }

    [Fact]
    public async Task Explore_slots_hold_items_of_clusters_new_to_the_shopper_marked_with_cluster_reason_and_propensity()
    {
        var response = await RecommendAsync();
        Assert.Equal(5, response.Items.Count);
        Assert.StartsWith("sl_", response.SlateId);
        var explored = Explored(response);
        Assert.Equal(2, explored.Count);
        Assert.Equal(["Books", "Kitchen"], explored.Select(static i => i.Cluster).Order());
        foreach (var item in explored)
        {
            Assert.Equal(item.Cluster, item.Category);
            Assert.Equal($"something new: {item.Cluster}, popular with shoppers who like Shoes", item.Reason);
            Assert.InRange(item.Propensity!.Value, 0.001, 1.0);
        }

        // Exploit slots come first and carry no exploration marks.
        Assert.All(response.Items.Take(3), static i => Assert.True(!i.Explore && i.Cluster is null && i.Propensity is null && i.Category == "Shoes"));
    }

    [Fact]
    public async Task A_request_can_turn_exploration_off_or_change_its_share_within_the_limit()
    {
        Assert.Empty(Explored(await RecommendAsync(query: "count=5&explore=0")));
        Assert.Single(Explored(await RecommendAsync(query: "count=5&explore=0.2")));
        var tooMuch = await _client.GetAsync("/v1/recommendations/users/alice?count=5&explore=0.9");
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);
        Assert.Contains("explore", await tooMuch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Business_filters_bind_explore_slots_exactly_as_exploit_slots()
    {
        // Unfiltered, the most popular item of each new category is explored.
        Assert.Equal(["books-0", "kitchen-0"], Explored(await RecommendAsync()).Select(static i => i.Id).Order());

        // kitchen-0 goes out of stock; books-0 is excluded by id; brand and price bar the odd items and the dearest.
        var kitchen0 = ShopFixture.Items().Single(static i => i.Id == "kitchen-0") with { Available = false };
        (await _client.PostAsJsonAsync("/v1/items", new ItemBatchDto([kitchen0]))).EnsureSuccessStatusCode();
        var filtered = await RecommendAsync(query: "count=4&explore=0.5&brand=Acme&maxPrice=45&exclude=books-0,shoes-1");
        var explored = Explored(filtered);
                Assert.Equal(["books-2", "kitchen-2"], explored.Select(static i => i.Id).Order());
        Assert.All(filtered.Items, static i => Assert.True(i.Brand == "Acme" && i.Price <= 45m && i.Id is not ("books-0" or "kitchen-0" or "shoes-1"), i.Id));

        // A category filter leaves no cluster new to explore: every slot is an exploit slot of that category.
        var books = await RecommendAsync(query: "count=3&category=Books");
        Assert.All(books.Items, static i => Assert.True(i.Category == "Books" && !i.Explore));
    }

    [Fact]
    public async Task Repeated_dislikes_of_an_explored_cluster_stop_exploring_it_for_that_shopper_only()
    {
        // A fixed share: by default disliked explore slots also shrink the shopper's share.
        const string Query = "count=5&explore=0.4";
        for (var round = 0; round < 2; round++)
        {
            var books = Explored(await RecommendAsync(query: Query)).Single(static i => i.Cluster == "Books");
            await ReactAsync("alice", books.Id, "dislike");
        }

        for (var round = 0; round < 5; round++)
        {
            var explored = Explored(await RecommendAsync(query: Query));
            Assert.DoesNotContain(explored, static i => i.Cluster == "Books");
            Assert.Contains(explored, static i => i.Cluster == "Kitchen");
        }

        await ViewShoesAsync("bert");
        Assert.Contains(Explored(await RecommendAsync("bert")), static i => i.Cluster == "Books");
    }

    [Fact]
    public async Task A_like_on_an_explored_item_promotes_its_cluster_so_it_is_no_longer_new_but_a_like_outside_exploration_does_not()
    {
        var kitchen = Explored(await RecommendAsync()).Single(static i => i.Cluster == "Kitchen");
        await ReactAsync("alice", kitchen.Id, "like");

        // bert likes the same item without having been shown it as exploration.
        await ViewShoesAsync("bert");
        Assert.Empty(Explored(await RecommendAsync("bert", "count=5&explore=0")));
        await ReactAsync("bert", kitchen.Id, "like");

        var state = _factory.Services.GetRequiredService<ExplorationService>().State;
        var clusters = _factory.Services.GetRequiredService<ServingModel>().Current.Exploration!.Clusters;
        var kitchenCluster = clusters.ClusterOf(_factory.Services.GetRequiredService<ServingModel>().Current.Items.IndexOf(kitchen.Id));
        Assert.Equal("Kitchen", clusters.Labels[kitchenCluster]);
        Assert.Equal([kitchenCluster], state.Snapshot(PenchantServerFactory.Pseudonym("alice")).Promoted);
        Assert.Empty(state.Snapshot(PenchantServerFactory.Pseudonym("bert")).Promoted);
        for (var round = 0; round < 5; round++)
        {
            var alice = Explored(await RecommendAsync());
            Assert.DoesNotContain(alice, static i => i.Cluster == "Kitchen");
            Assert.Contains(alice, static i => i.Cluster == "Books");
            Assert.Contains(Explored(await RecommendAsync("bert")), static i => i.Cluster == "Kitchen");
        }
    }

    [Fact]
    public async Task Every_served_slate_is_in_the_impression_log_with_positions_explore_flags_and_propensities()
    {
        var first = await RecommendAsync();
        var second = await RecommendAsync(query: "count=4&explore=0");
        using var admin = _factory.Admin();
        var response = await admin.GetAsync("/v1/admin/impressions");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var web = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var logged = lines.Select(l => JsonSerializer.Deserialize<ImpressionDto>(l, web)!).ToList();
        foreach (var served in new[] { first, second })
        {
            var slate = logged.Where(i => i.SlateId == served.SlateId).OrderBy(static i => i.Position).ToList();
            Assert.Equal(served.Items.Select(static i => i.Id), slate.Select(static i => i.ItemId));
            Assert.Equal(Enumerable.Range(0, served.Items.Count), slate.Select(static i => i.Position));
            Assert.Equal(served.Items.Select(static i => i.Explore), slate.Select(static i => i.Explore));
            Assert.Equal(served.Items.Select(static i => i.Propensity ?? 1.0), slate.Select(static i => i.Propensity));
            Assert.All(slate, static i => Assert.Equal(PenchantServerFactory.Pseudonym("alice"), i.UserId));
        }

        Assert.Equal(2, logged.Count(static i => i.Explore));
        var metrics = await admin.GetStringAsync("/metrics");
        Assert.Contains($"penchant_impressions_total{{outcome=\"written\"}} {logged.Count}", metrics, StringComparison.Ordinal);
        Assert.Contains("penchant_impressions_total{outcome=\"slates_dropped\"} 0", metrics, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await _client.GetAsync("/v1/admin/impressions")).StatusCode);
    }
}
