using System.Net.Http.Json;
using Penchant.Server.Contracts;

namespace Penchant.Server.Tests.Services;

/// <summary>
/// The transformer sequence model served by the server: it scores the shopper's live sequence, so events posted
/// after training change the next response without a retrain, and a shopper unknown to the trained model is
/// personalised from the events they sent since.
/// </summary>
public sealed class SasRecServingTests
{
    private static readonly string[] Categories = ["Shoes", "Books", "Kitchen"];

    private static IEnumerable<ItemDto> Items() =>
        Categories.SelectMany(c => Enumerable.Range(0, 10).Select(i => new ItemDto(
            $"{c.ToLowerInvariant()}-{i}", $"{c} item {i}", Categories: ["Shop", c], Brand: "Acme")));

    // Each shopper walks through one category in order: item i is followed by item i + 1.
    private static IEnumerable<EventDto> History(DateTimeOffset now)
    {
        for (var s = 0; s < 90; s++)
        {
            var category = Categories[s % 3].ToLowerInvariant();
            var start = s % 5;
            for (var step = 0; step < 5; step++)
            {
                var i = start + step;
                yield return new EventDto($"h-{s}-{i}", $"shopper-{s}", $"{category}-{i}", "view", now.AddHours(-100 + step - s));
            }
        }
    }

    private static async Task<RecommendationsResponse> RecommendAsync(HttpClient client, string user) =>
        (await client.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/{user}?count=5"))!;

    [Fact]
    public async Task Events_after_training_steer_the_next_response_without_a_retrain()
    {
        await using var factory = new PenchantServerFactory(new Dictionary<string, string?> { ["Penchant:Recommender"] = "sasrec" });
        using var client = factory.Ingest();
        (await client.PostAsJsonAsync("/v1/items", new ItemBatchDto([.. Items()]))).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/v1/events/batch", new EventBatchDto([.. History(DateTimeOffset.UtcNow)]))).EnsureSuccessStatusCode();
        await factory.TrainAsync();

        // A shopper the trained model never saw browses kitchen items after training.
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 3; i++)
        {
            (await client.PostAsJsonAsync("/v1/events", new EventDto($"new-k{i}", "newcomer", $"kitchen-{i}", "view", now.AddMinutes(-10 + i)))).EnsureSuccessStatusCode();
        }

        var kitchen = await RecommendAsync(client, "newcomer");
        Assert.True(kitchen.Personalized);
        Assert.All(kitchen.Items, static i => Assert.False(string.IsNullOrWhiteSpace(i.Reason)));
        Assert.True(kitchen.Items.Count(static i => i.Category == "Kitchen") >= 3, string.Join(", ", kitchen.Items.Select(static i => i.Id)));

        // The same shopper turns to books: the next response follows, from the same model version.
        for (var i = 0; i < 4; i++)
        {
            (await client.PostAsJsonAsync("/v1/events", new EventDto($"new-b{i}", "newcomer", $"books-{i}", "view", now.AddMinutes(-5 + i)))).EnsureSuccessStatusCode();
        }

        var books = await RecommendAsync(client, "newcomer");
        Assert.Equal(kitchen.ModelVersion, books.ModelVersion);
        Assert.True(books.Items.Count(static i => i.Category == "Books") > kitchen.Items.Count(static i => i.Category == "Books"), string.Join(", ", books.Items.Select(static i => i.Id)));
    }
}
