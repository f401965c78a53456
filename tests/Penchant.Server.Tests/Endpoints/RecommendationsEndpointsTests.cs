using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Penchant.Server.Contracts;
using Penchant.Server.Services;

namespace Penchant.Server.Tests.Endpoints;

public sealed class RecommendationsEndpointsTests : IAsyncLifetime
{
    private readonly PenchantServerFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        await ShopFixture.SeedAsync(_factory);
        _client = _factory.Ingest();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    private async Task<RecommendationsResponse> RecommendAsync(string user, string query = "count=5")
    {
        var response = await _client.GetAsync($"/v1/recommendations/users/{user}?{query}");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<RecommendationsResponse>())!;
    }

    private Task PostAsync(params EventDto[] events) =>
        _client.PostAsJsonAsync("/v1/events/batch", new EventBatchDto(events)).ContinueWith(static t => t.Result.EnsureSuccessStatusCode());

    [Fact]
    public async Task A_shopper_gets_items_of_the_category_they_browse_with_a_because_reason()
    {
        await PostAsync(new EventDto("a1", "alice", "shoes-1", "view"), new EventDto("a2", "alice", "shoes-2", "view"));
        var result = await RecommendAsync("alice", "count=3");
        Assert.True(result.Personalized);
        Assert.All(result.Items, static i => Assert.Equal("Shoes", i.Category));
        Assert.Contains(result.Items, static i => i.Reason.StartsWith("because you viewed Shoes item", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_new_arrival_from_a_brand_the_shopper_buys_says_so()
    {
        var put = await _client.PutAsJsonAsync("/v1/items/kitchen-new", new ItemDto("kitchen-new", "Kitchen novelty", Categories: ["Shop", "Kitchen"], Brand: "Acme", CreatedAt: DateTimeOffset.UtcNow.AddDays(-2)));
        put.EnsureSuccessStatusCode();
        await _factory.TrainAsync();
        await PostAsync(new EventDto("n1", "nora", "kitchen-2", "purchase"), new EventDto("n2", "nora", "kitchen-4", "purchase"));
        var result = await RecommendAsync("nora", "count=10&category=Kitchen");
        var fresh = Assert.Single(result.Items, static i => i.Id == "kitchen-new");
        Assert.Equal("New arrival from Acme, a brand you like", fresh.Reason);
    }

    [Fact]
    public async Task New_arrivals_come_newest_first_and_a_shopper_gets_those_of_their_kinds_first()
    {
        // Two Books arrivals two and three days old (the Globex one first in the catalogue), a Kitchen one five days old,
        // and a Shoes one forty days old; the fixture's items have no creation time.
        var now = DateTimeOffset.UtcNow;
        ItemDto[] arrivals =
        [
            new("books-new-a", "Globex novel", Categories: ["Shop", "Books"], Brand: "Globex", CreatedAt: now.AddDays(-3)),
            new("books-new-b", "Acme novel", Categories: ["Shop", "Books"], Brand: "Acme", CreatedAt: now.AddDays(-2)),
            new("kitchen-new", "Kitchen novelty", Categories: ["Shop", "Kitchen"], Brand: "Acme", CreatedAt: now.AddDays(-5)),
            new("shoes-older", "Shoes of last month", Categories: ["Shop", "Shoes"], Brand: "Globex", CreatedAt: now.AddDays(-40)),
        ];
        (await _client.PostAsJsonAsync("/v1/items", new { items = arrivals })).EnsureSuccessStatusCode();
        await _factory.TrainAsync();

        var newest = (await _client.GetFromJsonAsync<ItemListResponse>("/v1/recommendations/new?count=10"))!;
        Assert.Equal(["books-new-b", "books-new-a", "kitchen-new", "shoes-older"], newest.Items.Select(static i => i.Id));
        Assert.Equal("new in Books", newest.Items[0].Reason);
        Assert.Equal(1 / 3.0, newest.Items[0].Score, 2);
        var week = (await _client.GetFromJsonAsync<ItemListResponse>("/v1/recommendations/new?count=10&newDays=7&category=Books"))!;
        Assert.Equal(["books-new-b", "books-new-a"], week.Items.Select(static i => i.Id));

        // An item added a moment ago is listed at once, before any training run; one out of stock is not.
        (await _client.PutAsJsonAsync("/v1/items/books-newest", new ItemDto("books-newest", "Just in", Categories: ["Shop", "Books"], Brand: "Acme", CreatedAt: DateTimeOffset.UtcNow))).EnsureSuccessStatusCode();
        (await _client.PutAsJsonAsync("/v1/items/books-gone", new ItemDto("books-gone", "Sold out", Categories: ["Shop", "Books"], Available: false, CreatedAt: DateTimeOffset.UtcNow))).EnsureSuccessStatusCode();
        var justIn = (await _client.GetFromJsonAsync<ItemListResponse>("/v1/recommendations/new?count=2"))!;
        Assert.Equal(["books-newest", "books-new-b"], justIn.Items.Select(static i => i.Id));

        // A shopper who buys Acme books: among the new arrivals, which the model knows nothing of yet, the Acme book
        // comes first and the Kitchen one (a category they never took) last; the forty-day-old item is not new enough.
        await PostAsync(new EventDto("ab1", "anna", "books-0", "purchase"), new EventDto("ab2", "anna", "books-2", "purchase"), new EventDto("ab3", "anna", "books-4", "view"));
        var forAnna = await RecommendAsync("anna", "count=10&newDays=30&explore=0");
        Assert.Equal(["books-new-b", "books-new-a", "kitchen-new"], forAnna.Items.Select(static i => i.Id));

        // And one who views Globex shoes gets the Globex book before the Acme one.
        await PostAsync(new EventDto("gs1", "gus", "shoes-1", "view"), new EventDto("gs2", "gus", "shoes-3", "view"));
        var forGus = await RecommendAsync("gus", "count=10&newDays=30&explore=0");
        Assert.Equal(["books-new-a", "books-new-b", "kitchen-new"], forGus.Items.Select(static i => i.Id));
    }

    [Fact]
    public async Task A_shoppers_own_candidates_are_ranked_for_them_and_unknown_ids_come_back_unranked()
    {
        // Search results from the shop's own engine: one item of each category, one the shopper bought, and an id the
        // engine has never seen.
        await PostAsync(new EventDto("r1", "rita", "shoes-1", "view"), new EventDto("r2", "rita", "shoes-2", "purchase"), new EventDto("r3", "rita", "shoes-3", "view"));
        string[] candidates = ["books-1", "kitchen-3", "not-in-the-shop", "shoes-4", "shoes-2", "books-1"];
        var response = await _client.PostAsJsonAsync("/v1/recommendations/users/rita/rank", new RankRequest(candidates));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var ranked = (await response.Content.ReadFromJsonAsync<RecommendationsResponse>())!;
        Assert.Equal("rita", ranked.UserId);
        Assert.True(ranked.Personalized);
        Assert.Equal(["books-1", "kitchen-3", "shoes-2", "shoes-4"], ranked.Items.Select(static i => i.Id).Order(StringComparer.Ordinal)); // each once, bought ones kept
        Assert.Equal("Shoes", ranked.Items[0].Category);
        Assert.Equal("Shoes", ranked.Items[1].Category);
        Assert.All(ranked.Items, static i => Assert.False(string.IsNullOrWhiteSpace(i.Reason)));
        Assert.True(ranked.Items.Zip(ranked.Items.Skip(1)).All(static p => p.First.Score >= p.Second.Score));
        Assert.Equal(["not-in-the-shop"], ranked.Unranked);
        Assert.Null(ranked.SlateId); // not logged as a served slate
        using (var admin = _factory.Admin())
        {
            var log = await admin.GetStringAsync("/v1/admin/impressions");
            Assert.DoesNotContain(PenchantServerFactory.Pseudonym("rita"), log, StringComparison.Ordinal);
            await RecommendAsync("rita", "count=2");
            Assert.Contains(PenchantServerFactory.Pseudonym("rita"), await admin.GetStringAsync("/v1/admin/impressions"), StringComparison.Ordinal); // as recommendations are
        }

        // Another shopper, of Kitchen, gets the same candidates in another order.
        await PostAsync(new EventDto("k1", "kim", "kitchen-1", "view"), new EventDto("k2", "kim", "kitchen-3", "view"));
        var kim = (await (await _client.PostAsJsonAsync("/v1/recommendations/users/kim/rank", new RankRequest(candidates))).Content.ReadFromJsonAsync<RecommendationsResponse>())!;
        Assert.Equal("kitchen-3", kim.Items[0].Id);

        // A boost in the body lifts what it matches over the shopper's own order, and says so.
        var boosted = (await (await _client.PostAsJsonAsync("/v1/recommendations/users/kim/rank", new RankRequest(candidates) { Boost = "category:Books:5" })).Content.ReadFromJsonAsync<RecommendationsResponse>())!;
        Assert.Equal("books-1", boosted.Items[0].Id);
        Assert.Equal(5f, boosted.Items[0].Boost);
        Assert.Equal(kim.Items.Single(static i => i.Id == "books-1").Score + 5f, boosted.Items[0].Score, 4);
    }

    [Fact]
    public async Task A_ranking_request_without_items_or_with_an_empty_id_names_the_field()
    {
        await Problems.AssertFieldErrorAsync(await _client.PostAsJsonAsync("/v1/recommendations/users/rita/rank", new RankRequest([])), "items", "at least one item id");
        await Problems.AssertFieldErrorAsync(await _client.PostAsJsonAsync("/v1/recommendations/users/rita/rank", new RankRequest(["books-1", " "])), "items[1]", "must not be empty");
        await Problems.AssertFieldErrorAsync(await _client.PostAsJsonAsync("/v1/recommendations/users/rita/rank", new RankRequest([.. Enumerable.Range(0, 1_001).Select(static i => $"i{i}")])), "items", "at most 1000");
        await Problems.AssertFieldErrorAsync(await _client.PostAsJsonAsync("/v1/recommendations/users/rita/rank", new RankRequest(["books-1"]) { Boost = "brand:Acme" }), "boost", "field:value:weight");
    }

    [Fact]
    public async Task A_purchase_removes_the_item_from_the_next_recommendations_without_retraining()
    {
        await PostAsync(new EventDto("a1", "alice", "shoes-1", "view"), new EventDto("a2", "alice", "shoes-2", "view"));
        var before = await RecommendAsync("alice");
        var top = before.Items[0].Id;

        await PostAsync(new EventDto("a3", "alice", top, "purchase"));
        var after = await RecommendAsync("alice");

        Assert.Equal(before.ModelVersion, after.ModelVersion);
        Assert.DoesNotContain(after.Items, i => i.Id == top);
        var withPurchased = await RecommendAsync("alice", "count=5&excludePurchased=false");
        Assert.Contains(withPurchased.Items, i => i.Id == top);
    }

    [Theory]
    [InlineData("rating", 4.0)]
    [InlineData("review", null)]
    public async Task An_item_the_shopper_rated_or_reviewed_is_left_out_as_a_bought_one_is(string type, double? value)
    {
        await PostAsync(new EventDto("a1", "alice", "shoes-1", "view"), new EventDto("a2", "alice", "shoes-2", "view"));
        var top = (await RecommendAsync("alice")).Items[0].Id;

        await PostAsync(new EventDto("a3", "alice", top, type, Value: value, Text: value is null ? "Fits well, very comfortable" : null));
        Assert.DoesNotContain((await RecommendAsync("alice")).Items, i => i.Id == top);
        Assert.Contains((await RecommendAsync("alice", "count=5&excludePurchased=false")).Items, i => i.Id == top);
    }

    [Fact]
    public async Task Views_in_a_new_category_raise_its_items_without_retraining()
    {
        await PostAsync(
            new EventDto("a1", "alice", "shoes-1", "purchase", DateTimeOffset.UtcNow.AddMinutes(-30)),
            new EventDto("a2", "alice", "shoes-2", "purchase", DateTimeOffset.UtcNow.AddMinutes(-29)));
        var before = await RecommendAsync("alice", "count=10");
        var bestBookBefore = Rank(before, "Books");

        await PostAsync(new EventDto("a3", "alice", "books-1", "view"), new EventDto("a4", "alice", "books-2", "view"));
        var after = await RecommendAsync("alice", "count=10");

        Assert.Equal(before.ModelVersion, after.ModelVersion);
        Assert.True(Rank(after, "Books") < bestBookBefore, $"best Books rank {bestBookBefore} -> {Rank(after, "Books")}");
        Assert.True(Rank(after, "Books") < 3, $"best Books rank {Rank(after, "Books")}");
        Assert.Contains(after.Items, static i => i.Reason == "because you recently browsed Books" || i.Reason.StartsWith("because you viewed Books", StringComparison.Ordinal));
    }

    private static int Rank(RecommendationsResponse response, string category)
    {
        var at = response.Items.ToList().FindIndex(i => i.Category == category);
        return at < 0 ? int.MaxValue : at;
    }

    [Fact]
    public async Task Filters_restrict_category_brand_price_and_exclusions()
    {
        await PostAsync(new EventDto("a1", "alice", "shoes-1", "view"));
        var books = await RecommendAsync("alice", "count=10&category=books");
        Assert.Equal(5, books.Items.Count);
        Assert.All(books.Items, static i => Assert.Equal("Books", i.Category));

        var acme = await RecommendAsync("alice", "count=20&brand=ACME&minPrice=20&maxPrice=40");
        Assert.NotEmpty(acme.Items);
        Assert.All(acme.Items, static i => Assert.True(i.Brand == "Acme" && i.Price is >= 20 and <= 40, $"{i.Id} {i.Brand} {i.Price}"));

        var excluded = await RecommendAsync("alice", "count=20&exclude=shoes-0,books-0");
        Assert.DoesNotContain(excluded.Items, static i => i.Id is "shoes-0" or "books-0");
        Assert.Equal(13, excluded.Items.Count);
    }

    [Fact]
    public async Task An_item_put_out_of_stock_is_left_out_at_once_unless_asked_for()
    {
        var before = await RecommendAsync("nobody", "count=20");
        Assert.Contains(before.Items, static i => i.Id == "kitchen-0");
        await _client.PutAsJsonAsync("/v1/items/kitchen-0", new ItemDto("kitchen-0", "Kitchen item 0", Categories: ["Shop", "Kitchen"], Available: false));

        var after = await RecommendAsync("nobody", "count=20");
        Assert.DoesNotContain(after.Items, static i => i.Id == "kitchen-0");
        var any = await RecommendAsync("nobody", "count=20&inStock=false");
        Assert.Contains(any.Items, static i => i.Id == "kitchen-0");
    }

    [Fact]
    public async Task Trending_ranks_items_whose_recent_activity_grew()
    {
        // Five shoppers view books-4 now; before, books-4 had little activity in the previous window.
        var now = DateTimeOffset.UtcNow;
        await PostAsync([.. Enumerable.Range(0, 5).Select(i => new EventDto($"t{i}", $"fan-{i}", "books-4", "view", now.AddMinutes(-i)))]);
        await _factory.TrainAsync();
        var trending = await _client.GetFromJsonAsync<ItemListResponse>("/v1/recommendations/trending?count=3");
        Assert.Equal("books-4", trending!.Items[0].Id);
        Assert.Equal("trending in Books", trending.Items[0].Reason);
        var kitchen = await _client.GetFromJsonAsync<ItemListResponse>("/v1/recommendations/trending?count=3&category=Kitchen");
        Assert.DoesNotContain(kitchen!.Items, static i => i.Id == "books-4");
    }

    [Fact]
    public async Task A_shopper_without_personalisation_consent_gets_popular_items()
    {
        await _client.PutAsJsonAsync("/v1/users/private", new UserDto("private", Consent: new ConsentDto(Personalization: false)));
        await PostAsync(new EventDto("p1", "private", "books-1", "view"), new EventDto("p2", "private", "books-2", "view"));
        var result = await RecommendAsync("private");
        Assert.False(result.Personalized);
        Assert.Empty((await _client.GetFromJsonAsync<BecauseResponse>("/v1/recommendations/users/private/because"))!.Groups);
    }

    [Fact]
    public async Task Per_brand_and_per_category_caps_hold_over_the_whole_slate_explore_slots_included()
    {
        await PostAsync(new EventDto("m1", "max", "shoes-1", "view"), new EventDto("m2", "max", "shoes-2", "view"), new EventDto("m3", "max", "shoes-3", "view"));
        var open = await RecommendAsync("max", "count=6&explore=0");
        Assert.True(open.Items.Count(static i => i.Category == "Shoes") > 2, "without a cap the Shoes shopper gets more than two Shoes items");

        foreach (var explore in new[] { "0", "0.5" })
        {
            var capped = await RecommendAsync("max", $"count=6&maxPerCategory=2&explore={explore}");
            Assert.Equal(6, capped.Items.Count);
            Assert.All(capped.Items.GroupBy(static i => i.Category), static g => Assert.InRange(g.Count(), 1, 2));
            Assert.Equal(open.Items.First(static i => i.Category == "Shoes").Id, capped.Items.First(static i => i.Category == "Shoes").Id); // the best of each stays
            Assert.Equal(explore != "0", capped.Items.Any(static i => i.Explore));
        }

        // The fixture has two brands: one of each at most.
        var popular = (await _client.GetFromJsonAsync<ItemListResponse>("/v1/recommendations/popular?count=6&maxPerBrand=1"))!;
        Assert.Equal(["Acme", "Globex"], popular.Items.Select(static i => i.Brand).Order(StringComparer.Ordinal));
        await Problems.AssertFieldErrorAsync(await _client.GetAsync("/v1/recommendations/users/max?maxPerBrand=0"), "maxPerBrand", "1 or more");
        await Problems.AssertFieldErrorAsync(await _client.GetAsync("/v1/recommendations/popular?maxPerCategory=-1"), "maxPerCategory", "1 or more");
    }

    [Fact]
    public async Task Because_carousels_grow_from_the_newest_items_without_repeats_or_taken_items()
    {
        // Shoes first, then a Kitchen item bought, then a Books item viewed last.
        var now = DateTimeOffset.UtcNow;
        await PostAsync(
            new EventDto("c1", "cara", "shoes-1", "view", now.AddMinutes(-30)),
            new EventDto("c2", "cara", "kitchen-2", "purchase", now.AddMinutes(-20)),
            new EventDto("c3", "cara", "books-3", "view", now.AddMinutes(-10)),
            new EventDto("c4", "cara", "books-3", "view", now.AddMinutes(-5)));
        var because = (await _client.GetFromJsonAsync<BecauseResponse>("/v1/recommendations/users/cara/because?groups=3&count=2"))!;
        Assert.Equal("cara", because.UserId);
        Assert.Equal(["books-3", "kitchen-2", "shoes-1"], because.Groups.Select(static g => g.ItemId));
        Assert.Equal(["because you viewed Books item 3", "because you bought Kitchen item 2", "because you viewed Shoes item 1"], because.Groups.Select(static g => g.Reason));
        Assert.All(because.Groups, static g => Assert.InRange(g.Items.Count, 1, 2));
        Assert.Equal(["Books", "Kitchen", "Shoes"], because.Groups.Select(static g => g.Items[0].Category));
        var shown = because.Groups.SelectMany(static g => g.Items).Select(static i => i.Id).ToList();
        Assert.Equal(shown.Count, shown.Distinct().Count());
        Assert.DoesNotContain(shown, static id => id is "shoes-1" or "kitchen-2" or "books-3");

        // One group, with filters as elsewhere: with every other book excluded, the Books item has nothing similar left
        // (its neighbours are all books here), so the one group grows from the next item. An unknown shopper has none;
        // a bad number of groups names the field.
        var one = (await _client.GetFromJsonAsync<BecauseResponse>("/v1/recommendations/users/cara/because?groups=1&exclude=books-0,books-1,books-2,books-4"))!;
        Assert.Equal("kitchen-2", Assert.Single(one.Groups).ItemId);
        Assert.DoesNotContain(one.Groups[0].Items, static i => i.Category == "Books");
        Assert.Empty((await _client.GetFromJsonAsync<BecauseResponse>("/v1/recommendations/users/nobody/because"))!.Groups);
        await Problems.AssertFieldErrorAsync(await _client.GetAsync("/v1/recommendations/users/cara/because?groups=0"), "groups", "between 1 and");
    }

    [Fact]
    public async Task Similar_items_of_an_item_too_new_for_the_model_put_those_named_alike_first()
    {
        // Added after training: the model does not know it, its category does.
        (await _client.PostAsJsonAsync("/v1/items", new ItemBatchDto([new ItemDto("shoes-new", "Shoes item 3 deluxe", Categories: ["Shop", "Shoes"], Brand: "Acme", Price: 99m)]))).EnsureSuccessStatusCode();
        var similar = (await _client.GetFromJsonAsync<SimilarItemsResponse>("/v1/recommendations/items/shoes-new/similar?count=5"))!.Items;
        Assert.Equal(5, similar.Count);
        Assert.All(similar, static i => Assert.Equal("Shoes", i.Category));

        // Shoes item 3 shares "shoe", "item" and "3"; the others "shoe" and "item", so they follow by popularity.
        Assert.Equal("shoes-3", similar[0].Id);
        Assert.Equal("named like Shoes item 3 deluxe", similar[0].Reason);
        Assert.Equal("shoes-0", similar[1].Id);
        Assert.True(similar[0].Score > similar[1].Score);
    }

    [Fact]
    public async Task An_anonymous_session_is_served_as_a_shopper_with_those_views_would_be_and_nothing_is_kept()
    {
        var store = _factory.Services.GetRequiredService<Penchant.Storage.IPenchantStore>();
        var writer = _factory.Services.GetRequiredService<ImpressionWriter>();
        await writer.FlushAsync();
        var (events, users) = (await store.CountEventsAsync(), await store.CountUsersAsync());
        using var admin = _factory.Admin();
        var log = await admin.GetStringAsync("/v1/admin/impressions");

        var session = (await _client.GetFromJsonAsync<RecommendationsResponse>("/v1/recommendations/session?items=kitchen-1,shoes-2,shoes-1&count=6"))!;
        Assert.True(session.Personalized);
        Assert.Null(session.SlateId);
        Assert.Equal(6, session.Items.Count);
        Assert.DoesNotContain(session.Items, static i => i.Id is "kitchen-1" or "shoes-1" or "shoes-2");
        Assert.All(session.Items, static i => Assert.False(i.Explore || string.IsNullOrWhiteSpace(i.Reason)));
        Assert.Equal("Shoes", session.Items[0].Category);

        // Nothing was stored: no event, no shopper, no served slate.
        await writer.FlushAsync();
        Assert.Equal((events, users), (await store.CountEventsAsync(), await store.CountUsersAsync()));
        Assert.Equal(log, await admin.GetStringAsync("/v1/admin/impressions"));

        // A shopper who viewed the same items just now gets the same ranking, less the items they viewed.
        var now = DateTimeOffset.UtcNow;
        await PostAsync(new EventDto("v1", "vic", "kitchen-1", "view", now.AddSeconds(-3)), new EventDto("v2", "vic", "shoes-2", "view", now.AddSeconds(-2)), new EventDto("v3", "vic", "shoes-1", "view", now.AddSeconds(-1)));
        var vic = await RecommendAsync("vic", "count=9&explore=0");
        Assert.Equal(vic.Items.Select(static i => i.Id).Where(static id => id is not ("kitchen-1" or "shoes-1" or "shoes-2")).Take(6), session.Items.Select(static i => i.Id));

        await Problems.AssertFieldErrorAsync(await _client.GetAsync("/v1/recommendations/session"), "items", "at least one item id");
        await Problems.AssertFieldErrorAsync(await _client.GetAsync("/v1/recommendations/session?items=" + string.Join(',', Enumerable.Range(0, 101).Select(static i => $"i{i}"))), "items", "at most 100");
    }

    [Fact]
    public async Task Boosts_add_their_weight_to_the_items_they_match_before_the_list_is_chosen_and_say_so()
    {
        (await _client.PostAsJsonAsync("/v1/events/batch", new EventBatchDto([new EventDto("b1", "bea", "shoes-1", "view"), new EventDto("b2", "bea", "books-3", "view")])))
            .EnsureSuccessStatusCode();
        async Task<IReadOnlyList<RecommendedItem>> GetAsync(string query) =>
            (await _client.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/bea?count=15{query}"))!.Items;

        var plain = (await GetAsync("")).ToDictionary(static i => i.Id);
        var boosted = await GetAsync("&boost=brand:globex:0.5,item:kitchen-4:0.25");
        Assert.Equal(15, boosted.Count);
        foreach (var item in boosted)
        {
            var expected = (item.Brand == "Globex" ? 0.5f : 0f) + (item.Id == "kitchen-4" ? 0.25f : 0f);
            Assert.Equal(plain[item.Id].Score + expected, item.Score, 5);
            Assert.Equal(expected == 0 ? null : expected, item.Boost);
            Assert.Null(plain[item.Id].Boost);
        }

        Assert.Equal(boosted.Select(static i => i.Score).OrderDescending(), boosted.Select(static i => i.Score));

        // A negative weight buries a category; a large one brings a single item to the top of a short list.
        var buried = await GetAsync("&boost=category:Shoes:-10");
        Assert.All(buried.TakeLast(5), static i => Assert.Equal("Shoes", i.Category));
        var top = (await _client.GetFromJsonAsync<RecommendationsResponse>("/v1/recommendations/users/bea?count=3&boost=item:kitchen-3:50"))!.Items;
        Assert.Equal("kitchen-3", top[0].Id);

        // The other ranked lists take it too; a bad entry is a problem naming boost.
        var popular = (await _client.GetFromJsonAsync<ItemListResponse>("/v1/recommendations/popular?count=1&boost=item:books-4:50"))!.Items;
        Assert.Equal("books-4", Assert.Single(popular).Id);
        var similar = (await _client.GetFromJsonAsync<SimilarItemsResponse>("/v1/recommendations/items/shoes-0/similar?count=1&boost=item:shoes-4:50"))!.Items;
        Assert.Equal("shoes-4", Assert.Single(similar).Id);
        await Problems.AssertFieldErrorAsync(await _client.GetAsync("/v1/recommendations/users/bea?boost=colour:red:1"), "boost", "colour");
    }

    [Fact]
    public async Task Similar_items_for_a_shopper_are_the_same_items_reordered_by_their_own_scores_without_what_they_bought()
    {
        // sam has looked at shoes 3 and 4 and bought shoe 2.
        (await _client.PostAsJsonAsync("/v1/events/batch", new EventBatchDto([
            new EventDto("s1", "sam", "shoes-3", "view"), new EventDto("s2", "sam", "shoes-4", "view"), new EventDto("s3", "sam", "shoes-4", "cart"),
            new EventDto("s4", "sam", "shoes-2", "purchase")]))).EnsureSuccessStatusCode();
        const string Similar = "/v1/recommendations/items/shoes-0/similar?count=10";
        var plain = (await _client.GetFromJsonAsync<SimilarItemsResponse>(Similar))!.Items.ToDictionary(static i => i.Id, static i => i.Score);
        var sams = (await _client.GetFromJsonAsync<SimilarItemsResponse>(Similar + "&user=sam"))!.Items;

        // The same items less the one bought; each raised by at most the weight (0.5) times sam's own scaled score.
        Assert.Contains("shoes-2", plain.Keys);
        Assert.Equal(plain.Keys.Where(static id => id != "shoes-2").Order(), sams.Select(static i => i.Id).Order());
        var raised = sams.Select(i => i.Score - plain[i.Id]).ToList();
        Assert.All(raised, static d => Assert.InRange(d, -1e-5, 0.5 + 1e-5));
        Assert.True(raised.Max() > 0.1, string.Join(", ", raised));
        Assert.Equal(sams.Select(static i => i.Score).OrderDescending(), sams.Select(static i => i.Score));

        // Kept when asked; the order then still follows sam's scores.
        var withBought = (await _client.GetFromJsonAsync<SimilarItemsResponse>(Similar + "&user=sam&excludePurchased=false"))!.Items;
        Assert.Contains(withBought, static i => i.Id == "shoes-2");

        // A shopper Penchant has no events for, or one whose consent bars personalisation, gets the plain list.
        var stranger = (await _client.GetFromJsonAsync<SimilarItemsResponse>(Similar + "&user=nobody"))!.Items;
        Assert.Equal(plain.Select(static p => (p.Key, p.Value)), stranger.Select(static i => (i.Id, i.Score)));
        (await _client.PutAsJsonAsync("/v1/users/sam", new UserDto("sam", Consent: new ConsentDto(Personalization: false)))).EnsureSuccessStatusCode();
        var barred = (await _client.GetFromJsonAsync<SimilarItemsResponse>(Similar + "&user=sam"))!.Items;
        Assert.Equal(plain.Select(static p => (p.Key, p.Value)), barred.Select(static i => (i.Id, i.Score)));

        await Problems.AssertFieldErrorAsync(await _client.GetAsync(Similar + "&user=%20"), "user", "empty");
    }
}

/// <summary>
/// Tests that only read from a seeded shop share one server: none of them writes, so none can see another's data.
/// </summary>
public sealed class RecommendationsReadOnlyTests(RecommendationsReadOnlyTests.SeededServer server) : IClassFixture<RecommendationsReadOnlyTests.SeededServer>
{
    private readonly HttpClient _client = server.Client;

    public sealed class SeededServer : IAsyncLifetime
    {
        private readonly PenchantServerFactory _factory = new();

        public HttpClient Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await ShopFixture.SeedAsync(_factory);
            Client = _factory.Ingest();
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            await _factory.DisposeAsync();
        }
    }

    private async Task<RecommendationsResponse> RecommendAsync(string user, string query = "count=5")
    {
        var response = await _client.GetAsync($"/v1/recommendations/users/{user}?{query}");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<RecommendationsResponse>())!;
    }

    [Fact]
    public async Task Unknown_shopper_gets_popular_items_with_reasons()
    {
        var result = await RecommendAsync("never-seen");
        Assert.False(result.Personalized);
        Assert.Equal(5, result.Items.Count);
        // Item 0 of each category was seen by every shopper of that category: the three most popular.
        Assert.Equal(
            ShopFixture.Categories.Select(static c => ShopFixture.ItemId(c, 0)).Order(),
            result.Items.Take(3).Select(static i => i.Id).Order());
        Assert.All(result.Items, static i => Assert.StartsWith("popular in ", i.Reason, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("count=0", "count")]
    [InlineData("count=100000", "count")]
    [InlineData("minPrice=50&maxPrice=10", "maxPrice")]
    [InlineData("minPrice=-1", "minPrice")]
    [InlineData("newDays=0", "newDays")]
    [InlineData("newDays=5000", "newDays")]
    public async Task Bad_query_values_name_the_parameter(string query, string field)
    {
        var response = await _client.GetAsync($"/v1/recommendations/users/alice?{query}");
        await Problems.AssertFieldErrorAsync(response, field, "");
    }

    [Fact]
    public async Task Similar_items_come_from_the_same_category_and_unknown_items_are_404()
    {
        var response = await _client.GetFromJsonAsync<SimilarItemsResponse>("/v1/recommendations/items/books-1/similar?count=4");
        Assert.NotNull(response);
        Assert.Equal(4, response.Items.Count);
        Assert.All(response.Items, static i => Assert.Equal("Books", i.Category));
        Assert.DoesNotContain(response.Items, static i => i.Id == "books-1");
        Assert.Contains(response.Items, static i => i.Reason == "often viewed together with Books item 1");
        await Problems.AssertProblemAsync(await _client.GetAsync("/v1/recommendations/items/nope/similar"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Popular_can_be_narrowed_to_a_category()
    {
        var all = await _client.GetFromJsonAsync<ItemListResponse>("/v1/recommendations/popular?count=3");
        Assert.Equal(3, all!.Items.Count);
        Assert.All(all.Items, static i => Assert.EndsWith("-0", i.Id, StringComparison.Ordinal));
        var kitchen = await _client.GetFromJsonAsync<ItemListResponse>("/v1/recommendations/popular?count=10&category=Kitchen");
        Assert.Equal("kitchen-0", kitchen!.Items[0].Id);
        Assert.All(kitchen.Items, static i => Assert.Equal("popular in Kitchen", i.Reason));
    }
}
