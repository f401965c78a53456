using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using Penchant.Server.Contracts;

namespace Penchant.Server.Tests.Endpoints;

public sealed class AudienceEndpointsTests : IAsyncLifetime
{
    private readonly PenchantServerFactory _factory = new();

    public async Task InitializeAsync()
    {
        using (var ingest = _factory.Ingest())
        {
            // Shopper 1 (a Books shopper) withholds profiling.
            (await ingest.PutAsJsonAsync("/v1/users/shopper-1", new UserDto("shopper-1", Consent: new ConsentDto(Profiling: false)))).EnsureSuccessStatusCode();
        }

        await ShopFixture.SeedAsync(_factory);
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_category_audience_is_led_by_the_shoppers_who_browse_it_and_leaves_out_those_who_withheld_profiling()
    {
        using var admin = _factory.Admin();
        var response = await admin.GetAsync("/v1/audiences?category=Books&depth=3&size=100");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var audience = (await response.Content.ReadFromJsonAsync<AudienceResponse>())!;

        // Books shoppers are those with s % 3 == 1 (1, 4, ..., 19); shopper 1 withheld consent.
        var books = new[] { 4, 7, 10, 13, 16, 19 }.Select(static s => PenchantServerFactory.Pseudonym($"shopper-{s}")).ToHashSet();
        Assert.Equal(5, audience.TargetItems);
        Assert.Equal(1, audience.ExcludedForConsent);
        Assert.Equal(books, audience.Shoppers.Take(books.Count).Select(static m => m.UserId).ToHashSet());
        Assert.All(audience.Shoppers.Take(books.Count), static m => Assert.Equal(1, m.BestRank));
        Assert.DoesNotContain(audience.Shoppers, static m => m.UserId == PenchantServerFactory.Pseudonym("shopper-1"));
        Assert.All(audience.Shoppers, static m => Assert.StartsWith($"{m.TargetItemsInTop} of the Books items in their top 3 recommendations, the best at rank {m.BestRank}", m.Reason, StringComparison.Ordinal));

        var log = await admin.GetStringAsync("/v1/admin/audit?limit=1000");
        Assert.Contains("export.audience-members", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prospects_only_leaves_out_shoppers_who_already_took_the_brand()
    {
        // Every fixture shopper viewed an Acme item; one more views only Globex shoes.
        using (var ingest = _factory.Ingest())
        {
            (await ingest.PostAsJsonAsync("/v1/events/batch", new EventBatchDto([
                new EventDto("pr-1", "prospect-1", "shoes-1", "view"), new EventDto("pr-2", "prospect-1", "shoes-3", "view")]))).EnsureSuccessStatusCode();
        }

        await _factory.TrainAsync();
        using var admin = _factory.Admin();
        var all = (await admin.GetFromJsonAsync<AudienceResponse>("/v1/audiences?brand=Acme&depth=5"))!;
        var prospects = (await admin.GetFromJsonAsync<AudienceResponse>("/v1/audiences?brand=Acme&depth=5&prospectsOnly=true"))!;
        Assert.Contains(all.Shoppers, static m => m.TookTarget);
        var prospect = Assert.Single(prospects.Shoppers);
        Assert.Equal(PenchantServerFactory.Pseudonym("prospect-1"), prospect.UserId);
        Assert.False(prospect.TookTarget);
        Assert.Equal(1, prospect.BestRank); // shoes-0, the most popular shoe, is Acme
    }

    [Fact]
    public async Task An_erased_shopper_leaves_the_audience_at_once()
    {
        using var admin = _factory.Admin();
        var before = (await admin.GetFromJsonAsync<AudienceResponse>("/v1/audiences?category=Books&depth=3"))!;
        var erased = PenchantServerFactory.Pseudonym("shopper-4");
        Assert.Contains(before.Shoppers, m => m.UserId == erased);

        (await admin.DeleteAsync("/v1/users/shopper-4")).EnsureSuccessStatusCode();
        var after = (await admin.GetFromJsonAsync<AudienceResponse>("/v1/audiences?category=Books&depth=3"))!;
        Assert.DoesNotContain(after.Shoppers, m => m.UserId == erased);
        Assert.DoesNotContain(after.Shoppers, static m => m.UserId.Contains("erased", StringComparison.Ordinal));
        Assert.Equal(before.EligibleShoppers - 1, after.EligibleShoppers);

        var current = _factory.Services.GetRequiredService<Penchant.Server.Services.ServingModel>().Current;
        Assert.False(current.Users.Contains(erased));
    }

    [Fact]
    public async Task Bad_or_unknown_targets_and_ingest_keys_are_refused()
    {
        using var admin = _factory.Admin();
        await Problems.AssertFieldErrorAsync(await admin.GetAsync("/v1/audiences?size=10"), "brand", "brand, a category or both");
        await Problems.AssertFieldErrorAsync(await admin.GetAsync("/v1/audiences?brand=Acme&size=0"), "size", "between 1 and 10000");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/v1/audiences?brand=NoSuchBrand")).StatusCode);
        using var ingest = _factory.Ingest();
        Assert.Equal(HttpStatusCode.Forbidden, (await ingest.GetAsync("/v1/audiences?brand=Acme")).StatusCode);
    }
}
