using System.Net.Http.Json;
using Penchant.Server.Contracts;
using Penchant.Storage.Sqlite;

namespace Penchant.Server.Tests.Privacy;

/// <summary>Ingest stores pseudonyms, drops fields off the allow-list (and says so), masks personal data in text.</summary>
public sealed class IngestPrivacyTests : IAsyncLifetime
{
    private readonly PenchantServerFactory _factory = new(new Dictionary<string, string?>
    {
        ["Penchant:Privacy:AllowedUserAttributes:0"] = "region",
        ["Penchant:Privacy:AllowedEventFields:0"] = "text",
        ["Penchant:Privacy:AllowedEventFields:1"] = "value",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task User_attributes_off_the_allow_list_are_dropped_and_counted()
    {
        using var client = _factory.Ingest();
        var put = await client.PutAsJsonAsync("/v1/users/ann", new UserDto(null, new Dictionary<string, string>
        {
            ["region"] = "EU",
            ["email"] = "ann@example.com",
            ["birthday"] = "1990-01-01",
        }));
        var result = await put.Content.ReadFromJsonAsync<UpsertResult>();
        Assert.Equal(1, result!.Written);
        Assert.Equal(new Dictionary<string, int> { ["attributes.birthday"] = 1, ["attributes.email"] = 1 }, result.Dropped);

        var user = await client.GetFromJsonAsync<UserDto>("/v1/users/ann");
        Assert.Equal("ann", user!.Id);
        Assert.Equal(new Dictionary<string, string> { ["region"] = "EU" }, user.Attributes);

        await using var store = await SqliteStore.OpenAsync(_factory.DatabasePath);
        Assert.Null(await store.GetUserAsync("ann"));
        Assert.NotNull(await store.GetUserAsync(PenchantServerFactory.Pseudonym("ann")));
    }

    [Fact]
    public async Task Events_lose_fields_off_the_allow_list_and_review_text_is_masked_before_storage()
    {
        using var client = _factory.Ingest();
        var batch = new EventBatchDto(
        [
            new EventDto("r1", "bo", "i1", "review", Text: "Great! Mail me at bo.smith@example.com or call +44 20 7946 0958", SessionId: "s-1"),
            new EventDto("v1", "bo", "i1", "view", Text: "stray text", SessionId: "s-1"),
            new EventDto("p1", "bo", "i1", "purchase", Value: 2, Price: 9.50m),
        ]);
        var response = await client.PostAsJsonAsync("/v1/events/batch", batch);
        var result = await response.Content.ReadFromJsonAsync<IngestResult>();
        Assert.Equal(3, result!.Accepted);
        Assert.Equal(new Dictionary<string, int> { ["session_id"] = 2, ["text"] = 1, ["price"] = 1 }, result.Dropped);
        Assert.Equal(new Dictionary<string, int> { ["email"] = 1, ["phone"] = 1 }, result.Masked);

        await using var store = await SqliteStore.OpenAsync(_factory.DatabasePath);
        var events = await store.GetUserEventsAsync(PenchantServerFactory.Pseudonym("bo"), 10);
        var review = Assert.Single(events, static e => e.EventId == "r1");
        Assert.Equal("Great! Mail me at [email] or call [phone]", review.Text);
        Assert.All(events, static e => Assert.Null(e.SessionId));
        Assert.Null(Assert.Single(events, static e => e.EventId == "v1").Text);
        Assert.Equal((2.0, (decimal?)null), Assert.Single(events, static e => e.EventId == "p1") is var p ? (p.Value!.Value, p.Price) : default);
    }

    [Fact]
    public async Task Every_path_that_takes_a_user_id_finds_the_shopper_under_the_same_pseudonym()
    {
        using var client = _factory.Ingest();
        await ShopFixture.SeedAsync(_factory);
        var recommendations = await client.GetFromJsonAsync<RecommendationsResponse>("/v1/recommendations/users/shopper-1?count=3");
        Assert.Equal("shopper-1", recommendations!.UserId);
        Assert.True(recommendations.Personalized);
        var profile = await client.GetFromJsonAsync<InterestProfileDto>("/v1/profiles/shopper-1");
        Assert.Equal("shopper-1", profile!.UserId);
        Assert.Equal(3, profile.EventCount);
    }
}
