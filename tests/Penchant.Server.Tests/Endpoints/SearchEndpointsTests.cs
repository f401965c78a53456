using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Penchant.Server.Contracts;

namespace Penchant.Server.Tests.Endpoints;

public sealed class SearchEndpointsTests : MerchandisingTestBase
{
    private async Task<SearchResponse> SearchAsync(string query)
    {
        var response = await Client.GetAsync($"/v1/search?{query}");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SearchResponse>())!;
    }

    [Fact]
    public async Task A_query_finds_the_items_with_its_words_and_each_reason_names_the_words_matched()
    {
        var result = await SearchAsync("q=shoes&count=10");
        Assert.Equal(["shoes"], result.Words);
        Assert.Equal(5, result.Total);
        Assert.False(result.Personalized);
        Assert.Null(result.UserId);
        Assert.Equal(Enumerable.Range(0, 5).Select(static i => $"shoes-{i}").Order(), result.Items.Select(static i => i.Id).Order());
        Assert.All(result.Items, static i => Assert.Equal("matches \"shoes\"", i.Reason));

        // "Kitchen item 3" has both words; the other kitchen items and every other item 3 have one.
        var two = await SearchAsync("q=kitchen%203%20unicorn&count=10");
        Assert.Equal("kitchen-3", two.Items[0].Id);
        Assert.Equal("matches \"kitchen\", \"3\"", two.Items[0].Reason);
        Assert.Equal(["unicorn"], two.Unknown);
        Assert.Equal(7, two.Total); // five kitchen items, and shoes-3 and books-3
        Assert.True(two.Items[0].Score > two.Items[1].Score);

        var typo = await SearchAsync("q=kitchne&count=10");
        Assert.Equal([new SearchCorrectionDto("kitchne", "kitchen")], typo.Corrected);
        Assert.All(typo.Items, static i => Assert.Equal("Kitchen", i.Category));
        Assert.Equal(5, typo.Total);
        Assert.Null(result.Corrected);

        var none = await SearchAsync("q=unicorn");
        Assert.Empty(none.Items);
        Assert.Equal(0, none.Total);
    }

    [Fact]
    public async Task A_shoppers_own_scores_order_equally_relevant_items_and_personal_0_keeps_the_text_order()
    {
        // Every item's title has "item"; shopper-0 views Shoes, shopper-1 Books (the fixture's history).
        var anonymous = await SearchAsync("q=item&count=15");
        Assert.Equal(15, anonymous.Items.Count);

        // The words being equal, popularity orders them (SearchPopularityWeight): item 0 of each category is the most viewed.
        Assert.Equal(["books-0", "kitchen-0", "shoes-0"], anonymous.Items.Take(3).Select(static i => i.Id).Order());

        var shoes = await SearchAsync("q=item&count=3&user=shopper-0");
        Assert.True(shoes.Personalized);
        Assert.Equal("shopper-0", shoes.UserId);
        Assert.All(shoes.Items, static i => Assert.Equal("Shoes", i.Category));
        Assert.All(shoes.Items, static i => Assert.StartsWith("matches \"item\" · your interest in Shoes: ", i.Reason, StringComparison.Ordinal));

        var books = await SearchAsync("q=item&count=3&user=shopper-1");
        Assert.All(books.Items, static i => Assert.Equal("Books", i.Category));

        var plain = await SearchAsync("q=item&count=15&user=shopper-1&personal=0");
        Assert.False(plain.Personalized);
        Assert.Equal(anonymous.Items.Select(static i => i.Id), plain.Items.Select(static i => i.Id));

        // A shopper the engine does not know gets the text's order.
        var stranger = await SearchAsync("q=item&count=15&user=nobody-yet");
        Assert.False(stranger.Personalized);
        Assert.Equal(anonymous.Items.Select(static i => i.Id), stranger.Items.Select(static i => i.Id));
    }

    [Fact]
    public async Task Filters_boosts_and_the_count_apply_as_in_every_list()
    {
        var acme = await SearchAsync("q=item&count=15&brand=Acme");
        Assert.Equal(9, acme.Items.Count);
        Assert.All(acme.Items, static i => Assert.Equal("Acme", i.Brand));

        var hidden = await SearchAsync("q=item&count=15&boost=brand:Acme:hide");
        Assert.Equal(6, hidden.Items.Count);
        Assert.DoesNotContain(hidden.Items, static i => i.Brand == "Acme");

        var lifted = await SearchAsync("q=item&count=1&boost=item:books-4:5");
        Assert.Equal("books-4", Assert.Single(lifted.Items).Id);
        Assert.Equal(5f, lifted.Items[0].Boost);

        // Pages of one ranking: offset leaves out the first results.
        var whole = await SearchAsync("q=item&count=15&user=shopper-2");
        var page = await SearchAsync("q=item&count=5&offset=5&user=shopper-2");
        Assert.Equal(whole.Items.Skip(5).Take(5).Select(static i => i.Id), page.Items.Select(static i => i.Id));
        Assert.Empty((await SearchAsync("q=item&count=5&offset=15")).Items);

        // Facets count the matches by leaf category and brand, before the filters, without what a boost hides.
        Assert.Null((await SearchAsync("q=item")).Facets);
        var faceted = (await SearchAsync("q=item&count=1&brand=Globex&facets=true")).Facets!;
        Assert.Equal([new FacetCountDto("Acme", 9), new FacetCountDto("Globex", 6)], faceted.Brands);
        Assert.Equal([new FacetCountDto("Books", 5), new FacetCountDto("Kitchen", 5), new FacetCountDto("Shoes", 5)], faceted.Categories);
        var unhidden = (await SearchAsync("q=item&facets=true&boost=brand:Acme:hide")).Facets!;
        Assert.Equal([new FacetCountDto("Globex", 6)], unhidden.Brands);
        Assert.Equal([2, 2, 2], unhidden.Categories.Select(static c => c.Count));

        var kitchen = await SearchAsync("q=item&count=2&category=Kitchen&maxPrice=25");
        Assert.Equal(["kitchen-0", "kitchen-1"], kitchen.Items.Select(static i => i.Id).Order());
    }

    [Fact]
    public async Task Results_sort_by_price_either_way_or_by_newest_with_pages_of_that_order()
    {
        var relevance = await SearchAsync("q=item&count=15");
        var cheapest = await SearchAsync("q=item&count=15&sort=price");
        var prices = cheapest.Items.Select(static i => i.Price!.Value).ToList();
        Assert.Equal(15, prices.Count);
        Assert.Equal(prices.Order(), prices);
        Assert.Equal(10m, prices[0]);
        var dearest = await SearchAsync("q=item&count=15&sort=-price");
        Assert.Equal(cheapest.Items.Select(static i => i.Id).Reverse(), dearest.Items.Select(static i => i.Id)); // prices are distinct
        Assert.Equal(relevance.Items.Select(static i => i.Id).Order(), cheapest.Items.Select(static i => i.Id).Order());

        // Pages of the sorted order, the filters holding.
        var page = await SearchAsync("q=item&count=4&offset=4&sort=price");
        Assert.Equal(cheapest.Items.Skip(4).Take(4).Select(static i => i.Id), page.Items.Select(static i => i.Id));
        var acme = await SearchAsync("q=item&count=3&sort=-price&brand=Acme");
        Assert.Equal(["kitchen-4", "books-4", "shoes-4"], acme.Items.Select(static i => i.Id));

        // Newest first by createdAt; items without one after them, in the relevance order.
        foreach (var (id, days) in new[] { ("shoes-3", -2), ("shoes-1", -1) })
        {
            var item = (await Client.GetFromJsonAsync<ItemDto>($"/v1/items/{id}"))!;
            (await Client.PutAsJsonAsync($"/v1/items/{id}", item with { CreatedAt = DateTimeOffset.UtcNow.AddDays(days) })).EnsureSuccessStatusCode();
        }

        var newest = await SearchAsync("q=shoes&count=5&sort=newest");
        Assert.Equal(["shoes-1", "shoes-3"], newest.Items.Take(2).Select(static i => i.Id));
        var byRelevance = (await SearchAsync("q=shoes&count=5")).Items.Select(static i => i.Id).Where(static id => id is not ("shoes-1" or "shoes-3"));
        Assert.Equal(byRelevance, newest.Items.Skip(2).Select(static i => i.Id));

        await Problems.AssertFieldErrorAsync(await Client.GetAsync("/v1/search?q=item&sort=cheapest"), "sort", "relevance, price, -price or newest");
    }

    [Fact]
    public async Task Chinese_titles_are_found_by_their_characters_and_a_new_item_before_the_next_training_run()
    {
        var put = await Client.PutAsJsonAsync("/v1/items/zh-1", new ItemDto("zh-1", "男子轻便跑鞋", Categories: ["Shop", "Shoes"], Brand: "飞跃"));
        put.EnsureSuccessStatusCode();

        // Added since the last training run: found at once, by its own small index, and said to be new.
        var early = await SearchAsync("q=跑鞋");
        Assert.Equal("zh-1", Assert.Single(early.Items).Id);
        Assert.EndsWith(" · new since the last training run", early.Items[0].Reason, StringComparison.Ordinal);
        Assert.Empty((await SearchAsync("q=跑鞋&brand=Acme")).Items); // the filters hold for it too
        Assert.Empty((await SearchAsync("q=跑鞋&boost=brand:飞跃:hide")).Items);

        // A new item with a word the trained ones have joins their page by its relevance, and the count holds.
        (await Client.PutAsJsonAsync("/v1/items/shoes-new", new ItemDto("shoes-new", "Shoes", Categories: ["Shop", "Shoes"], Brand: "Acme"))).EnsureSuccessStatusCode();
        var merged = await SearchAsync("q=shoes&count=6&facets=true");
        Assert.Equal(6, merged.Items.Count);
        Assert.Contains(merged.Items, static i => i.Id == "shoes-new" && i.Reason.EndsWith("new since the last training run", StringComparison.Ordinal));
        // The two new items count among the matches (zh-1 is in the category Shoes), and in the facets.
        Assert.Equal(7, merged.Total);
        Assert.Equal([new FacetCountDto("Shoes", 7)], merged.Facets!.Categories);

        // Pages of one ranking, the new item in it where its score puts it: two pages of three are the six.
        var first = await SearchAsync("q=shoes&count=3");
        var second = await SearchAsync("q=shoes&count=3&offset=3");
        Assert.Equal(merged.Items.Select(static i => i.Id), first.Items.Concat(second.Items).Select(static i => i.Id));
        Assert.Single((await SearchAsync("q=shoes&count=3&offset=6")).Items);

        // A shopper's search logs the new item in its slate, where it was shown.
        var logged = await SearchAsync("q=shoes&count=6&user=shopper-4&personal=0");
        var at = logged.Items.Select(static i => i.Id).ToList().IndexOf("shoes-new");
        Assert.True(at >= 0);
        var log = Factory.Services.GetRequiredService<Penchant.Storage.IImpressionLog>();
        await Eventually.HoldsAsync(async () =>
            (await log.GetUserImpressionsAsync(PenchantServerFactory.Pseudonym("shopper-4"), DateTimeOffset.UtcNow.AddHours(-1)))
                .Any(i => i.SlateId == logged.SlateId && i.ItemId == "shoes-new" && i.Position == at));

        await Factory.TrainAsync();
        var result = await SearchAsync("q=跑鞋");
        Assert.Equal("zh-1", Assert.Single(result.Items).Id);
        Assert.Equal("matches \"跑\", \"跑鞋\", \"鞋\"", result.Items[0].Reason);
    }

    [Fact]
    public async Task A_word_of_an_item_added_since_training_is_not_corrected_into_a_trained_word_nor_the_other_way()
    {
        // "Kitchem" is an edit away from the trained items' "kitchen".
        (await Client.PutAsJsonAsync("/v1/items/kitchem-1", new ItemDto("kitchem-1", "Kitchem blender", Categories: ["Shop", "Blenders"], Brand: "Acme"))).EnsureSuccessStatusCode();

        var kitchem = await SearchAsync("q=kitchem&count=10");
        Assert.Null(kitchem.Corrected);
        Assert.Equal("kitchem-1", Assert.Single(kitchem.Items).Id);
        Assert.Empty(kitchem.Unknown);

        var kitchen = await SearchAsync("q=kitchen&count=10");
        Assert.Null(kitchen.Corrected);
        Assert.Equal(5, kitchen.Items.Count);
        Assert.All(kitchen.Items, static i => Assert.Equal("Kitchen", i.Category));
    }

    [Fact]
    public async Task A_shoppers_search_is_logged_under_the_search_placement_whose_stored_settings_it_takes()
    {
        Assert.Null((await SearchAsync("q=item&count=3")).SlateId); // anonymous: nothing to attribute
        var slate = await SearchAsync("q=item&count=3&user=shopper-4");
        Assert.NotNull(slate.SlateId);
        var events = new EventBatchDto([new EventDto("sc-1", "shopper-4", slate.Items[0].Id, "click", DateTimeOffset.UtcNow.AddMinutes(1))]);
        (await Client.PostAsJsonAsync("/v1/events/batch", events)).EnsureSuccessStatusCode();

        PlacementReportDto? search = null;
        await Eventually.HoldsAsync(async () =>
        {
            var report = (await Admin.GetFromJsonAsync<OnlineReportResponse>("/v1/admin/online?windowHours=1"))!;
            search = report.Placements.SingleOrDefault(static p => p.Placement == "search");
            return search is not null;
        });
        Assert.Equal((1, 1, 1.0), (search!.Slates, search.Shoppers, search.ClickRate));

        // A stored placement named "search" holds the search box's settings; a request's own settings still win.
        var stored = await Admin.PutAsJsonAsync("/v1/admin/placements/search", new PlacementRequest("Search box", new Dictionary<string, System.Text.Json.JsonElement>
        {
            ["count"] = System.Text.Json.JsonSerializer.SerializeToElement(2),
            ["brand"] = System.Text.Json.JsonSerializer.SerializeToElement("Globex"),
        }));
        Assert.True(stored.IsSuccessStatusCode, await stored.Content.ReadAsStringAsync());
        var preset = await SearchAsync("q=item");
        Assert.Equal(2, preset.Items.Count);
        Assert.All(preset.Items, static i => Assert.Equal("Globex", i.Brand));
        Assert.Equal(4, (await SearchAsync("q=item&count=4")).Items.Count);

        // Completions take none of it: a stored count above theirs would otherwise be refused.
        Assert.True((await Admin.PutAsJsonAsync("/v1/admin/placements/search", new PlacementRequest(null, new Dictionary<string, System.Text.Json.JsonElement>
        {
            ["count"] = System.Text.Json.JsonSerializer.SerializeToElement(25),
        }))).IsSuccessStatusCode);
        Assert.Equal(15, (await SearchAsync("q=item")).Items.Count); // every item: the stored count is above the shop's 15
        Assert.Equal(2, (await Client.GetFromJsonAsync<SearchSuggestionsResponse>("/v1/search/suggest?q=sh"))!.Suggestions.Count);

        var elsewhere = await SearchAsync("q=item&count=5&placement=other");
        Assert.Equal(5, elsewhere.Items.Count);
        Assert.Contains(elsewhere.Items, static i => i.Brand == "Acme");
    }

    [Fact]
    public async Task Suggestions_complete_the_word_being_typed_with_how_many_items_have_the_words()
    {
        var suggest = (await Client.GetFromJsonAsync<SearchSuggestionsResponse>("/v1/search/suggest?q=sh"))!;
        Assert.Equal([new SearchSuggestionDto("shop", 15), new SearchSuggestionDto("shoes", 5)], suggest.Suggestions);
        var two = (await Client.GetFromJsonAsync<SearchSuggestionsResponse>("/v1/search/suggest?q=kitchen%203"))!;
        Assert.Equal([new SearchSuggestionDto("kitchen 3", 1)], two.Suggestions);
        Assert.Single((await Client.GetFromJsonAsync<SearchSuggestionsResponse>("/v1/search/suggest?q=sh&count=1"))!.Suggestions);
        Assert.Empty((await Client.GetFromJsonAsync<SearchSuggestionsResponse>("/v1/search/suggest?q=zz"))!.Suggestions);

        await Problems.AssertFieldErrorAsync(await Client.GetAsync("/v1/search/suggest"), "q", "text typed so far");
        await Problems.AssertFieldErrorAsync(await Client.GetAsync("/v1/search/suggest?q=sh&count=21"), "count", "between 1 and 20");
    }

    [Fact]
    public async Task An_ab_test_arm_can_search_without_the_shoppers_own_scores()
    {
        await using var factory = PenchantServerFactory.WithTwoArms("personal-search", "personal", "words-only", "SearchPersonalWeight", "0");
        await ShopFixture.SeedAsync(factory);
        using var client = factory.Ingest();
        var arms = new HashSet<string>();
        for (var s = 0; s < 21; s++)
        {
            var variant = (await client.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/shopper-{s}?count=1"))!.Variant!;
            var search = (await client.GetFromJsonAsync<SearchResponse>($"/v1/search?q=item&count=5&user=shopper-{s}"))!;
            Assert.Equal(variant == "personal", search.Personalized);
            arms.Add(variant);
        }

        Assert.Equal(["personal", "words-only"], arms.Order());
        using var admin = factory.Admin();
        var config = (await admin.GetFromJsonAsync<ServerConfigDto>("/v1/admin/config"))!;
        Assert.Equal([null, 0.0], config.Experiments[0].Variants.Select(static v => v.SearchPersonalWeight));
    }

    /// <summary>
    /// Three shoppers search "sneakers" (a word no item has) and view shoes-3 a minute later; two search "shoes" and view
    /// shoes-4, and one of them also shoes-2. Trained on that, search has learned what shoppers choose after each search.
    /// </summary>
    internal static async Task SearchAndChooseAsync(PenchantServerFactory factory, TimeSpan? ago = null, string ids = "se")
    {
        using var client = factory.Ingest();
        var now = DateTimeOffset.UtcNow - (ago ?? TimeSpan.FromHours(1));
        var events = new List<EventDto>();
        for (var s = 1; s <= 3; s++)
        {
            events.Add(new EventDto($"{ids}-{s}-1", $"seeker-{s}", null, "search", now, Text: s == 1 ? "Sneakers" : "sneakers"));
            events.Add(new EventDto($"{ids}-{s}-2", $"seeker-{s}", "shoes-3", "view", now.AddMinutes(1)));
            if (s <= 2)
            {
                events.Add(new EventDto($"{ids}-{s}-3", $"seeker-{s}", null, "search", now.AddMinutes(5), Text: "shoes"));
                events.Add(new EventDto($"{ids}-{s}-4", $"seeker-{s}", "shoes-4", "click", now.AddMinutes(6)));
            }
        }

        events.Add(new EventDto($"{ids}-1-5", "seeker-1", "shoes-2", "view", now.AddMinutes(7))); // one shopper only: not learned
        (await client.PostAsJsonAsync("/v1/events/batch", new EventBatchDto([.. events]))).EnsureSuccessStatusCode();
        await factory.TrainAsync();
    }

    [Fact]
    public async Task Search_learns_what_shoppers_choose_after_a_search_and_finds_it_for_words_no_item_has()
    {
        var before = await SearchAsync("q=shoes&count=5");
        await SearchAndChooseAsync(Factory);

        var sneakers = await SearchAsync("q=SNEAKERS&count=5");
        Assert.Equal(["sneakers"], sneakers.Unknown); // the words find nothing: what shoppers chose does
        Assert.Equal("shoes-3", Assert.Single(sneakers.Items).Id);
        Assert.Equal(1, sneakers.Total);
        Assert.Equal("chosen by 3 shoppers after searching \"SNEAKERS\"", sneakers.Items[0].Reason);
        Assert.True(sneakers.Learned);
        Assert.False(before.Learned);
        Assert.Contains("penchant_searches_total{outcome=\"learned\"} 1\n", await Admin.GetStringAsync("/metrics"), StringComparison.Ordinal);

        // Among equally good matches, the one searchers chose comes first, and says so; shoes-2 (one shopper) does not.
        var shoes = await SearchAsync("q=shoes&count=5");
        Assert.Equal("shoes-4", shoes.Items[0].Id);
        Assert.Equal("matches \"shoes\" · chosen by 2 shoppers after this search", shoes.Items[0].Reason);
        Assert.NotEqual("shoes-4", before.Items[0].Id);
        Assert.Equal("matches \"shoes\"", shoes.Items.Single(static i => i.Id == "shoes-2").Reason);
        Assert.Equal(before.Items.Select(static i => i.Id).Order(), shoes.Items.Select(static i => i.Id).Order());

        // The filters still hold for what was learned, and a search that finds only it is not a null search.
        Assert.Empty((await SearchAsync("q=sneakers&brand=NoSuchBrand")).Items);
        var service = Factory.Services.GetRequiredService<Penchant.Server.Services.RecommendationService>();
        Assert.Equal((1, 5, 0), (service.MatchCount("sneakers"), service.MatchCount("shoes"), service.MatchCount("unicorn")));
    }

    [Fact]
    public async Task Completions_offer_what_at_least_ten_shoppers_searched_first_and_nothing_fewer_typed()
    {
        using (var client = Factory.Ingest())
        {
            var now = DateTimeOffset.UtcNow.AddHours(-1);
            var events = new List<EventDto>();
            for (var s = 0; s < 10; s++)
            {
                events.Add(new EventDto($"sg-{s}-1", $"seeker-{s}", null, "search", now, Text: s < 7 ? "shoe polish" : "Shoe Polish!"));
                events.Add(new EventDto($"sg-{s}-2", $"seeker-{s}", "shoes-2", "view", now.AddMinutes(1)));
                if (s < 9)
                {
                    events.Add(new EventDto($"sg-{s}-3", $"seeker-{s}", null, "search", now.AddMinutes(2), Text: "shoe laces")); // nine: too few
                }
            }

            (await client.PostAsJsonAsync("/v1/events/batch", new EventBatchDto([.. events]))).EnsureSuccessStatusCode();
        }

        var before = (await Client.GetFromJsonAsync<SearchSuggestionsResponse>("/v1/search/suggest?q=shoe%20"))!;
        Assert.All(before.Suggestions, static s => Assert.Null(s.Searchers));
        await Factory.TrainAsync();

        var after = (await Client.GetFromJsonAsync<SearchSuggestionsResponse>("/v1/search/suggest?q=SHOE%20"))!;
        var popular = after.Suggestions[0];
        Assert.Equal(("shoe polish", 10), (popular.Text, popular.Searchers));
        Assert.Equal(5, popular.Items); // the five shoes by the word "shoe"; shoes-2, chosen after it, is one of them and counts once
        Assert.DoesNotContain(after.Suggestions, static s => s.Text == "shoe laces");
        Assert.Equal(before.Suggestions.Select(static s => s.Text), after.Suggestions.Skip(1).Select(static s => s.Text).Take(before.Suggestions.Count));

        // The count is kept between keystrokes, and counted again once the catalogue changes.
        (await Client.PutAsJsonAsync("/v1/items/polish-1", new ItemDto("polish-1", "Shoe polish", Categories: ["Shop", "Care"], Brand: "Acme"))).EnsureSuccessStatusCode();
        var grown = (await Client.GetFromJsonAsync<SearchSuggestionsResponse>("/v1/search/suggest?q=shoe%20p"))!;
        Assert.Equal(("shoe polish", 6), (grown.Suggestions[0].Text, grown.Suggestions[0].Items));
    }

    [Fact]
    public async Task An_ab_test_arm_can_search_without_what_shoppers_chose_and_a_server_can_turn_it_off()
    {
        await using (var factory = PenchantServerFactory.WithTwoArms("learned-search", "learned", "words-only", "SearchEngagementWeight", "0"))
        {
            await ShopFixture.SeedAsync(factory);
            await SearchAndChooseAsync(factory);
            using var client = factory.Ingest();
            var arms = new HashSet<string>();
            for (var s = 0; s < 21; s++)
            {
                var variant = (await client.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/shopper-{s}?count=1"))!.Variant!;
                var search = (await client.GetFromJsonAsync<SearchResponse>($"/v1/search?q=sneakers&count=5&user=shopper-{s}"))!;
                Assert.Equal(variant == "learned", search.Items.Count == 1);
                arms.Add(variant);
            }

            Assert.Equal(["learned", "words-only"], arms.Order());
            using var admin = factory.Admin();
            var config = (await admin.GetFromJsonAsync<ServerConfigDto>("/v1/admin/config"))!;
            Assert.Equal([null, 0.0], config.Experiments[0].Variants.Select(static v => v.SearchEngagementWeight));
        }

        await using (var off = new PenchantServerFactory(new Dictionary<string, string?> { ["Penchant:SearchEngagementWeight"] = "0" }))
        {
            await ShopFixture.SeedAsync(off);
            await SearchAndChooseAsync(off);
            using var anonymous = off.Ingest();
            Assert.Empty((await anonymous.GetFromJsonAsync<SearchResponse>("/v1/search?q=sneakers"))!.Items);
        }

        // Searches older than SearchEngagementDays before the newest event teach nothing.
        await using var recent = new PenchantServerFactory(new Dictionary<string, string?> { ["Penchant:SearchEngagementDays"] = "2" });
        await ShopFixture.SeedAsync(recent);
        await SearchAndChooseAsync(recent, TimeSpan.FromDays(3));
        using var shop = recent.Ingest();
        Assert.Empty((await shop.GetFromJsonAsync<SearchResponse>("/v1/search?q=sneakers"))!.Items);
        await SearchAndChooseAsync(recent, TimeSpan.FromDays(1), ids: "again");
        Assert.Single((await shop.GetFromJsonAsync<SearchResponse>("/v1/search?q=sneakers"))!.Items);
    }

    [Fact]
    public async Task The_index_is_built_in_the_background_when_a_model_is_swapped_in_not_by_the_first_search()
    {
        var serving = Factory.Services.GetRequiredService<Penchant.Server.Services.ServingModel>();
        await Eventually.HoldsAsync(() => serving.Current.SearchIndexBuilt);
        await Factory.TrainAsync();
        await Eventually.HoldsAsync(() => serving.Current.SearchIndexBuilt);
        Assert.Equal(5, (await SearchAsync("q=shoes")).Total);
    }

    [Fact]
    public async Task Metrics_count_searches_those_with_nothing_to_show_corrected_and_personalised()
    {
        foreach (var query in new[] { "q=shoes", "q=unicorn", "q=kitchne", "q=item&user=shopper-0", "q=shoes&brand=Nobody" })
        {
            await SearchAsync(query);
        }

        var metrics = await Admin.GetStringAsync("/metrics");
        Assert.Contains("penchant_searches_total{outcome=\"all\"} 5\n", metrics, StringComparison.Ordinal);
        Assert.Contains("penchant_searches_total{outcome=\"no_results\"} 2\n", metrics, StringComparison.Ordinal);
        Assert.Contains("penchant_searches_total{outcome=\"corrected\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("penchant_searches_total{outcome=\"personalized\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("penchant_searches_total{outcome=\"by_meaning\"} 0\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_requests_name_the_parameter()
    {
        await Problems.AssertFieldErrorAsync(await Client.GetAsync("/v1/search"), "q", "words to search for");
        await Problems.AssertFieldErrorAsync(await Client.GetAsync("/v1/search?q=%20"), "q", "words to search for");
        await Problems.AssertFieldErrorAsync(await Client.GetAsync($"/v1/search?q={new string('a', 201)}"), "q", "at most 200 characters");
        await Problems.AssertFieldErrorAsync(await Client.GetAsync("/v1/search?q=item&personal=-1"), "personal", "between 0");
        await Problems.AssertFieldErrorAsync(await Client.GetAsync("/v1/search?q=item&user=%20"), "user", "must not be empty");
        await Problems.AssertFieldErrorAsync(await Client.GetAsync("/v1/search?q=item&count=0"), "count", "");
        await Problems.AssertFieldErrorAsync(await Client.GetAsync("/v1/search?q=item&offset=-1"), "offset", "between 0 and 1000");
        using var anonymous = Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/search?q=item")).StatusCode);
    }
}
