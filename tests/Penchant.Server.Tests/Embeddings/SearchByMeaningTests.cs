using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Penchant.Server.Contracts;

namespace Penchant.Server.Tests.Embeddings;

/// <summary>
/// Search with <c>Penchant:Embeddings</c> set, against the fake endpoint whose vectors are letter counts: "silent" has
/// no word in common with an item named "Tinsel", but the same letters, so it is the closest in meaning.
/// </summary>
public sealed class SearchByMeaningTests : IAsyncLifetime
{
    private FakeEmbeddingsEndpoint _endpoint = null!;

    public async Task InitializeAsync() => _endpoint = await FakeEmbeddingsEndpoint.StartAsync();

    public async Task DisposeAsync() => await _endpoint.DisposeAsync();

    [Fact]
    public async Task An_item_close_in_meaning_is_found_without_a_word_in_common_and_the_words_alone_serve_when_the_endpoint_fails()
    {
        await using var factory = new PenchantServerFactory(new Dictionary<string, string?> { ["Penchant:Embeddings:Endpoint"] = _endpoint.BaseUrl });
        using (var client = factory.Ingest())
        {
            (await client.PutAsJsonAsync("/v1/items/tinsel", new ItemDto("tinsel", "Tinsel"))).EnsureSuccessStatusCode();
        }

        await ShopFixture.SeedAsync(factory);
        using var ingest = factory.Ingest();
        var result = (await ingest.GetFromJsonAsync<SearchResponse>("/v1/search?q=silent&count=3"))!;
        Assert.Equal(["silent"], result.Unknown);
        Assert.Equal(0, result.Total);
        Assert.StartsWith("text-embedding-3-small at http://127.0.0.1:", result.Meaning, StringComparison.Ordinal);
        var first = result.Items[0];
        Assert.Equal(("tinsel", "close in meaning to \"silent\""), (first.Id, first.Reason));
        Assert.Contains(_endpoint.Requests, static r => r.Inputs is ["silent"]);

        // A word match still comes with its words; the closeness adds to it.
        var shoes = (await ingest.GetFromJsonAsync<SearchResponse>("/v1/search?q=shoes&count=5"))!;
        Assert.All(shoes.Items, static i => Assert.StartsWith("matches \"shoes\"", i.Reason, StringComparison.Ordinal));

        // A failing endpoint: the search goes on by its words, and says the meaning took no part.
        _endpoint.Failure = (500, "{\"error\":\"down\"}");
        var fallback = (await ingest.GetFromJsonAsync<SearchResponse>("/v1/search?q=silent%20shoes&count=3"))!;
        Assert.Null(fallback.Meaning);
        Assert.Equal(5, fallback.Total);
        Assert.DoesNotContain(fallback.Items, static i => i.Id == "tinsel");
    }

    [Fact]
    public async Task A_restarted_server_searches_by_meaning_from_the_saved_snapshot_before_training()
    {
        var directory = Path.Combine(Path.GetTempPath(), "penchant-meaning-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Penchant:DatabasePath"] = Path.Combine(directory, "shop.db"),
                ["Penchant:Embeddings:Endpoint"] = _endpoint.BaseUrl,
            };
            await using (var first = new PenchantServerFactory(settings))
            {
                using var client = first.Ingest();
                (await client.PutAsJsonAsync("/v1/items/tinsel", new ItemDto("tinsel", "Tinsel"))).EnsureSuccessStatusCode();
                await ShopFixture.SeedAsync(first);
            }

            var sent = _endpoint.Requests.Count;
            await using var second = new PenchantServerFactory(settings);
            var serving = second.Services.GetRequiredService<Penchant.Server.Services.ServingModel>();
            await Eventually.HoldsAsync(() => serving.IsReady);
            Assert.NotNull(serving.Current.RestoredFrom);
            Assert.NotNull(serving.Current.TextVectors);
            using var ingest = second.Ingest();
            var result = (await ingest.GetFromJsonAsync<SearchResponse>("/v1/search?q=silent&count=1"))!;
            Assert.NotNull(result.Meaning);
            Assert.Equal("tinsel", Assert.Single(result.Items).Id);
            Assert.Equal(sent + 1, _endpoint.Requests.Count); // the query alone: the items' vectors came from the file
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
