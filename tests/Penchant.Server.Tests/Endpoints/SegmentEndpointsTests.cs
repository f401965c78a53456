using System.Net;
using System.Net.Http.Json;
using Penchant.Server.Contracts;

namespace Penchant.Server.Tests.Endpoints;

public sealed class SegmentEndpointsTests : IAsyncLifetime
{
    // Without interest clusters the segments are by leaf category.
    private readonly PenchantServerFactory _factory = new(new Dictionary<string, string?> { ["Penchant:InterestClusters"] = "0" });

    public async Task InitializeAsync()
    {
        using (var ingest = _factory.Ingest())
        {
            (await ingest.PutAsJsonAsync("/v1/users/shopper-2", new UserDto("shopper-2", Consent: new ConsentDto(Profiling: false)))).EnsureSuccessStatusCode();
        }

        await ShopFixture.SeedAsync(_factory);
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Shoppers_of_one_category_form_one_segment_and_those_who_withheld_profiling_are_in_none()
    {
        using var admin = _factory.Admin();
        var response = await admin.GetAsync("/v1/segments?k=3&members=true");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var result = (await response.Content.ReadFromJsonAsync<SegmentsResponse>())!;

        Assert.Equal("categories", result.By);
        Assert.Equal(20, result.EligibleShoppers);
        Assert.Equal(1, result.ExcludedForConsent);
        Assert.Equal(3, result.Segments.Count);
        foreach (var category in ShopFixture.Categories)
        {
            var c = Array.IndexOf(ShopFixture.Categories, category);
            var expected = Enumerable.Range(0, 21).Where(s => s % 3 == c && s != 2).Select(static s => PenchantServerFactory.Pseudonym($"shopper-{s}")).ToHashSet();
            var segment = Assert.Single(result.Segments, s => s.Label == category);
            Assert.Equal(expected, segment.Members!.ToHashSet());
            Assert.Equal(expected.Count, segment.Size);
            Assert.Equal(1.0, segment.TopInterests[0].Share, 6);
        }

        var log = await admin.GetStringAsync("/v1/admin/audit?limit=1000");
        Assert.Contains("export.segments", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Members_are_left_out_unless_asked_for_and_bad_k_or_ingest_keys_are_refused()
    {
        using var admin = _factory.Admin();
        var result = (await admin.GetFromJsonAsync<SegmentsResponse>("/v1/segments?k=2"))!;
        Assert.Equal(2, result.Segments.Count);
        Assert.All(result.Segments, static s => Assert.Null(s.Members));
        Assert.Equal(20, result.Segments.Sum(static s => s.Size));
        await Problems.AssertFieldErrorAsync(await admin.GetAsync("/v1/segments?k=0"), "k", "between 1 and 100");
        using var ingest = _factory.Ingest();
        Assert.Equal(HttpStatusCode.Forbidden, (await ingest.GetAsync("/v1/segments")).StatusCode);
    }

    [Fact]
    public async Task Segment_sizes_leave_with_differential_privacy_and_spend_the_keys_budget()
    {
        await using var factory = new PenchantServerFactory(new Dictionary<string, string?>
        {
            ["Penchant:InterestClusters"] = "0",
            ["Penchant:Privacy:ExportEpsilonLimit"] = "1e9",
            ["Penchant:Privacy:MinimumGroupSize"] = "1",
        });
        await ShopFixture.SeedAsync(factory);
        using var ingest = factory.Ingest();

        // At a huge epsilon the noise is negligible: the sizes are the segments' (7 shoppers per category).
        var exact = (await ingest.GetFromJsonAsync<PrivateHistogramResponse>("/v1/exports/segments?k=3&epsilon=1e6"))!;
        Assert.Equal(ShopFixture.Categories.Order(), exact.Counts.Keys.Order());
        Assert.All(exact.Counts.Values, static c => Assert.Equal(7, c));
        Assert.Equal(1e6, exact.Epsilon, 3);

        // At a small one the budget shrinks by what was asked.
        var noisy = (await ingest.GetFromJsonAsync<PrivateHistogramResponse>("/v1/exports/segments?k=3&epsilon=0.5"))!;
        Assert.Equal(0.5, noisy.Epsilon, 9);
        Assert.True(noisy.RemainingEpsilon < exact.RemainingEpsilon);
        await Problems.AssertFieldErrorAsync(await ingest.GetAsync("/v1/exports/segments?k=0"), "k", "between 1 and 100");

        using var admin = factory.Admin();
        Assert.Contains("export.segments-private", await admin.GetStringAsync("/v1/admin/audit?limit=1000"), StringComparison.Ordinal);
    }
}
