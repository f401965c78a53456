using System.Net;
using System.Net.Http.Json;
using Penchant.Core.Experiments;
using Penchant.Server.Contracts;

namespace Penchant.Server.Tests.Endpoints;

/// <summary><c>GET /v1/admin/online</c>: online evaluation of served slates, explore slots against exploit slots.</summary>
public sealed class OnlineReportTests : IAsyncLifetime
{
    private readonly PenchantServerFactory _factory = new(new Dictionary<string, string?> { ["Penchant:Exploration:Share"] = "0.4" });

    public async Task InitializeAsync() => await ShopFixture.SeedAsync(_factory);

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Slates_and_slots_are_counted_from_the_impression_log_and_the_actions_within_the_window()
    {
        using var ingest = _factory.Ingest();
        var now = DateTimeOffset.UtcNow;
        var events = new List<EventDto>();
        long exploitShown = 0, exploreShown = 0, exploitTaken = 0, exploreTaken = 0;
        int clicked = 0, converted = 0;
        var paired = new PairedRatios();
        for (var s = 0; s < 21; s++)
        {
            var shopper = $"shopper-{s}";
            var slate = (await ingest.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/{shopper}?count=5"))!;
            var exploit = slate.Items.Where(static i => !i.Explore).ToList();
            var explore = slate.Items.Where(static i => i.Explore).ToList();
            (exploitShown, exploreShown) = (exploitShown + exploit.Count, exploreShown + explore.Count);
            var took = false;
            if (s % 2 == 0)
            {
                events.Add(new EventDto($"x-{s}", shopper, exploit[0].Id, "click", now.AddMinutes(5)));
                (exploitTaken, took) = (exploitTaken + 1, true);
            }

            if (s % 3 == 0 && explore.Count > 0)
            {
                events.Add(new EventDto($"e-{s}", shopper, explore[0].Id, "add_to_cart", now.AddMinutes(6)));
                (exploreTaken, took) = (exploreTaken + 1, true);
                if (s % 6 == 0)
                {
                    events.Add(new EventDto($"b-{s}", shopper, explore[0].Id, "purchase", now.AddMinutes(7)));
                    converted++;
                }
            }

            // Neither counts: an item that was not shown, and a shown item taken after the window.
            var unshown = ShopFixture.Items().Select(static i => i.Id!).First(id => slate.Items.All(i => i.Id != id));
            events.Add(new EventDto($"n-{s}", shopper, unshown, "purchase", now.AddMinutes(8)));
            if (s % 5 == 1)
            {
                events.Add(new EventDto($"late-{s}", shopper, slate.Items[^1].Id, "purchase", now.AddHours(2)));
            }

            clicked += took ? 1 : 0;
            paired.Add(s % 2 == 0 ? 1 : 0, exploit.Count, s % 3 == 0 && explore.Count > 0 ? 1 : 0, explore.Count);
        }

        (await ingest.PostAsJsonAsync("/v1/events/batch", new EventBatchDto([.. events]))).EnsureSuccessStatusCode();
        using var admin = _factory.Admin();
        var report = (await admin.GetFromJsonAsync<OnlineReportResponse>("/v1/admin/online?windowHours=1"))!;

        Assert.Equal(21, report.Slates);
        Assert.Equal(21, report.Shoppers);
        Assert.Equal(clicked / 21.0, report.ClickRate, 9);
        Assert.Equal(converted / 21.0, report.ConversionRate, 9);
        Assert.Equal(new SlotReportDto(exploitShown, exploitTaken, (double)exploitTaken / exploitShown), report.Exploit);
        Assert.Equal(new SlotReportDto(exploreShown, exploreTaken, (double)exploreTaken / exploreShown), report.Explore);
        Assert.True(exploreShown > 0 && exploitShown > 0);
        Assert.Equal(Math.Round(report.Explore.TakeRate - report.Exploit.TakeRate, 6), report.ExploreVsExploit!.Difference, 6);

        // Compared over the shoppers, each shopper's explore and exploit slots paired.
        var expected = paired.CompareSecondToFirst(0.05)!;
        Assert.Equal((Math.Round(expected.PValue, 6), Math.Round(expected.AnytimePValue, 6)), (report.ExploreVsExploit.PValue, report.ExploreVsExploit.AnytimePValue));

        // A wider window takes the late purchases in too.
        var wide = (await admin.GetFromJsonAsync<OnlineReportResponse>("/v1/admin/online?windowHours=3"))!;
        Assert.True(wide.ConversionRate > report.ConversionRate);

        await Problems.AssertFieldErrorAsync(await admin.GetAsync("/v1/admin/online?windowHours=0"), "windowHours", "above 0");
        Assert.Equal(HttpStatusCode.Forbidden, (await ingest.GetAsync("/v1/admin/online")).StatusCode);
    }

    [Fact]
    public async Task The_report_breaks_slates_down_by_the_placement_their_request_named()
    {
        using var ingest = _factory.Ingest();
        var now = DateTimeOffset.UtcNow;
        var events = new List<EventDto>();
        var expected = new Dictionary<string, (int Slates, int Clicked, int Converted, decimal Revenue, HashSet<string> Shoppers)>();
        for (var s = 0; s < 21; s++)
        {
            var shopper = $"shopper-{s}";
            var placement = s < 10 ? "home" : s < 16 ? "email" : null;
            var slate = (await ingest.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/{shopper}?count=4&explore=0{(placement is null ? "" : "&placement=" + placement)}"))!;
            var key = placement ?? "";
            var tally = expected.TryGetValue(key, out var known) ? known : (Slates: 0, Clicked: 0, Converted: 0, Revenue: 0m, Shoppers: new HashSet<string>());
            tally.Shoppers.Add(shopper);
            var (clicked, bought, revenue) = (0, 0, 0m);
            if (s % 2 == 0)
            {
                events.Add(new EventDto($"pc-{s}", shopper, slate.Items[0].Id, "click", now.AddMinutes(1)));
                clicked = 1;
            }

            if (s % 3 == 0)
            {
                events.Add(new EventDto($"pb-{s}", shopper, slate.Items[1].Id, "purchase", now.AddMinutes(2)));
                (clicked, bought, revenue) = (1, 1, slate.Items[1].Price!.Value);
            }

            expected[key] = (tally.Item1 + 1, tally.Item2 + clicked, tally.Item3 + bought, tally.Item4 + revenue, tally.Shoppers);
        }

        (await ingest.PostAsJsonAsync("/v1/events/batch", new EventBatchDto([.. events]))).EnsureSuccessStatusCode();
        using var admin = _factory.Admin();
        var report = (await admin.GetFromJsonAsync<OnlineReportResponse>("/v1/admin/online?windowHours=1"))!;
        Assert.Equal(["home", "email", null], report.Placements.Select(static p => p.Placement));
        foreach (var place in report.Placements)
        {
            var (slates, clicked, converted, revenue, shoppers) = expected[place.Placement ?? ""];
            Assert.Equal((slates, shoppers.Count), (place.Slates, place.Shoppers));
            Assert.Equal((double)clicked / slates, place.ClickRate, 9);
            Assert.Equal((double)converted / slates, place.ConversionRate, 9);
            Assert.Equal((double)revenue / slates, place.RevenuePerSlate, 6);
        }

        Assert.Equal(21, report.Placements.Sum(static p => p.Slates));

        // The export carries it too; a bad name is refused, naming the parameter.
        var lines = (await admin.GetStringAsync("/v1/admin/impressions")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10 * 4, lines.Count(static l => l.Contains("\"placement\":\"home\"", StringComparison.Ordinal)));
        await Problems.AssertFieldErrorAsync(await ingest.GetAsync("/v1/recommendations/users/shopper-1?placement=home%20page"), "placement", "letters, digits");
    }
}
