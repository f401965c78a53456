using System.Net.Http.Json;
using Penchant.Server.Contracts;

namespace Penchant.Server.Tests.Privacy;

/// <summary>An opted-out shopper is served exactly like an anonymous visitor and is left out of aggregates.</summary>
public sealed class ConsentTests : IAsyncLifetime
{
    // ε = 10⁶ makes the noise far below ½ so the rounded counts are exact; k = 1 releases every group.
    private readonly PenchantServerFactory _factory = new(new Dictionary<string, string?>
    {
        ["Penchant:Privacy:ExportEpsilonLimit"] = "1e9",
        ["Penchant:Privacy:ExportEpsilon"] = "1e6",
        ["Penchant:Privacy:MinimumGroupSize"] = "1",
    });

    public async Task InitializeAsync() => await ShopFixture.SeedAsync(_factory);

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task An_opted_out_shopper_receives_exactly_what_an_anonymous_visitor_receives()
    {
        using var client = _factory.Ingest();
        const string Query = "?count=8&inStock=false";
        var before = await client.GetFromJsonAsync<RecommendationsResponse>("/v1/recommendations/users/shopper-4" + Query);
        Assert.True(before!.Personalized);

        (await client.PutAsJsonAsync("/v1/users/shopper-4", new UserDto("shopper-4", Consent: new ConsentDto(Personalization: false)))).EnsureSuccessStatusCode();
        var optedOut = await client.GetFromJsonAsync<RecommendationsResponse>("/v1/recommendations/users/shopper-4" + Query);
        var anonymous = await client.GetFromJsonAsync<RecommendationsResponse>("/v1/recommendations/users/somebody-never-seen" + Query);

        Assert.NotEqual(before.Items.Select(static i => i.Id), optedOut!.Items.Select(static i => i.Id));
        Assert.Equal(anonymous!.Personalized, optedOut.Personalized);
        Assert.Equal(anonymous.ModelVersion, optedOut.ModelVersion);
        Assert.Equal(anonymous.Items, optedOut.Items);
    }

    [Fact]
    public async Task A_shopper_who_withholds_profiling_is_left_out_of_audiences_and_exports()
    {
        using var client = _factory.Ingest();

        // Shoppers 1, 4, 7, ..., 19 browse Books: seven of them.
        var all = await client.GetFromJsonAsync<PrivateCountResponse>("/v1/exports/audience?category=Books");
        Assert.Equal("released", all!.Status);
        Assert.Equal(7, all.Count);
        var popularity = await client.GetFromJsonAsync<PrivateHistogramResponse>("/v1/exports/popularity");
        Assert.Equal(7, popularity!.Counts["books-0"]);

        (await client.PutAsJsonAsync("/v1/users/shopper-4", new UserDto("shopper-4", Consent: new ConsentDto(Profiling: false)))).EnsureSuccessStatusCode();
        var without = await client.GetFromJsonAsync<PrivateCountResponse>("/v1/exports/audience?category=Books");
        Assert.Equal(6, without!.Count);
        popularity = await client.GetFromJsonAsync<PrivateHistogramResponse>("/v1/exports/popularity");
        Assert.Equal(6, popularity!.Counts["books-0"]);
        var interests = await client.GetFromJsonAsync<PrivateHistogramResponse>("/v1/exports/interests");
        Assert.Equal(6, interests!.Counts["Books"]);
        Assert.Equal(7, interests.Counts["Shoes"]);
    }
}
