using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Penchant.Server.Contracts;
using Penchant.Server.Tests.Privacy;

namespace Penchant.Server.Tests.Endpoints;

/// <summary>Search synonyms over the small shop ("Shoes item 0" to "Kitchen item 4", categories Shoes, Books and Kitchen).</summary>
public sealed class SynonymsEndpointsTests : MerchandisingTestBase
{
    private static SynonymSetRequest Set(params string?[] words) => new(words);

    private static async Task<SearchResponse> SearchAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync($"/v1/search?{query}");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SearchResponse>())!;
    }

    private Task<SearchResponse> SearchAsync(string query) => SearchAsync(Client, query);

    [Fact]
    public async Task A_set_is_created_read_replaced_and_deleted_by_an_admin_only_and_audited()
    {
        var created = await Admin.PutAsJsonAsync("/v1/admin/synonyms/footwear", Set(" sneakers ", "shoes", "running   trainers"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/v1/admin/synonyms/footwear", created.Headers.Location?.OriginalString);
        var dto = (await created.Content.ReadFromJsonAsync<SynonymSetDto>())!;
        Assert.Equal(("footwear", false), (dto.Id, dto.OneWay));
        Assert.Equal(["sneakers", "shoes", "running trainers"], dto.Words);

        var replaced = await Admin.PutAsJsonAsync("/v1/admin/synonyms/footwear", new SynonymSetRequest(["footwear", "shoes"], OneWay: true));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var list = (await Admin.GetFromJsonAsync<SynonymsResponse>("/v1/admin/synonyms"))!;
        var only = Assert.Single(list.Synonyms);
        Assert.Equal(["footwear", "shoes"], only.Words);
        Assert.Equal((true, 1000), (only.OneWay, list.Max));
        Assert.True((await Admin.GetFromJsonAsync<SynonymSetDto>("/v1/admin/synonyms/footwear"))!.OneWay);

        Assert.Equal(HttpStatusCode.Forbidden, (await Client.PutAsJsonAsync("/v1/admin/synonyms/other", Set("a1", "b2"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client.GetAsync("/v1/admin/synonyms")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync("/v1/admin/synonyms/footwear")).StatusCode);
        await Problems.AssertProblemAsync(await Admin.DeleteAsync("/v1/admin/synonyms/footwear"), HttpStatusCode.NotFound);
        await Problems.AssertProblemAsync(await Admin.GetAsync("/v1/admin/synonyms/footwear"), HttpStatusCode.NotFound);

        var audit = (await Admin.GetFromJsonAsync<AuditPage>("/v1/admin/audit"))!.Entries.Where(static e => e.Action.StartsWith("synonyms.", StringComparison.Ordinal)).ToList();
        Assert.Equal(["synonyms.save", "synonyms.save", "synonyms.delete"], audit.Select(static e => e.Action));
        Assert.All(audit, static e => Assert.Equal(("test-admin", "footwear"), (e.Actor, e.Target)));
        Assert.Equal(("created", """["sneakers","shoes","running trainers"]""", "false"), (audit[0].Details["outcome"], audit[0].Details["words"], audit[0].Details["oneWay"]));
        Assert.Equal(("replaced", "true"), (audit[1].Details["outcome"], audit[1].Details["oneWay"]));
    }

    [Fact]
    public async Task A_search_by_a_synonym_finds_the_items_with_the_other_word_and_each_reason_names_the_word_it_has()
    {
        var before = await SearchAsync("q=sneakers");
        Assert.Empty(before.Items);
        Assert.Null(before.Synonyms);

        (await Admin.PutAsJsonAsync("/v1/admin/synonyms/footwear", Set("sneakers", "shoes"))).EnsureSuccessStatusCode();
        var found = await SearchAsync("q=sneakers&count=10");
        Assert.Equal(Enumerable.Range(0, 5).Select(static i => $"shoes-{i}"), found.Items.Select(static i => i.Id).Order());
        Assert.All(found.Items, static i => Assert.Equal("matches \"shoes\" (for \"sneakers\")", i.Reason));
        Assert.Equal(["sneakers"], found.Words);
        Assert.Empty(found.Unknown);
        Assert.Equal(5, found.Total);
        var expanded = Assert.Single(found.Synonyms!);
        Assert.Equal(("sneakers", "sneakers|shoes"), (expanded.Typed, string.Join('|', expanded.Searched)));

        // Words beside the synonym keep their part; the answer says what was read through the sets, and leaves it out when nothing was.
        var three = await SearchAsync("q=sneakers%203&count=10");
        Assert.Equal("shoes-3", three.Items[0].Id);
        Assert.Equal("matches \"shoes\" (for \"sneakers\"), \"3\"", three.Items[0].Reason);
        var json = await Client.GetStringAsync("/v1/search?q=sneakers");
        Assert.Contains("\"synonyms\":[{\"typed\":\"sneakers\",\"searched\":[\"sneakers\",\"shoes\"]}]", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"synonyms\"", await Client.GetStringAsync("/v1/search?q=books"), StringComparison.Ordinal);

        // The other way too (a two-way set): "shoes" reads as "sneakers" or "shoes", and the items say "shoes".
        var shoes = await SearchAsync("q=shoes");
        Assert.Equal(5, shoes.Total);
        Assert.All(shoes.Items, static i => Assert.Equal("matches \"shoes\"", i.Reason));

        // An item added since training is found by a synonym as well, through its own small index.
        (await Client.PutAsJsonAsync("/v1/items/new-trainer", new ItemDto("new-trainer", "Trail trainer", Categories: ["Shop", "Outdoor"], Brand: "Acme"))).EnsureSuccessStatusCode();
        (await Admin.PutAsJsonAsync("/v1/admin/synonyms/footwear", Set("sneakers", "shoes", "trainer"))).EnsureSuccessStatusCode();
        var fresh = (await SearchAsync("q=sneakers&count=10")).Items.Single(static i => i.Id == "new-trainer");
        Assert.Equal("matches \"trainer\" (for \"sneakers\") · new since the last training run", fresh.Reason);

        // Deleted: the word is itself again.
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync("/v1/admin/synonyms/footwear")).StatusCode);
        var after = await SearchAsync("q=sneakers");
        Assert.Empty(after.Items);
        Assert.Equal(["sneakers"], after.Unknown);
        Assert.Null(after.Synonyms);
    }

    [Fact]
    public async Task An_entry_is_read_as_search_reads_it_so_a_word_that_tells_products_apart_is_one()
    {
        // "down" is a stop word elsewhere, but search reads it ("down jacket"), so a set may name it.
        (await Client.PutAsJsonAsync("/v1/items/quilt-1", new ItemDto("quilt-1", "Down quilt", Categories: ["Shop", "Bedding"], Brand: "Acme"))).EnsureSuccessStatusCode();
        var stored = await Admin.PutAsJsonAsync("/v1/admin/synonyms/filling", Set("feather", "down"));
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);

        var found = await SearchAsync("q=feather");
        Assert.Equal("quilt-1", Assert.Single(found.Items).Id);
        Assert.StartsWith("matches \"down\" (for \"feather\")", found.Items[0].Reason, StringComparison.Ordinal);
        Assert.Equal("feather", Assert.Single(found.Synonyms!).Typed); // only the items added since training have the words
    }

    [Fact]
    public async Task A_one_way_set_finds_the_others_for_its_first_word_only()
    {
        (await Admin.PutAsJsonAsync("/v1/admin/synonyms/kitchen-reading", new SynonymSetRequest(["kitchen", "books"], OneWay: true))).EnsureSuccessStatusCode();
        var kitchen = await SearchAsync("q=kitchen&count=15");
        Assert.Equal(10, kitchen.Total);
        Assert.Equal(["Books", "Kitchen"], kitchen.Items.Select(static i => i.Category).Distinct().Order());
        Assert.Contains(kitchen.Items, static i => i.Reason == "matches \"books\" (for \"kitchen\")");
        Assert.Contains(kitchen.Items, static i => i.Reason == "matches \"kitchen\"");

        var books = await SearchAsync("q=books&count=15");
        Assert.Equal(5, books.Total);
        Assert.All(books.Items, static i => Assert.Equal("Books", i.Category));
        Assert.Null(books.Synonyms);
    }

    [Fact]
    public async Task Completions_offer_a_synonym_entry_the_catalogue_lacks_only_where_a_search_for_it_finds_something()
    {
        static async Task<IReadOnlyList<SearchSuggestionDto>> SuggestAsync(HttpClient client, string typed) =>
            (await client.GetFromJsonAsync<SearchSuggestionsResponse>($"/v1/search/suggest?q={Uri.EscapeDataString(typed)}"))!.Suggestions;

        Assert.Empty(await SuggestAsync(Client, "sne"));
        (await Admin.PutAsJsonAsync("/v1/admin/synonyms/footwear", new SynonymSetRequest(["Sneakers", "shoes", "trainers"], OneWay: true))).EnsureSuccessStatusCode();

        // "sneakers" finds the five shoes through the set; "trainers" is not an entry that expands, so it finds nothing.
        Assert.Equal([new SearchSuggestionDto("sneakers", 5)], await SuggestAsync(Client, "SNE"));
        Assert.Empty(await SuggestAsync(Client, "trai"));
        Assert.Empty(await SuggestAsync(Client, "shop sne")); // only a lone word: after others the count would be the words' together
        Assert.Empty(await SuggestAsync(Client, "sne "));

        // Ranked with the catalogue's words by how many items each finds: "shelf" (15 through "shop") before "shoes" (5).
        (await Admin.PutAsJsonAsync("/v1/admin/synonyms/store", Set("shelf", "shop"))).EnsureSuccessStatusCode();
        Assert.Equal(["shelf", "shop", "shoes"], (await SuggestAsync(Client, "sh")).Select(static s => s.Text));
    }

    [Theory]
    [InlineData("bad id", """{"words":["sneakers","shoes"]}""", "id", "letters, digits")]
    [InlineData("s", """{"oneWay":true}""", "words", "2 to 20 words or phrases, not 0")]
    [InlineData("s", """{"words":["sneakers"]}""", "words", "not 1")]
    [InlineData("s", """{"words":["sneakers","shoes"," "]}""", "words[2]", "words[2] must be a word or phrase, not empty")]
    [InlineData("s", """{"words":["sneakers","the"]}""", "words[1]", "has no word the search reads")]
    [InlineData("s", """{"words":["shoes","shoe"]}""", "words", "at least two different")]
    [InlineData("s", """{"words":["sneakers",1]}""", "words[1]", "words[1] must be a string")]
    [InlineData("s", """{"words":["sneakers",null]}""", "words[1]", "must be a word or phrase")]
    [InlineData("s", """{"words":"sneakers"}""", "words", "words must be a list")]
    [InlineData("s", """{"words":["sneakers","shoes"],"oneWay":"yes"}""", "oneWay", "oneWay must be true or false")]
    public async Task A_bad_set_is_refused_naming_the_field_and_nothing_is_stored(string id, string body, string field, string fragment)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/admin/synonyms/{Uri.EscapeDataString(id)}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        await Problems.AssertFieldErrorAsync(await Admin.SendAsync(request), field, fragment);
        Assert.Empty((await Admin.GetFromJsonAsync<SynonymsResponse>("/v1/admin/synonyms"))!.Synonyms);
    }

    [Fact]
    public async Task Too_long_and_too_many_words_are_refused_naming_the_field()
    {
        await Problems.AssertFieldErrorAsync(await Admin.PutAsJsonAsync("/v1/admin/synonyms/s", Set("sneakers", new string('x', 101))), "words[1]", "at most 100 characters, not 101");
        await Problems.AssertFieldErrorAsync(await Admin.PutAsJsonAsync("/v1/admin/synonyms/s", Set([.. Enumerable.Range(0, 21).Select(static i => $"word{i}")])), "words", "not 21");
        Assert.Equal(HttpStatusCode.Created, (await Admin.PutAsJsonAsync("/v1/admin/synonyms/s", Set([.. Enumerable.Range(0, 20).Select(static i => $"word{i}")]))).StatusCode);
    }

    [Fact]
    public async Task A_search_that_found_nothing_leaves_the_exports_null_searches_once_a_set_reads_it_as_words_the_catalogue_has()
    {
        // A budget wide enough for almost no noise, so that twelve shoppers clear k (10) for certain.
        await using var factory = new PenchantServerFactory(new Dictionary<string, string?> { ["Penchant:Privacy:ExportEpsilonLimit"] = "5000" });
        await ShopFixture.SeedAsync(factory);
        using var client = factory.Ingest();
        using var admin = factory.Admin();
        var events = Enumerable.Range(0, 12).Select(static s => new EventDto($"sq-{s}", $"searcher-{s}", null, "search", DateTimeOffset.UtcNow, Text: "sneakers"));
        (await client.PostAsJsonAsync("/v1/events/batch", new EventBatchDto([.. events]))).EnsureSuccessStatusCode();
        Assert.Equal(new SearchQueryCountDto("sneakers", 12, 0), Assert.Single((await client.GetFromJsonAsync<SearchQueriesResponse>("/v1/exports/searches?epsilon=1000&noResults=true"))!.Queries));

        (await admin.PutAsJsonAsync("/v1/admin/synonyms/footwear", Set("sneakers", "shoes"))).EnsureSuccessStatusCode();
        Assert.Empty((await client.GetFromJsonAsync<SearchQueriesResponse>("/v1/exports/searches?epsilon=1000&noResults=true"))!.Queries);
        Assert.Equal(new SearchQueryCountDto("sneakers", 12, 5), Assert.Single((await client.GetFromJsonAsync<SearchQueriesResponse>("/v1/exports/searches?epsilon=1000"))!.Queries));
    }

    [Fact]
    public async Task A_set_written_through_one_server_applies_on_another_over_the_same_store_at_its_next_look()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var other = new PenchantServerFactory(new Dictionary<string, string?> { ["Penchant:DatabasePath"] = Factory.DatabasePath });
        await using var watched = other.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        using var client = watched.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", PenchantServerFactory.IngestKey);
        await watched.Services.GetRequiredService<Penchant.Server.Services.TrainingService>().RequestAsync();
        Assert.Empty((await SearchAsync(client, "q=sneakers")).Items);

        (await Admin.PutAsJsonAsync("/v1/admin/synonyms/footwear", Set("sneakers", "shoes"))).EnsureSuccessStatusCode();
        Assert.Empty((await SearchAsync(client, "q=sneakers")).Items);
        clock.Fire(TimeSpan.FromSeconds(5));
        await Eventually.HoldsAsync(async () => (await SearchAsync(client, "q=sneakers")).Items.Count == 5);

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync("/v1/admin/synonyms/footwear")).StatusCode);
        clock.Fire(TimeSpan.FromSeconds(5));
        await Eventually.HoldsAsync(async () => (await SearchAsync(client, "q=sneakers")).Items.Count == 0);
    }
}
