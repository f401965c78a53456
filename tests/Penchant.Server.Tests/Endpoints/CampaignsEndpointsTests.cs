using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Penchant.Server.Contracts;
using Penchant.Server.Tests.Privacy;

namespace Penchant.Server.Tests.Endpoints;

public sealed class CampaignsEndpointsTests : MerchandisingTestBase
{
    private static CampaignRequest Globex(DateTimeOffset? startsAt = null, DateTimeOffset? endsAt = null, bool? enabled = null) =>
        new("Globex week", [new CampaignBoostDto("brand", "globex", 0.5f)], startsAt, endsAt, enabled);

    private static async Task<Dictionary<string, RecommendedItem>> RecommendAsync(HttpClient client, string query = "") =>
        (await client.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/bea?count=15{query}"))!.Items.ToDictionary(static i => i.Id);

    [Fact]
    public async Task A_campaign_is_created_read_replaced_and_deleted_by_anAdmin_only()
    {
        var created = await Admin.PutAsJsonAsync("/v1/admin/campaigns/globex-week", Globex());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/v1/admin/campaigns/globex-week", created.Headers.Location?.OriginalString);
        var dto = (await created.Content.ReadFromJsonAsync<CampaignDto>())!;
        Assert.Equal(("globex-week", "Globex week", "active", true), (dto.Id, dto.Name, dto.Status, dto.Enabled));
        Assert.Equal([new CampaignBoostDto("brand", "globex", 0.5f)], dto.Boosts);

        var replaced = await Admin.PutAsJsonAsync("/v1/admin/campaigns/globex-week", Globex(enabled: false) with { Name = "Globex, paused" });
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var list = (await Admin.GetFromJsonAsync<CampaignsResponse>("/v1/admin/campaigns"))!;
        var only = Assert.Single(list.Campaigns);
        Assert.Equal(("Globex, paused", "paused", 0, 100), (only.Name, only.Status, list.Active, list.Max));
        Assert.Equal("paused", (await Admin.GetFromJsonAsync<CampaignDto>("/v1/admin/campaigns/globex-week"))!.Status);

        Assert.Equal(HttpStatusCode.Forbidden, (await Client.PutAsJsonAsync("/v1/admin/campaigns/other", Globex())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client.GetAsync("/v1/admin/campaigns")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync("/v1/admin/campaigns/globex-week")).StatusCode);
        await Problems.AssertProblemAsync(await Admin.DeleteAsync("/v1/admin/campaigns/globex-week"), HttpStatusCode.NotFound);
        await Problems.AssertProblemAsync(await Admin.GetAsync("/v1/admin/campaigns/globex-week"), HttpStatusCode.NotFound);
        Assert.Empty((await Admin.GetFromJsonAsync<CampaignsResponse>("/v1/admin/campaigns"))!.Campaigns);

        // Each change is in the audit log, with who made it and what it holds.
        var audit = (await Admin.GetFromJsonAsync<AuditPage>("/v1/admin/audit"))!.Entries.Where(static e => e.Action.StartsWith("campaign.", StringComparison.Ordinal)).ToList();
        Assert.Equal(["campaign.save", "campaign.save", "campaign.delete"], audit.Select(static e => e.Action));
        Assert.All(audit, static e => Assert.Equal(("test-admin", "globex-week"), (e.Actor, e.Target)));
        Assert.Equal(("created", "brand:globex:0.5", "true"), (audit[0].Details["outcome"], audit[0].Details["boosts"], audit[0].Details["enabled"]));
        Assert.Equal(("replaced", "false"), (audit[1].Details["outcome"], audit[1].Details["enabled"]));
    }

    [Theory]
    [InlineData("bad id", """{"boosts":[{"field":"brand","value":"Acme","weight":1}]}""", "id", "letters, digits")]
    [InlineData("c", """{"boosts":[]}""", "boosts", "at least one")]
    [InlineData("c", """{"name":"no boosts"}""", "boosts", "at least one")]
    [InlineData("c", """{"boosts":[{"field":"colour","value":"red","weight":1}]}""", "boosts[0].field", "not 'colour'")]
    [InlineData("c", """{"boosts":[{"field":"tag","value":"sale"}]}""", "boosts[0].weight", "required")]
    [InlineData("c", """{"boosts":[{"field":"tag","value":"sale","weight":1},{"field":"tag","value":" ","weight":1}]}""", "boosts[1].value", "1 to 200")]
    [InlineData("c", """{"boosts":[{"field":"tag","value":"sale","weight":101}]}""", "boosts[0].weight", "between -100 and 100")]
    [InlineData("c", """{"boosts":[{"field":"tag","value":"sale","weight":1}],"startsAt":"2026-12-01T00:00:00Z","endsAt":"2026-11-01T00:00:00Z"}""", "endsAt", "after startsAt")]
    public async Task A_bad_campaign_is_refused_naming_the_field_and_nothing_is_stored(string id, string body, string field, string fragment)
    {
        var response = await Admin.PutAsync($"/v1/admin/campaigns/{Uri.EscapeDataString(id)}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await Problems.AssertFieldErrorAsync(response, field, fragment);
        Assert.Empty((await Admin.GetFromJsonAsync<CampaignsResponse>("/v1/admin/campaigns"))!.Campaigns);
    }

    [Fact]
    public async Task An_active_campaign_lifts_what_it_matches_in_every_ranked_list_and_says_which_campaign()
    {
        var plain = await RecommendAsync(Client);
        (await Admin.PutAsJsonAsync("/v1/admin/campaigns/globex-week", Globex())).EnsureSuccessStatusCode();

        var lifted = await RecommendAsync(Client);
        Assert.Equal(plain.Keys.Order(), lifted.Keys.Order());
        foreach (var item in lifted.Values)
        {
            var globex = item.Brand == "Globex";
            Assert.Equal(plain[item.Id].Score + (globex ? 0.5f : 0f), item.Score, 5);
            Assert.Equal(globex ? 0.5f : null, item.Boost);
            Assert.Equal(globex ? ["globex-week"] : null, item.Campaigns);
        }

        // A request's own boosts add to the campaign's; campaigns=false leaves the campaign out.
        var both = await RecommendAsync(Client, "&boost=item:shoes-3:0.25");
        Assert.Equal(plain["shoes-3"].Score + 0.75f, both["shoes-3"].Score, 5);
        Assert.Equal(0.75f, both["shoes-3"].Boost);
        Assert.Equal(["globex-week"], both["shoes-3"].Campaigns);
        var without = await RecommendAsync(Client, "&campaigns=false");
        Assert.All(without.Values, i => Assert.Equal(plain[i.Id].Score, i.Score, 5));
        Assert.All(without.Values, static i => Assert.Null(i.Campaigns));

        // Two campaigns on one item both count and both are named; other lists and rank take them too.
        (await Admin.PutAsJsonAsync("/v1/admin/campaigns/books-3-launch", new CampaignRequest(null, [new CampaignBoostDto("item", "books-3", 50f)]))).EnsureSuccessStatusCode();
        var popular = (await Client.GetFromJsonAsync<ItemListResponse>("/v1/recommendations/popular?count=1"))!.Items;
        var top = Assert.Single(popular);
        Assert.Equal(("books-3", 50.5f), (top.Id, top.Boost));
        Assert.Equal(["books-3-launch", "globex-week"], top.Campaigns);
        var ranked = (await (await Client.PostAsJsonAsync("/v1/recommendations/users/bea/rank", new RankRequest(["shoes-0", "books-3"]))).Content.ReadFromJsonAsync<RecommendationsResponse>())!;
        Assert.Equal("books-3", ranked.Items[0].Id);
        var unranked = (await (await Client.PostAsJsonAsync("/v1/recommendations/users/bea/rank", new RankRequest(["shoes-0", "books-3"]) { Campaigns = false })).Content.ReadFromJsonAsync<RecommendationsResponse>())!;
        Assert.All(unranked.Items, static i => Assert.Null(i.Boost));
    }

    [Fact]
    public async Task A_campaign_applies_only_inside_its_window_and_not_while_paused()
    {
        // Whole seconds: the store keeps times to the microsecond.
        var clock = new ManualTimeProvider(new DateTimeOffset(DateTimeOffset.UtcNow.UtcTicks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero));
        await using var server = Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        using var admin = server.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", PenchantServerFactory.AdminKey);
        var start = clock.Now.AddHours(1);
        (await admin.PutAsJsonAsync("/v1/admin/campaigns/later", Globex(start, start.AddDays(1)))).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync("/v1/admin/campaigns/paused", new CampaignRequest("off", [new CampaignBoostDto("item", "kitchen-2", 9f)], Enabled: false))).EnsureSuccessStatusCode();

        async Task<(string Status, bool Lifted)> StateAsync()
        {
            var status = (await admin.GetFromJsonAsync<CampaignDto>("/v1/admin/campaigns/later"))!.Status;
            var items = await RecommendAsync(admin);
            Assert.All(items.Values, static i => Assert.DoesNotContain("paused", i.Campaigns ?? []));
            return (status, items.Values.Any(static i => i.Campaigns is not null));
        }

        Assert.Equal(("scheduled", false), await StateAsync());
        clock.Now = start.AddTicks(-1);
        Assert.Equal(("scheduled", false), await StateAsync());
        clock.Now = start;
        Assert.Equal(("active", true), await StateAsync());
        clock.Now = start.AddDays(1);
        Assert.Equal(("ended", false), await StateAsync());
    }

    [Fact]
    public async Task A_campaign_written_through_one_server_applies_on_another_over_the_same_store_at_its_next_look()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var other = new PenchantServerFactory(new Dictionary<string, string?> { ["Penchant:DatabasePath"] = Factory.DatabasePath });
        await using var watched = other.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        using var client = watched.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", PenchantServerFactory.IngestKey);
        await watched.Services.GetRequiredService<Penchant.Server.Services.TrainingService>().RequestAsync();
        Assert.All((await RecommendAsync(client)).Values, static i => Assert.Null(i.Campaigns));

        (await Admin.PutAsJsonAsync("/v1/admin/campaigns/globex-week", Globex())).EnsureSuccessStatusCode();
        Assert.All((await RecommendAsync(client)).Values, static i => Assert.Null(i.Campaigns));
        clock.Fire(TimeSpan.FromSeconds(5));
        await Eventually.HoldsAsync(async () => (await RecommendAsync(client)).Values.Any(static i => i.Campaigns is not null));

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync("/v1/admin/campaigns/globex-week")).StatusCode);
        clock.Fire(TimeSpan.FromSeconds(5));
        await Eventually.HoldsAsync(async () => (await RecommendAsync(client)).Values.All(static i => i.Campaigns is null));
    }

    [Fact]
    public async Task The_store_keeps_at_most_one_hundred_campaigns_and_refuses_the_next_with_a_conflict()
    {
        for (var i = 0; i < 100; i++)
        {
            (await Admin.PutAsJsonAsync($"/v1/admin/campaigns/c{i}", Globex())).EnsureSuccessStatusCode();
        }

        var refused = await Problems.AssertProblemAsync(await Admin.PutAsJsonAsync("/v1/admin/campaigns/c100", Globex()), HttpStatusCode.Conflict);
        Assert.Contains("at most 100 campaigns", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsJsonAsync("/v1/admin/campaigns/c7", Globex(enabled: false))).StatusCode);
        Assert.Equal(99, (await Admin.GetFromJsonAsync<CampaignsResponse>("/v1/admin/campaigns"))!.Active);
        var metrics = await Admin.GetStringAsync("/metrics");
        Assert.Contains("penchant_campaigns{status=\"active\"} 99\n", metrics, StringComparison.Ordinal);
        Assert.Contains("penchant_campaigns{status=\"paused\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("penchant_campaigns{status=\"scheduled\"} 0\n", metrics, StringComparison.Ordinal);
        Assert.Contains("?status=ended", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Ended campaigns count until deleted; one request deletes every ended one (audited) and nothing else.
        var past = DateTimeOffset.UtcNow.AddDays(-1);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsJsonAsync($"/v1/admin/campaigns/c{i}", Globex(past.AddDays(-2), past))).StatusCode);
        }

        var deleted = await Admin.DeleteAsync("/v1/admin/campaigns?status=ended");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(["c0", "c1", "c2"], (await deleted.Content.ReadFromJsonAsync<DeletedCampaignsResponse>())!.Deleted.Order());
        var left = (await Admin.GetFromJsonAsync<CampaignsResponse>("/v1/admin/campaigns"))!;
        Assert.Equal(97, left.Campaigns.Count);
        Assert.DoesNotContain(left.Campaigns, static c => c.Status == "ended");
        Assert.Equal(HttpStatusCode.Created, (await Admin.PutAsJsonAsync("/v1/admin/campaigns/c100", Globex())).StatusCode);
        var audit = await Admin.GetStringAsync("/v1/admin/audit?limit=1000");
        Assert.Contains("\"ended_at\"", audit, StringComparison.Ordinal);

        await Problems.AssertFieldErrorAsync(await Admin.DeleteAsync("/v1/admin/campaigns?status=active"), "status", "must be 'ended'");
        await Problems.AssertFieldErrorAsync(await Admin.DeleteAsync("/v1/admin/campaigns"), "status", "must be 'ended'");
        Assert.Equal(HttpStatusCode.Forbidden, (await Client.DeleteAsync("/v1/admin/campaigns?status=ended")).StatusCode);
    }

    [Fact]
    public async Task An_ab_test_arm_can_hold_its_shoppers_out_of_the_campaigns()
    {
        await using var factory = PenchantServerFactory.WithTwoArms("campaign-holdout", "control", "holdout", "Campaigns", "false");
        await ShopFixture.SeedAsync(factory);
        using var admin = factory.Admin();
        using var client = factory.Ingest();
        (await admin.PutAsJsonAsync("/v1/admin/campaigns/globex-week", Globex())).EnsureSuccessStatusCode();
        var arms = new HashSet<string>();
        for (var s = 0; s < 21; s++)
        {
            var served = (await client.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/shopper-{s}?count=15"))!;
            var lifted = served.Items.Where(static i => i.Campaigns is not null).ToList();
            if (served.Variant == "holdout")
            {
                Assert.Empty(lifted);
            }
            else
            {
                Assert.Equal(served.Items.Where(static i => i.Brand == "Globex").Select(static i => i.Id), lifted.Select(static i => i.Id));
            }

            arms.Add(served.Variant!);
        }

        Assert.Equal(["control", "holdout"], arms.Order());
        var config = (await admin.GetFromJsonAsync<ServerConfigDto>("/v1/admin/config"))!;
        Assert.Equal([null, false], config.Experiments[0].Variants.Select(static v => v.Campaigns));
    }

    [Fact]
    public async Task A_tag_campaign_matches_every_tag_case_insensitively_and_nothing_else()
    {
        (await Client.PutAsJsonAsync("/v1/items/shoes-2", new ItemDto("shoes-2", "Shoes item 2", Categories: ["Shop", "Shoes"], Brand: "Acme", Price: 30m, Tags: ["new", "Sale"]))).EnsureSuccessStatusCode();
        (await Client.PutAsJsonAsync("/v1/items/books-2", new ItemDto("books-2", "Books item 2", Categories: ["Shop", "Books"], Brand: "Acme", Price: 31m, Tags: ["SALE"]))).EnsureSuccessStatusCode();
        (await Client.PutAsJsonAsync("/v1/items/kitchen-2", new ItemDto("kitchen-2", "Kitchen item 2", Categories: ["Shop", "Kitchen"], Brand: "Acme", Price: 32m, Tags: ["wholesale"]))).EnsureSuccessStatusCode();
        await Factory.TrainAsync();
        var plain = await RecommendAsync(Client);
        (await Admin.PutAsJsonAsync("/v1/admin/campaigns/sale", new CampaignRequest(null, [new CampaignBoostDto("tag", "sale", 0.25f)]))).EnsureSuccessStatusCode();
        var lifted = await RecommendAsync(Client);
        Assert.Equal(["books-2", "shoes-2"], lifted.Values.Where(static i => i.Campaigns is not null).Select(static i => i.Id).Order());
        Assert.All(lifted.Values, i => Assert.Equal(plain[i.Id].Score + (i.Campaigns is null ? 0f : 0.25f), i.Score, 5));
    }

    [Fact]
    public async Task A_campaign_naming_placements_lifts_only_the_lists_requested_for_them()
    {
        var home = await Admin.PutAsJsonAsync("/v1/admin/campaigns/home-only", new CampaignRequest(null, [new CampaignBoostDto("brand", "Globex", 0.5f)]) { Placements = ["home", "home", "app-home"] });
        Assert.Equal(["home", "app-home"], (await home.Content.ReadFromJsonAsync<CampaignDto>())!.Placements);
        (await Admin.PutAsJsonAsync("/v1/admin/campaigns/everywhere", new CampaignRequest(null, [new CampaignBoostDto("item", "kitchen-1", 0.25f)]))).EnsureSuccessStatusCode();

        static IEnumerable<(string, string)> Marked(Dictionary<string, RecommendedItem> items) =>
            items.Values.Where(static i => i.Campaigns is not null).SelectMany(static i => i.Campaigns!.Select(c => (i.Id, c))).Order();
        var none = await RecommendAsync(Client);
        var onHome = await RecommendAsync(Client, "&placement=home");
        var onEmail = await RecommendAsync(Client, "&placement=email");
        Assert.Equal([("kitchen-1", "everywhere")], Marked(none));
        Assert.Equal([("kitchen-1", "everywhere")], Marked(onEmail));
        Assert.Equal(
            [.. onHome.Values.Where(static i => i.Brand == "Globex").Select(static i => (i.Id, "home-only")).Append(("kitchen-1", "everywhere")).Order()],
            Marked(onHome));
        Assert.All(onHome.Values, i => Assert.Equal(none[i.Id].Score + (i.Brand == "Globex" ? 0.5f : 0f), i.Score, 5)); // both lists have the campaign for everywhere

        await Problems.AssertFieldErrorAsync(
            await Admin.PutAsJsonAsync("/v1/admin/campaigns/bad", new CampaignRequest(null, [new CampaignBoostDto("brand", "Globex", 0.5f)]) { Placements = ["home page"] }), "placements[0]", "letters, digits");
    }

    [Fact]
    public async Task A_hiding_campaign_takes_what_it_matches_out_of_every_list_explore_slots_and_new_arrivals_included()
    {
        (await Client.PutAsJsonAsync("/v1/items/globex-new", new ItemDto("globex-new", "Globex novelty", Categories: ["Shop", "Kitchen"], Brand: "Globex", CreatedAt: DateTimeOffset.UtcNow.AddDays(-1)))).EnsureSuccessStatusCode();
        (await Client.PutAsJsonAsync("/v1/items/acme-new", new ItemDto("acme-new", "Acme novelty", Categories: ["Shop", "Kitchen"], Brand: "Acme", CreatedAt: DateTimeOffset.UtcNow.AddDays(-2)))).EnsureSuccessStatusCode();
        await Factory.TrainAsync();
        Assert.Contains((await Client.GetFromJsonAsync<ItemListResponse>("/v1/recommendations/new"))!.Items, static i => i.Id == "globex-new");

        var created = await Admin.PutAsJsonAsync("/v1/admin/campaigns/globex-recall", new CampaignRequest("Recall", [new CampaignBoostDto("brand", "globex", null) { Hide = true }]));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(true, Assert.Single((await created.Content.ReadFromJsonAsync<CampaignDto>())!.Boosts).Hide);

        for (var s = 0; s < 21; s++)
        {
            var served = (await Client.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/shopper-{s}?count=15&explore=0.5"))!.Items;
            Assert.NotEmpty(served);
            Assert.All(served, static i => Assert.NotEqual("Globex", i.Brand));
        }

        foreach (var path in new[] { "popular?count=20", "trending?count=20", "new?count=20", "items/shoes-0/similar?count=20", "cart?items=shoes-0&count=20", "session?items=shoes-0&count=20" })
        {
            var json = await Client.GetStringAsync($"/v1/recommendations/{path}");
            Assert.DoesNotContain("\"Globex\"", json, StringComparison.Ordinal);
            Assert.Contains("\"Acme\"", json, StringComparison.Ordinal);
        }

        // A ranking of the caller's own items leaves what is hidden out of both lists.
        var ranked = (await (await Client.PostAsJsonAsync("/v1/recommendations/users/bea/rank", new RankRequest(["shoes-0", "shoes-1", "books-3", "no-such-item"]) { Boost = "item:books-3:hide" })).Content.ReadFromJsonAsync<RecommendationsResponse>())!;
        Assert.Equal(["shoes-0"], ranked.Items.Select(static i => i.Id)); // shoes-1 is Globex's
        Assert.Equal(["no-such-item"], ranked.Unranked);

        // A request can hide too, and leave the campaign out to see the brand again.
        var acmeHidden = (await Client.GetFromJsonAsync<ItemListResponse>("/v1/recommendations/new?count=20&campaigns=false&boost=brand:Acme:hide"))!.Items;
        Assert.Equal(["globex-new"], acmeHidden.Select(static i => i.Id));
        await Problems.AssertFieldErrorAsync(
            await Admin.PutAsJsonAsync("/v1/admin/campaigns/bad", new CampaignRequest(null, [new CampaignBoostDto("brand", "globex", 0.5f) { Hide = true }])), "boosts[0].weight", "takes no weight");
    }
}
