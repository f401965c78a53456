using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Penchant.Server.Contracts;

namespace Penchant.Server.Tests.Endpoints;

public sealed class PlacementsEndpointsTests : MerchandisingTestBase
{
    private static PlacementRequest Request(string? name, string settingsJson) =>
        new(name, JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(settingsJson));

    private async Task<RecommendationsResponse> RecommendAsync(string query)
    {
        var response = await Client.GetAsync($"/v1/recommendations/users/bea?{query}");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<RecommendationsResponse>())!;
    }

    [Fact]
    public async Task A_placement_is_created_read_replaced_and_deleted_by_anAdmin_only()
    {
        var created = await Admin.PutAsJsonAsync("/v1/admin/placements/home", Request("Home page", """{"Count": 3, "maxPerCategory": 1, "boost": "brand:Acme:0.2", "explore": 0, "inStock": true}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var dto = (await created.Content.ReadFromJsonAsync<PlacementDto>())!;
        Assert.Equal(("home", "Home page"), (dto.Id, dto.Name));
        Assert.Equal(
            new Dictionary<string, string> { ["boost"] = "brand:Acme:0.2", ["count"] = "3", ["explore"] = "0", ["inStock"] = "true", ["maxPerCategory"] = "1" },
            dto.Settings);

        Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsJsonAsync("/v1/admin/placements/home", Request(null, """{"count": 4}"""))).StatusCode);
        var list = (await Admin.GetFromJsonAsync<PlacementsResponse>("/v1/admin/placements"))!;
        var only = Assert.Single(list.Placements);
        Assert.Equal((null, "4", 100), (only.Name, Assert.Single(only.Settings).Value, list.Max));
        Assert.Equal("4", (await Admin.GetFromJsonAsync<PlacementDto>("/v1/admin/placements/home"))!.Settings["count"]);

        Assert.Equal(HttpStatusCode.Forbidden, (await Client.PutAsJsonAsync("/v1/admin/placements/other", Request(null, "{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync("/v1/admin/placements/home")).StatusCode);
        await Problems.AssertProblemAsync(await Admin.DeleteAsync("/v1/admin/placements/home"), HttpStatusCode.NotFound);
        await Problems.AssertProblemAsync(await Admin.GetAsync("/v1/admin/placements/home"), HttpStatusCode.NotFound);

        var audit = (await Admin.GetFromJsonAsync<AuditPage>("/v1/admin/audit"))!.Entries.Where(static e => e.Action.StartsWith("placement.", StringComparison.Ordinal)).ToList();
        Assert.Equal(["placement.save", "placement.save", "placement.delete"], audit.Select(static e => e.Action));
        Assert.All(audit, static e => Assert.Equal(("test-admin", "home"), (e.Actor, e.Target)));
        Assert.Equal(("created", "boost=brand%3AAcme%3A0.2&count=3&explore=0&inStock=true&maxPerCategory=1"), (audit[0].Details["outcome"], audit[0].Details["settings"]));
        Assert.Equal(("replaced", "count=4"), (audit[1].Details["outcome"], audit[1].Details["settings"]));
    }

    [Theory]
    [InlineData("home page", """{"count": 3}""", "id", "letters, digits")]
    [InlineData("home", """{"colour": "red"}""", "settings.colour", "not a list setting")]
    [InlineData("home", """{"count": "many"}""", "settings.count", "a whole number, not 'many'")]
    [InlineData("home", """{"count": 0}""", "settings.count", "between 1 and")]
    [InlineData("home", """{"count": [3]}""", "settings.count", "a string, a number or true/false")]
    [InlineData("home", """{"boost": "brand:Acme"}""", "settings.boost", "field:value:weight")]
    [InlineData("home", """{"explore": 0.9}""", "settings.explore", "between 0 and 0.5")]
    [InlineData("home", """{"minPrice": 50, "maxPrice": 20}""", "settings.maxPrice", "below minPrice")]
    public async Task A_bad_placement_is_refused_naming_the_setting_and_nothing_is_stored(string id, string settings, string field, string fragment)
    {
        await Problems.AssertFieldErrorAsync(await Admin.PutAsJsonAsync($"/v1/admin/placements/{Uri.EscapeDataString(id)}", Request(null, settings)), field, fragment);
        Assert.Empty((await Admin.GetFromJsonAsync<PlacementsResponse>("/v1/admin/placements"))!.Placements);
    }

    [Fact]
    public async Task A_request_naming_a_placement_takes_its_settings_where_it_sets_none_and_its_own_win()
    {
        (await Admin.PutAsJsonAsync("/v1/admin/placements/home", Request(null, """{"count": 3, "maxPerCategory": 1, "explore": 0}"""))).EnsureSuccessStatusCode();
        (await Admin.PutAsJsonAsync("/v1/admin/placements/shoe-shelf", Request(null, """{"category": "Shoes", "boost": "item:shoes-4:50", "explore": 0}"""))).EnsureSuccessStatusCode();

        var home = await RecommendAsync("placement=home");
        Assert.Equal(3, home.Items.Count);
        Assert.Equal(3, home.Items.Select(static i => i.Category).Distinct().Count());
        Assert.Equal(home.Items.Select(static i => i.Id), (await RecommendAsync("count=3&maxPerCategory=1&explore=0")).Items.Select(static i => i.Id));

        // The request's own values win; a placement that is not stored is a label only.
        var two = await RecommendAsync("placement=home&count=2&maxPerCategory=3");
        Assert.Equal(2, two.Items.Count);
        Assert.Equal(10, (await RecommendAsync("placement=unknown-widget&explore=0")).Items.Count);

        var shelf = await RecommendAsync("placement=shoe-shelf&count=4");
        Assert.Equal("shoes-4", shelf.Items[0].Id);
        Assert.All(shelf.Items, static i => Assert.Equal("Shoes", i.Category));
        Assert.All((await RecommendAsync("placement=shoe-shelf&count=4&category=Books")).Items, static i => Assert.Equal("Books", i.Category));

        // Other lists take it too; a shopper's recommendations are logged under it (popular lists are not logged).
        var popular = (await Client.GetFromJsonAsync<ItemListResponse>("/v1/recommendations/popular?placement=shoe-shelf"))!.Items;
        Assert.Equal("shoes-4", popular[0].Id);
        Assert.All(popular, static i => Assert.Equal("Shoes", i.Category));
        var report = (await Admin.GetFromJsonAsync<OnlineReportResponse>("/v1/admin/online"))!;
        Assert.Equal(2, report.Placements.Single(static p => p.Placement == "shoe-shelf").Slates);
        Assert.Equal(2, report.Placements.Single(static p => p.Placement == "home").Slates);
    }

    [Fact]
    public async Task A_ranking_of_the_callers_items_takes_its_placements_boost_and_campaigns()
    {
        (await Admin.PutAsJsonAsync("/v1/admin/placements/search", Request(null, """{"boost": "item:shoes-2:50", "count": 1}"""))).EnsureSuccessStatusCode();
        (await Admin.PutAsJsonAsync("/v1/admin/campaigns/no-books-in-search", new CampaignRequest(null, [new CampaignBoostDto("item", "books-3", null) { Hide = true }]) { Placements = ["search"] })).EnsureSuccessStatusCode();

        async Task<RecommendationsResponse> RankAsync(RankRequest request)
        {
            var response = await Client.PostAsJsonAsync("/v1/recommendations/users/bea/rank", request);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            return (await response.Content.ReadFromJsonAsync<RecommendationsResponse>())!;
        }

        string[] candidates = ["shoes-0", "shoes-2", "books-3"];
        var plain = await RankAsync(new RankRequest(candidates));
        Assert.Equal(3, plain.Items.Count);
        var search = await RankAsync(new RankRequest(candidates) { Placement = "search" });
        Assert.Equal(["shoes-2", "shoes-0"], search.Items.Select(static i => i.Id)); // boosted first, books hidden, count not applied
        Assert.Equal(50f, search.Items[0].Boost);
        Assert.Empty(search.Unranked!);

        var own = await RankAsync(new RankRequest(candidates) { Placement = "search", Boost = "item:shoes-0:50" });
        Assert.Equal("shoes-0", own.Items[0].Id);
        Assert.Null(own.Items.Single(static i => i.Id == "shoes-2").Boost);
        Assert.Equal(3, (await RankAsync(new RankRequest(candidates) { Placement = "search", Campaigns = false })).Items.Count);
        await Problems.AssertFieldErrorAsync(await Client.PostAsJsonAsync("/v1/recommendations/users/bea/rank", new RankRequest(candidates) { Placement = "search page" }), "placement", "letters, digits");
    }
}
