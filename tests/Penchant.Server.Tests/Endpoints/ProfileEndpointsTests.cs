using System.Net.Http.Json;
using Penchant.Server.Contracts;

namespace Penchant.Server.Tests.Endpoints;

public sealed class ProfileEndpointsTests : IAsyncLifetime
{
    private readonly PenchantServerFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Profile_weights_categories_and_brands_by_evidence_and_recency()
    {
        using var client = _factory.Ingest();
        await client.PostAsJsonAsync("/v1/items", new ItemBatchDto(
        [
            new ItemDto("s1", "Shoe", Categories: ["Sports", "Shoes"], Brand: "Acme"),
            new ItemDto("b1", "Book", Categories: ["Media", "Books"], Brand: "Globex"),
            new ItemDto("b2", "Old book", Categories: ["Media", "Books"], Brand: "Globex"),
        ]));
        var now = DateTimeOffset.UtcNow;
        await client.PostAsJsonAsync("/v1/events/batch", new EventBatchDto(
        [
            new EventDto("1", "pat", "s1", "purchase", now.AddMinutes(-5)),
            new EventDto("2", "pat", "b1", "view", now.AddMinutes(-1)),
            new EventDto("3", "pat", "b2", "purchase", now.AddDays(-720)),
        ]));

        var profile = await client.GetFromJsonAsync<InterestProfileDto>("/v1/profiles/pat");
        Assert.NotNull(profile);
        Assert.Equal(3, profile.EventCount);
        // A recent purchase (5) outweighs a view (1) plus a two-year-old purchase (5 x 2^-8).
        Assert.Equal("Sports > Shoes", profile.Categories[0].Name);
        var shoes = profile.Categories.Single(static c => c.Name == "Sports > Shoes").Weight;
        var books = profile.Categories.Single(static c => c.Name == "Media > Books").Weight;
        Assert.True(shoes > 3 * books, $"shoes {shoes} books {books}");
        Assert.Equal(1.0, profile.Brands.Sum(static b => b.Weight), 3);
        Assert.Equal("Acme", profile.Brands[0].Name);

        // Every interest carries its evidence: the shoe category was built by purchase "1".
        var shoeInterest = profile.LongTerm!.First(static i => i is { Kind: "category", Name: "Sports > Shoes" });
        Assert.Equal(1, shoeInterest.Evidence.Counts["purchase"]);
        Assert.Contains("1", shoeInterest.Evidence.RecentEventIds);
        Assert.Contains("1 purchase", shoeInterest.Summary);
        // Right now, the books interest is the view of a minute ago, not the purchase of two years ago.
        var recentBooks = profile.ShortTerm!.Single(static i => i is { Kind: "category", Name: "Media > Books" });
        Assert.StartsWith("Media > Books: latest a view today, a purchase 720 days ago", recentBooks.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_negative_review_turns_the_brand_into_an_aversion_and_updates_at_once()
    {
        using var client = _factory.Ingest();
        await client.PutAsJsonAsync("/v1/items/k1", new ItemDto("k1", "Kettle", Categories: ["Kitchen", "Kettles"], Brand: "Boilco"));
        var now = DateTimeOffset.UtcNow;
        await client.PostAsJsonAsync("/v1/events", new EventDto("k-1", "kim", "k1", "purchase", now.AddMinutes(-10)));
        var before = await client.GetFromJsonAsync<InterestProfileDto>("/v1/profiles/kim");
        Assert.Contains(before!.LongTerm!, static i => i is { Kind: "brand", Name: "Boilco" } && i.Score > 0);

        await client.PostAsJsonAsync("/v1/events", new EventDto("k-2", "kim", "k1", "review", now, Value: 1, Text: "Terrible kettle, it broke after a week. Very disappointed."));
        await client.PostAsJsonAsync("/v1/events", new EventDto("k-3", "kim", "k1", "dislike", now));
        var after = await client.GetFromJsonAsync<InterestProfileDto>("/v1/profiles/kim");
        var brand = after!.Aversions!.Single(static i => i is { Kind: "brand", Name: "Boilco" });
        Assert.True(brand.Score < 0);
        Assert.Contains(brand.Evidence.Reviews, static r => r.EventId == "k-2" && r.Opinion < 0);
    }

    [Fact]
    public async Task Unknown_shopper_and_withheld_consent_give_an_empty_profile()
    {
        using var client = _factory.Ingest();
        var unknown = await client.GetFromJsonAsync<InterestProfileDto>("/v1/profiles/ghost");
        Assert.Empty(unknown!.Categories);

        await client.PutAsJsonAsync("/v1/items/s1", new ItemDto("s1", "Shoe", Categories: ["Shoes"]));
        await client.PutAsJsonAsync("/v1/users/quiet", new UserDto("quiet", Consent: new ConsentDto(Profiling: false)));
        await client.PostAsJsonAsync("/v1/events", new EventDto("q1", "quiet", "s1", "purchase"));
        var quiet = await client.GetFromJsonAsync<InterestProfileDto>("/v1/profiles/quiet");
        Assert.Empty(quiet!.Categories);

        await client.PutAsJsonAsync("/v1/users/quiet", new UserDto("quiet", Consent: new ConsentDto(Profiling: true)));
        var open = await client.GetFromJsonAsync<InterestProfileDto>("/v1/profiles/quiet");
        Assert.Equal("Shoes", Assert.Single(open!.Categories).Name);
    }
}
