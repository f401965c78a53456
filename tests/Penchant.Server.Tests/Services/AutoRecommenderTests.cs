using System.Net.Http.Json;
using Penchant.Server.Contracts;

namespace Penchant.Server.Tests.Services;

/// <summary><c>Penchant:Recommender=auto</c>: the served recommender is chosen at training from the shop's own data.</summary>
public sealed class AutoRecommenderTests
{
    /// <summary>
    /// Shoppers who each take two of twelve fixed pairs of items in turn (20 of them per pair start, so every pair is
    /// well supported): the newest item is the partner of the one before, which co-occurrence models find and popularity
    /// does not.
    /// </summary>
    private static IEnumerable<EventDto> PairedHistories(DateTimeOffset now)
    {
        var random = new Random(5);
        for (var s = 0; s < 120; s++)
        {
            var first = random.Next(12);
            var second = (first + 1 + random.Next(11)) % 12;
            int[] items = [2 * first, (2 * first) + 1, 2 * second, (2 * second) + 1];
            for (var k = 0; k < items.Length; k++)
            {
                yield return new EventDto($"p-{s}-{k}", $"pair-shopper-{s}", $"pair-item-{items[k]}", "view", now.AddHours(-10 + k));
            }
        }
    }

    [Fact]
    public async Task Auto_serves_the_candidate_that_finds_shoppers_newest_items_and_reports_every_score()
    {
        await using var factory = new PenchantServerFactory(new Dictionary<string, string?> { ["Penchant:Recommender"] = "auto", ["Penchant:InterestClusters"] = "0" });
        using (var ingest = factory.Ingest())
        {
            var items = Enumerable.Range(0, 24).Select(static i => new ItemDto($"pair-item-{i}", $"Item {i}", Categories: ["Shop", $"C{i % 4}"])).ToList();
            (await ingest.PostAsJsonAsync("/v1/items", new ItemBatchDto(items))).EnsureSuccessStatusCode();
            (await ingest.PostAsJsonAsync("/v1/events/batch", new EventBatchDto([.. PairedHistories(DateTimeOffset.UtcNow)]))).EnsureSuccessStatusCode();
        }

        var status = await factory.TrainAsync();
        Assert.NotNull(status.Selection);
        Assert.StartsWith($"{status.Recommender}: hit rate at 10 on 120 shoppers' newest items: itemknn ", status.Selection, StringComparison.Ordinal);
        var scores = status.Selection![(status.Selection.IndexOf("items: ", StringComparison.Ordinal) + 7)..].Split(", ")
            .Select(static p => p.Split(' '))
            .ToDictionary(static p => p[0], static p => double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(["itemknn", "session-ease", "ease", "popularity"], scores.Keys);
        Assert.Equal(scores.Values.Max(), scores[status.Recommender]);
        Assert.NotEqual("popularity", status.Recommender);
        Assert.True(scores[status.Recommender] > scores["popularity"] + 0.2, status.Selection);
    }

    [Theory]
    [InlineData("1.00:00:00", true)]
    [InlineData("00:00:00", false)]
    public async Task A_choice_stands_for_the_selection_interval_and_is_made_again_after_it(string interval, bool stands)
    {
        await using var factory = new PenchantServerFactory(new Dictionary<string, string?>
        {
            ["Penchant:Recommender"] = "auto",
            ["Penchant:InterestClusters"] = "0",
            ["Penchant:AutoSelectionInterval"] = interval,
        });
        using (var ingest = factory.Ingest())
        {
            var items = Enumerable.Range(0, 24).Select(static i => new ItemDto($"pair-item-{i}", $"Item {i}")).ToList();
            (await ingest.PostAsJsonAsync("/v1/items", new ItemBatchDto(items))).EnsureSuccessStatusCode();
            (await ingest.PostAsJsonAsync("/v1/events/batch", new EventBatchDto([.. PairedHistories(DateTimeOffset.UtcNow)]))).EnsureSuccessStatusCode();
        }

        var first = await factory.TrainAsync();
        Assert.NotNull(first.SelectedAt);
        await Task.Delay(20);
        var second = await factory.TrainAsync();
        Assert.True(second.TrainedAt > first.TrainedAt);
        Assert.Equal(first.Recommender, second.Recommender);
        Assert.Equal(first.Selection, second.Selection);
        if (stands)
        {
            Assert.Equal(first.SelectedAt, second.SelectedAt);
        }
        else
        {
            Assert.True(second.SelectedAt > first.SelectedAt);
        }
    }

    [Fact]
    public async Task A_named_recommender_reports_no_selection()
    {
        await using var factory = new PenchantServerFactory(new Dictionary<string, string?> { ["Penchant:InterestClusters"] = "0" });
        await ShopFixture.SeedAsync(factory);
        using var admin = factory.Admin();
        var status = (await admin.GetFromJsonAsync<ModelStatus>("/v1/admin/model"))!;
        Assert.Equal("itemknn", status.Recommender);
        Assert.Null(status.Selection);
    }
}
