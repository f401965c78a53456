using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using Penchant.Server.Contracts;

namespace Penchant.Server.Tests.Endpoints;

/// <summary>
/// Cart recommendations on the small shop plus purchases in baskets: six shoppers buy Shoes item 0 with Books item 1 in
/// one session, three buy it with Kitchen item 2, one buys Books item 1 alone.
/// </summary>
public sealed class CartRecommendationsTests : IAsyncLifetime
{
    private readonly PenchantServerFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        using (var client = _factory.Ingest())
        {
            (await client.PostAsJsonAsync("/v1/items", new ItemBatchDto([.. ShopFixture.Items()]))).EnsureSuccessStatusCode();
            var now = DateTimeOffset.UtcNow;
            var events = ShopFixture.History(now).ToList();
            for (var s = 0; s < 9; s++)
            {
                var partner = s < 6 ? "books-1" : "kitchen-2";
                events.Add(new EventDto($"p-{s}-a", $"buyer-{s}", "shoes-0", "purchase", now.AddHours(-s), SessionId: $"visit-{s}"));
                events.Add(new EventDto($"p-{s}-b", $"buyer-{s}", partner, "purchase", now.AddHours(-s).AddMinutes(3), SessionId: $"visit-{s}"));
            }

            events.Add(new EventDto("p-solo", "buyer-solo", "books-1", "purchase", now, SessionId: "visit-solo"));
            (await client.PostAsJsonAsync("/v1/events/batch", new EventBatchDto([.. events]))).EnsureSuccessStatusCode();
        }

        await _factory.TrainAsync();
        _client = _factory.Ingest();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    private async Task<CartRecommendationsResponse> CartAsync(string query)
    {
        var response = await _client.GetAsync($"/v1/recommendations/cart?{query}");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CartRecommendationsResponse>())!;
    }

    [Fact]
    public async Task Items_bought_together_with_the_cart_come_first_by_confidence_with_their_counts_as_the_reason()
    {
        var result = await CartAsync("items=shoes-0&count=5");

        Assert.Equal(["books-1", "kitchen-2"], result.Items.Take(2).Select(static i => i.Id));
        Assert.Equal("bought together with Shoes item 0: 67% of 9 baskets with it also had this", result.Items[0].Reason);
        Assert.Equal("bought together with Shoes item 0: 33% of 9 baskets with it also had this", result.Items[1].Reason);
        Assert.DoesNotContain(result.Items, static i => i.Id == "shoes-0");
        Assert.Equal(5, result.Items.Count);
        Assert.All(result.Items.Skip(2), static i => Assert.DoesNotContain("bought together", i.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_model_status_counts_the_baskets_and_rules()
    {
        using var admin = _factory.Admin();
        var status = (await admin.GetFromJsonAsync<ModelStatus>("/v1/admin/model"))!;
        // 9 two-item baskets and the solo one (each view-only shopper has no basket); rules both ways of the two pairs.
        Assert.Equal(10, status.Baskets);
        Assert.Equal(4, status.BoughtTogetherRules);
    }

    [Fact]
    public async Task Filters_apply_and_unknown_cart_items_are_listed_not_refused()
    {
        var result = await CartAsync("items=shoes-0,no-such-item&count=3&category=Kitchen");
        Assert.Equal("kitchen-2", result.Items[0].Id);
        Assert.All(result.Items, static i => Assert.Equal("Kitchen", i.Category));
        Assert.Equal(["no-such-item"], result.UnknownItems);
    }

    [Fact]
    public async Task A_cart_of_items_never_bought_together_falls_back_to_the_model_and_popularity()
    {
        var result = await CartAsync("items=shoes-3&count=4");
        Assert.Equal(4, result.Items.Count);
        Assert.DoesNotContain(result.Items, static i => i.Reason.StartsWith("bought together", StringComparison.Ordinal));
        Assert.Contains(result.Items, static i => i.Reason == "goes with Shoes item 3 in your cart");
    }

    [Fact]
    public void A_snapshot_without_a_shopper_keeps_the_bought_together_rules_and_drops_their_history()
    {
        var current = _factory.Services.GetRequiredService<Penchant.Server.Services.ServingModel>().Current;
        var buyer = PenchantServerFactory.Pseudonym("buyer-3");
        var index = current.Users.IndexOf(buyer);
        Assert.NotNull(current.BoughtTogether);
        Assert.True(current.TrainingData!.Matrix.RowLength(index) > 0);

        var scrubbed = current.WithoutUser(buyer);

        Assert.Same(current.BoughtTogether, scrubbed.BoughtTogether);
        Assert.Equal(current.TextEmbeddings, scrubbed.TextEmbeddings);
        Assert.False(scrubbed.Users.Contains(buyer));
        Assert.Equal(0, scrubbed.TrainingData!.Matrix.RowLength(index));
        Assert.Empty(scrubbed.TrainingData.Sequences[index]);
    }

    [Fact]
    public async Task An_erasure_keeps_the_bought_together_rules_until_the_next_training()
    {
        using (var admin = _factory.Admin())
        {
            (await admin.DeleteAsync("/v1/users/buyer-0")).EnsureSuccessStatusCode();
        }

        var result = await CartAsync("items=shoes-0&count=2");
        Assert.StartsWith("bought together with Shoes item 0", result.Items[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_cart_is_refused_naming_the_field()
    {
        await Problems.AssertFieldErrorAsync(await _client.GetAsync("/v1/recommendations/cart?count=3"), "items", "at least one item");
        var problem = await _client.GetAsync("/v1/recommendations/cart?items=shoes-0&count=0");
        Assert.Equal(HttpStatusCode.BadRequest, problem.StatusCode);
    }
}
