using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Penchant.Core.Data;
using Penchant.Server.Contracts;
using Penchant.Server.Services;
using Penchant.Storage;

namespace Penchant.Server.Tests.Services;

/// <summary>
/// Impression fatigue: each slate that showed an item to the shopper, with no event of theirs on it since, takes
/// <c>ImpressionFatigue</c> off its score, from the impression log, so what a shopper passes over gives way.
/// </summary>
public sealed class ImpressionFatigueTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);

    private static Impression Shown(string slate, string item, int minutes) => new(slate, "p_ann", item, Start.AddMinutes(minutes), 0, false, null, 1.0, 1);

    private static Event Took(string item, int minutes) => new($"e-{item}-{minutes}", "p_ann", item, EventType.View, Start.AddMinutes(minutes));

    [Fact]
    public void Every_slate_since_the_shoppers_last_event_on_an_item_counts_once()
    {
        var ignored = ImpressionFatigue.IgnoredShows(
            [
                Shown("s1", "a", 0), Shown("s1", "b", 0), Shown("s2", "a", 5), Shown("s2", "a", 5), Shown("s3", "a", 10),
                Shown("s3", "b", 10), Shown("s4", "c", 20),
            ],
            [Took("b", 7), Took("c", 30), Took("a", -5), new Event("search", "p_ann", null, EventType.Search, Start.AddMinutes(50), Text: "a")]);

        // a: three slates after its event at -5 (s2 listed it twice); b: only s3 came after its view at 7; c: viewed after s4.
        Assert.Equal(new Dictionary<string, int> { ["a"] = 3, ["b"] = 1 }, ignored);
    }

    [Fact]
    public void An_event_before_a_show_leaves_it_counted_and_one_at_or_after_it_resets_the_count()
    {
        Assert.Equal(1, ImpressionFatigue.IgnoredShows([Shown("s1", "a", 0)], [Took("a", -1)])["a"]);
        Assert.Empty(ImpressionFatigue.IgnoredShows([Shown("s1", "a", 0)], [Took("a", 0)]));
        Assert.Empty(ImpressionFatigue.IgnoredShows([Shown("s1", "a", 0)], [Took("a", 1)]));
    }

    [Fact]
    public async Task Served_scores_fall_by_the_fatigue_for_each_slate_that_showed_the_item()
    {
        await using var factory = new PenchantServerFactory(new Dictionary<string, string?> { ["Penchant:ImpressionFatigue"] = "0.25" });
        await ShopFixture.SeedAsync(factory);
        using var client = factory.Ingest();
        (await client.PostAsJsonAsync("/v1/events/batch", new EventBatchDto([new EventDto("a1", "alice", "shoes-1", "view", DateTimeOffset.UtcNow.AddMinutes(-10))])))
            .EnsureSuccessStatusCode();
        var writer = factory.Services.GetRequiredService<ImpressionWriter>();

        async Task<Dictionary<string, double>> ServeAsync(int count)
        {
            var response = (await client.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/alice?count={count}"))!;
            await writer.FlushAsync();
            return response.Items.ToDictionary(static i => i.Id, static i => (double)i.Score);
        }

        // Nothing shown yet: the plain scores of all 15 items. Then all of them once, and the top five twice.
        var plain = await ServeAsync(15);
        Assert.Equal(15, plain.Count);
        var once = await ServeAsync(5);
        var twice = await ServeAsync(15);

        var top5 = plain.OrderByDescending(static p => p.Value).Take(5).Select(static p => p.Key).ToHashSet();
        Assert.Equal(top5, once.Keys.ToHashSet());
        foreach (var (id, score) in plain)
        {
            if (once.TryGetValue(id, out var first))
            {
                Assert.Equal(score - 0.25, first, 5);
            }

            Assert.Equal(score - (top5.Contains(id) ? 0.5 : 0.25), twice[id], 5);
        }
    }

    [Fact]
    public async Task An_ab_test_arm_can_turn_fatigue_on_for_its_shoppers_alone()
    {
        await using var factory = PenchantServerFactory.WithTwoArms("fatigue", "control", "fatigued", "ImpressionFatigue", "0.25");
        await ShopFixture.SeedAsync(factory);
        using var client = factory.Ingest();
        var writer = factory.Services.GetRequiredService<ImpressionWriter>();
        var arms = new HashSet<string>();
        for (var s = 0; s < 21; s++)
        {
            var first = (await client.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/shopper-{s}?count=5"))!;
            await writer.FlushAsync();
            var second = (await client.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/shopper-{s}?count=15"))!;
            var drop = first.Variant == "fatigued" ? 0.25 : 0.0;
            foreach (var item in first.Items)
            {
                Assert.Equal(item.Score - drop, second.Items.Single(i => i.Id == item.Id).Score, 5);
            }

            arms.Add(first.Variant!);
        }

        Assert.Equal(["control", "fatigued"], arms.Order());
        using var admin = factory.Admin();
        var config = (await admin.GetFromJsonAsync<ServerConfigDto>("/v1/admin/config"))!;
        Assert.Equal((0.0, 0.25), (config.ImpressionFatigue, config.Experiments[0].Variants[1].ImpressionFatigue));
    }

    [Fact]
    public async Task Off_by_default_the_same_request_gets_the_same_scores()
    {
        await using var factory = new PenchantServerFactory();
        await ShopFixture.SeedAsync(factory);
        using var client = factory.Ingest();
        (await client.PostAsJsonAsync("/v1/events/batch", new EventBatchDto([new EventDto("a1", "alice", "shoes-1", "view")]))).EnsureSuccessStatusCode();
        var first = (await client.GetFromJsonAsync<RecommendationsResponse>("/v1/recommendations/users/alice?count=5"))!;
        await factory.Services.GetRequiredService<ImpressionWriter>().FlushAsync();
        var second = (await client.GetFromJsonAsync<RecommendationsResponse>("/v1/recommendations/users/alice?count=5"))!;
        Assert.Equal(first.Items.Select(static i => (i.Id, i.Score)), second.Items.Select(static i => (i.Id, i.Score)));
    }
}
