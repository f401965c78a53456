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
    public async Task The_audience_of_chosen_items_names_one_by_its_title_and_is_led_by_the_shoppers_of_its_kind()
    {
        using var admin = _factory.Admin();
        var response = await admin.GetAsync("/v1/audiences?items=books-2&size=100");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var one = (await response.Content.ReadFromJsonAsync<AudienceResponse>())!;
        Assert.Equal(("\"Books item 2\"", 1), (one.Target, one.TargetItems));
        Assert.NotEmpty(one.Shoppers);
        Assert.All(one.Shoppers, static m => Assert.Equal(
            $"\"Books item 2\" at rank {m.BestRank} of their top 50 recommendations" + (m.TookTarget ? "; already took it" : ""), m.Reason));

        // The Books shoppers (s % 3 == 1; shopper 1 withheld profiling) rank it higher than the others do, so they lead.
        var books = new[] { 4, 7, 10, 13, 16, 19 }.Select(static s => PenchantServerFactory.Pseudonym($"shopper-{s}")).ToHashSet();
        var ofBooks = one.Shoppers.Where(m => books.Contains(m.UserId)).ToList();
        var others = one.Shoppers.Where(m => !books.Contains(m.UserId)).ToList();
        Assert.NotEmpty(ofBooks);
        Assert.NotEmpty(others);
        Assert.True(ofBooks.Max(static m => m.BestRank) < others.Min(static m => m.BestRank));
        Assert.Equal(one.Shoppers.Take(ofBooks.Count).Select(static m => m.UserId).ToHashSet(), ofBooks.Select(static m => m.UserId).ToHashSet());

        // Several items: counted as chosen; ids the model does not know are left out, and none known is a 404.
        var two = (await admin.GetFromJsonAsync<AudienceResponse>("/v1/audiences?items=books-2,kitchen-1,no-such-item&depth=5"))!;
        Assert.Equal(("2 chosen", 2), (two.Target, two.TargetItems));
        Assert.All(two.Shoppers, static m => Assert.StartsWith($"{m.TargetItemsInTop} of the 2 chosen items in their top 5 recommendations", m.Reason, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/v1/audiences?items=no-such-item")).StatusCode);
        await Problems.AssertFieldErrorAsync(await admin.GetAsync("/v1/audiences?items=books-2&brand=Acme"), "items", "not both");
        await Problems.AssertFieldErrorAsync(await admin.GetAsync("/v1/audiences?items=,"), "items", "at least one");
        await Problems.AssertFieldErrorAsync(
            await admin.GetAsync("/v1/audiences?items=" + string.Join(',', Enumerable.Range(0, 101).Select(static i => $"i{i}"))), "items", "at most 100");
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
        await Problems.AssertFieldErrorAsync(await admin.GetAsync("/v1/audiences?size=10"), "brand", "brand, a category or both, or items");
        await Problems.AssertFieldErrorAsync(await admin.GetAsync("/v1/audiences?brand=Acme&size=0"), "size", "between 1 and 10000");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/v1/audiences?brand=NoSuchBrand")).StatusCode);
        using var ingest = _factory.Ingest();
        Assert.Equal(HttpStatusCode.Forbidden, (await ingest.GetAsync("/v1/audiences?brand=Acme")).StatusCode);
    }
}
