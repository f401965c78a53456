using System.Net.Http.Json;
using Microsoft.Playwright;
using Penchant.Server.Contracts;

namespace Penchant.Server.Tests.Dashboard;

/// <summary>The dashboard's A/B panel in Chromium, against a server running an experiment on a loopback port.</summary>
public sealed class DashboardExperimentTests : IAsyncLifetime
{
    private readonly PenchantServerFactory _factory = new(new Dictionary<string, string?>
    {
        ["Penchant:Experiment:Name"] = "knn-vs-popular",
        ["Penchant:Experiment:Variants:0:Name"] = "control",
        ["Penchant:Experiment:Variants:0:Recommender"] = "itemknn",
        ["Penchant:Experiment:Variants:1:Name"] = "popular",
        ["Penchant:Experiment:Variants:1:Recommender"] = "popularity",
    });

    private IPlaywright? _playwright;
    private string _address = "";

    public async Task InitializeAsync()
    {
        _address = DashboardPage.StartOnLoopback(_factory);
        await ShopFixture.SeedAsync(_factory);
    }

    public async Task DisposeAsync()
    {
        _playwright?.Dispose();
        await _factory.DisposeAsync();
    }

    [BrowserFact]
    public async Task The_ab_panel_shows_each_variant_as_the_report_gives_it()
    {
        // Every shopper is served once; the control's shoppers click their first item, except a third of them, who
        // clicked nothing in the days before either (so earlier behaviour explains some of the spread).
        int controlServed = 0, controlClicked = 0;
        using (var ingest = _factory.Ingest())
        {
            for (var s = 0; s < 21; s++)
            {
                if (s % 3 != 0)
                {
                    (await ingest.PostAsJsonAsync("/v1/events", new EventDto($"pre-{s}", $"shopper-{s}", ShopFixture.ItemId("Books", 1), "click", DateTimeOffset.UtcNow.AddDays(-2)))).EnsureSuccessStatusCode();
                }

                var served = (await ingest.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/shopper-{s}?count=3{(s % 2 == 0 ? "&placement=home" : "")}"))!;
                controlServed += served.Variant == "control" ? 1 : 0;
                if (served.Variant == "control" && s % 3 != 0)
                {
                    controlClicked++;
                    (await ingest.PostAsJsonAsync("/v1/events", new EventDto($"c-{s}", $"shopper-{s}", served.Items[0].Id, "click", DateTimeOffset.UtcNow))).EnsureSuccessStatusCode();
                }
            }
        }

        using var admin = _factory.Admin();
        var report = (await admin.GetFromJsonAsync<ExperimentReportResponse>("/v1/admin/experiment"))!;

        var (playwright, launched) = (await DashboardPage.LaunchAsync())!.Value;
        _playwright = playwright;
        await using var browser = launched;
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync(_address + "/dashboard");
        await DashboardPage.ConnectAsync(page, PenchantServerFactory.AdminKey);
        await page.ClickAsync("#experiment-load");
        await page.WaitForSelectorAsync("#experiment-rows tr");

        var rows = await page.Locator("#experiment-rows tr").AllAsync();
        Assert.Equal(report.Variants.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var cells = await rows[i].Locator("td").AllInnerTextsAsync();
            var v = report.Variants[i];
            Assert.Equal([report.Name, v.Name, v.Recommender, v.Shoppers.ToString(System.Globalization.CultureInfo.InvariantCulture), v.Slates.ToString(System.Globalization.CultureInfo.InvariantCulture)], cells.Take(5));
            Assert.Equal((100 * v.ClickRate).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%", cells[5]);
            Assert.Equal(i == 0 ? "control" : (100 * v.ClickVsControl!.Difference).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%", cells[7].Split(' ')[0]);
            Assert.StartsWith(v.RevenuePerSlate.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), cells[8], StringComparison.Ordinal);
            Assert.Equal(i == 0 ? "control" : v.Verdict, cells[9]);
            if (i > 0)
            {
                var anytime = $"at every look: {(100 * v.ClickVsControl!.AnytimeLower).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}% to {(100 * v.ClickVsControl.AnytimeUpper).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}%";
                Assert.Contains(anytime, cells[7], StringComparison.Ordinal);
                Assert.True(v.ClickVsControl.VarianceReduction > 0);
                Assert.Contains($"{(100 * v.ClickVsControl.VarianceReduction!.Value).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}% of the variance taken out by earlier behaviour", cells[7], StringComparison.Ordinal);
            }
        }

        Assert.Equal((100.0 * controlClicked / controlServed).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%", (await rows[0].Locator("td").AllInnerTextsAsync())[5]);

        // The online panel reads the same log: every slate, and no explore slot with exploration off here.
        var online = (await admin.GetFromJsonAsync<OnlineReportResponse>("/v1/admin/online"))!;
        await page.ClickAsync("#online-form button");
        await page.WaitForSelectorAsync("#online-rows tr");
        Assert.StartsWith($"{online.Slates} slates to {online.Shoppers} shoppers;", await page.TextContentAsync("#online-note"), StringComparison.Ordinal);
        var exploit = await page.Locator("#online-rows tr:first-child td").AllInnerTextsAsync();
        Assert.Equal(["exploit", online.Exploit.Shown.ToString(System.Globalization.CultureInfo.InvariantCulture), online.Exploit.Taken.ToString(System.Globalization.CultureInfo.InvariantCulture)], exploit.Take(3));
        Assert.Contains("not yet", (await page.Locator("#online-rows tr:last-child td").AllInnerTextsAsync())[3], StringComparison.Ordinal);

        // Each placement in a row of its own, as the report gives them.
        var placements = await page.Locator("#placement-rows tr").AllAsync();
        Assert.Equal(online.Placements.Count, placements.Count);
        Assert.Equal(2, placements.Count);
        for (var p = 0; p < placements.Count; p++)
        {
            var cells = await placements[p].Locator("td").AllInnerTextsAsync();
            var expected = online.Placements[p];
            Assert.Equal(
                [expected.Placement ?? "(none named)", expected.Slates.ToString(System.Globalization.CultureInfo.InvariantCulture), expected.Shoppers.ToString(System.Globalization.CultureInfo.InvariantCulture), (100 * expected.ClickRate).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%"],
                cells.Take(4));
        }
        Assert.StartsWith("knn-vs-popular (layer main, all shoppers)", await page.TextContentAsync("#experiment-note"), StringComparison.Ordinal);
        Assert.False(report.SampleRatio!.Mismatch);
        Assert.DoesNotContain("MISMATCH", await page.TextContentAsync("#experiment-note"), StringComparison.Ordinal);

        // Forty more shoppers seen only in the control: the panel warns.
        using (var ingest = _factory.Ingest())
        {
            Penchant.Core.Experiments.Variant[] arms = [new("control", 1), new("popular", 1)];
            for (int s = 0, added = 0; added < 40; s++)
            {
                if (Penchant.Core.Experiments.ExperimentAssignment.VariantOf("knn-vs-popular", PenchantServerFactory.Pseudonym($"extra-{s}"), arms).Name == "control")
                {
                    await ingest.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/extra-{s}?count=3");
                    added++;
                }
            }
        }

        await page.ClickAsync("#experiment-load");
        await page.WaitForFunctionAsync("() => document.getElementById('experiment-note').textContent.includes('MISMATCH')");
        Assert.Contains("do not trust this test's comparisons", await page.TextContentAsync("#experiment-note"), StringComparison.Ordinal);
    }
}
