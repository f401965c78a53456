using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Penchant.Server.Contracts;
using Penchant.Server.Services;

namespace Penchant.Server.Tests.Services;

/// <summary>
/// Pages of a recommendation feed (<c>after=</c> a slate id) over the three-category shop: each page leaves out what
/// the feed has shown, its slate id continues the feed, and the feed survives a restart through the impression log.
/// </summary>
public sealed class FeedPagesTests : IAsyncLifetime
{
    private readonly PenchantServerFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        await ShopFixture.SeedAsync(_factory);
        _client = _factory.Ingest();
        (await _client.PostAsJsonAsync("/v1/events/batch", new EventBatchDto([new EventDto("a1", "alice", "shoes-1", "view"), new EventDto("a2", "alice", "books-2", "view")])))
            .EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    private static async Task<RecommendationsResponse> GetAsync(HttpClient client, string query, string user = "alice")
    {
        var response = await client.GetAsync($"/v1/recommendations/users/{user}?{query}");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<RecommendationsResponse>())!;
    }

    private static async Task<string> RefusedAsync(HttpClient client, string query, string user = "alice")
    {
        var response = await client.GetAsync($"/v1/recommendations/users/{user}?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static string[] Ids(RecommendationsResponse response) => [.. response.Items.Select(static i => i.Id)];

    [Fact]
    public async Task Each_page_continues_the_ranking_without_repeating_anything_the_feed_has_shown()
    {
        var whole = Ids(await GetAsync(_client, "count=15"));
        Assert.Equal(15, whole.Length);

        var first = await GetAsync(_client, "count=4");
        var second = await GetAsync(_client, $"count=4&after={first.SlateId}");
        var third = await GetAsync(_client, $"count=4&after={second.SlateId}");

        // Exploration is off here, so the pages are the one ranking cut in three.
        string[] paged = [.. Ids(first), .. Ids(second), .. Ids(third)];
        Assert.Equal(whole[..12], paged);
        Assert.StartsWith(first.SlateId + ".", second.SlateId, StringComparison.Ordinal);
        Assert.StartsWith(first.SlateId + ".", third.SlateId, StringComparison.Ordinal);
        Assert.Equal(first.SlateId, FeedPages.FeedOf(third.SlateId));

        // Going back to an earlier page still leaves out everything the feed has shown since.
        var again = await GetAsync(_client, $"count=3&after={first.SlateId}");
        Assert.Equal(whole[12..15], Ids(again));
        Assert.Empty(Ids(again).Intersect(whole[..12]));

        // A page's own filters still apply.
        var acme = await GetAsync(_client, $"count=5&brand=Acme&after={third.SlateId}");
        Assert.All(acme.Items, i => Assert.True(i.Brand == "Acme" && !whole[..12].Contains(i.Id), i.Id));
    }

    [Fact]
    public async Task After_must_name_a_page_served_to_this_shopper()
    {
        var alices = await GetAsync(_client, "count=3");
        Assert.Contains("after must be the slateId", await RefusedAsync(_client, "after=page-2"), StringComparison.Ordinal);
        Assert.Contains("\"after\"", await RefusedAsync(_client, $"after={alices.SlateId}.zz"), StringComparison.Ordinal);
        Assert.Contains("no slate 'sl_00000000000000000000' was served to this shopper", await RefusedAsync(_client, "after=sl_00000000000000000000"), StringComparison.Ordinal);

        // Bob cannot continue, and so learn anything from, alice's feed.
        Assert.Contains($"no slate '{alices.SlateId}' was served to this shopper", await RefusedAsync(_client, $"after={alices.SlateId}", "bob"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_feed_continues_on_another_server_from_the_impression_log_and_not_past_its_window()
    {
        var first = await GetAsync(_client, "count=5");
        await _factory.Services.GetRequiredService<ImpressionWriter>().FlushAsync();

        // A second server over the same store (as after a restart): nothing in its memory, the page only in the log.
        await using var other = new PenchantServerFactory(new Dictionary<string, string?> { ["Penchant:DatabasePath"] = _factory.DatabasePath, ["Penchant:FeedWindow"] = "00:10:00" });
        await other.TrainAsync();
        using var client = other.Ingest();
        Assert.Equal(0, other.Services.GetRequiredService<FeedPages>().Count);
        var second = await GetAsync(client, $"count=5&after={first.SlateId}");
        Assert.Equal(5, second.Items.Count);
        Assert.Empty(Ids(second).Intersect(Ids(first)));
        Assert.Equal(first.SlateId, FeedPages.FeedOf(second.SlateId));

        // Eleven minutes on, the page lies outside the ten-minute window and is no longer found.
        await using var later = other.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(new Privacy.ManualTimeProvider(DateTimeOffset.UtcNow.AddMinutes(11)))));
        using var lateClient = later.CreateClient();
        lateClient.DefaultRequestHeaders.Add("X-Api-Key", PenchantServerFactory.IngestKey);
        Assert.Contains("in the last 00:10:00", await RefusedAsync(lateClient, $"count=5&after={first.SlateId}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erasure_forgets_the_shoppers_feeds()
    {
        var first = await GetAsync(_client, "count=3");
        var pages = _factory.Services.GetRequiredService<FeedPages>();
        Assert.Equal(1, pages.Count);
        using var admin = _factory.Admin();
        (await admin.DeleteAsync("/v1/users/alice")).EnsureSuccessStatusCode();
        Assert.Equal(0, pages.Count);
        Assert.Contains("no slate", await RefusedAsync(_client, $"after={first.SlateId}"), StringComparison.Ordinal);
    }

    [Fact]
    public void Slate_ids_name_their_feed_and_anything_else_names_none()
    {
        var feed = FeedPages.NewSlateId(null);
        var page = FeedPages.NewSlateId(feed);
        Assert.Matches("^sl_[0-9a-f]{20}$", feed);
        Assert.Matches("^sl_[0-9a-f]{20}\\.[0-9a-f]{8}$", page);
        Assert.Equal(feed, FeedPages.FeedOf(feed));
        Assert.Equal(feed, FeedPages.FeedOf(page));
        foreach (var bad in new[] { null, "", "sl_", "sl_0000000000000000000", "sl_0000000000000000000G", "SL_00000000000000000000", feed + ".", feed + ".1234567", feed + ".12345678.12345678", "x" + feed })
        {
            Assert.Null(FeedPages.FeedOf(bad));
        }
    }
}
