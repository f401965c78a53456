using System.Net.Http.Json;
using Penchant.Server.Contracts;

namespace Penchant.Server.Tests;

/// <summary>
/// A small shop: three categories of five items each, and twenty shoppers who each stay within one category,
/// so that item-kNN learns that items of a category go together.
/// </summary>
public static class ShopFixture
{
    public static readonly string[] Categories = ["Shoes", "Books", "Kitchen"];

    public static string ItemId(string category, int i) => $"{category.ToLowerInvariant()}-{i}";

    public static IEnumerable<ItemDto> Items() =>
        Categories.SelectMany((category, c) => Enumerable.Range(0, 5).Select(i => new ItemDto(
            ItemId(category, i),
            $"{category} item {i}",
            Categories: ["Shop", category],
            Brand: i % 2 == 0 ? "Acme" : "Globex",
            Price: 10m + (10 * i) + c)));

    /// <summary>Training history: shopper s views three items of category s % 3; item 0 of each category is the most popular.</summary>
    public static IEnumerable<EventDto> History(DateTimeOffset now)
    {
        for (var s = 0; s < 21; s++)
        {
            var category = Categories[s % 3];
            int[] seen = [0, 1 + (s % 4), 1 + ((s + 1) % 4)];
            foreach (var i in seen.Distinct())
            {
                yield return new EventDto($"h-{s}-{i}", $"shopper-{s}", ItemId(category, i), "view", now.AddHours(-s - i));
            }
        }
    }

    /// <summary>Loads the shop through the API and trains.</summary>
    public static async Task SeedAsync(PenchantServerFactory factory)
    {
        using var client = factory.Ingest();
        var items = await client.PostAsJsonAsync("/v1/items", new ItemBatchDto([.. Items()]));
        items.EnsureSuccessStatusCode();
        var events = await client.PostAsJsonAsync("/v1/events/batch", new EventBatchDto([.. History(DateTimeOffset.UtcNow)]));
        events.EnsureSuccessStatusCode();
        await factory.TrainAsync();
    }
}
