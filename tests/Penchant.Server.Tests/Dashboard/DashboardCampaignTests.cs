using System.Net.Http.Json;
using Microsoft.Playwright;
using Penchant.Server.Contracts;

namespace Penchant.Server.Tests.Dashboard;

/// <summary>The dashboard's campaign panel in Chromium, against a server of its own on a loopback port.</summary>
public sealed class DashboardCampaignTests : IAsyncLifetime
{
    private readonly PenchantServerFactory _factory = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        var address = DashboardPage.StartOnLoopback(_factory);
        await ShopFixture.SeedAsync(_factory);
        if (await DashboardPage.LaunchAsync() is var (playwright, browser))
        {
            (_playwright, _browser) = (playwright, browser);
            _page = await browser.NewPageAsync();
            _page.SetDefaultTimeout(15_000);
            await _page.GotoAsync(address + "/dashboard/");
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await _factory.DisposeAsync();
    }

    private async Task<IReadOnlyList<string>> RowAsync(string id)
    {
        var row = _page.Locator("#campaign-rows tr").Filter(new() { HasText = id });
        return await row.Locator("td").AllInnerTextsAsync();
    }

    /// <summary>Submits the panel's form (<c>#{panel}-form</c>), waits for its error line and returns it.</summary>
    private async Task<string> SubmitRefusedAsync(string panel)
    {
        await _page.ClickAsync($"#{panel}-form button");
        await _page.WaitForFunctionAsync($"() => document.getElementById('{panel}-error').textContent !== ''");
        return await _page.TextContentAsync($"#{panel}-error") ?? "";
    }

    private Task WaitForStatusAsync(string id, string status) =>
        _page.WaitForFunctionAsync(
            "([id, status]) => [...document.querySelectorAll('#campaign-rows tr')].some(r => r.cells[0].textContent === id && r.cells[4].textContent === status)",
            new[] { id, status });

    [BrowserFact]
    public async Task An_admin_adds_a_campaign_sees_it_lift_a_shoppers_items_pauses_and_deletes_it()
    {
        await DashboardPage.ConnectAsync(_page, PenchantServerFactory.AdminKey);
        await _page.WaitForFunctionAsync("() => document.getElementById('campaign-note').textContent !== ''");
        Assert.Equal("0 stored (at most 100), 0 active now.", await _page.TextContentAsync("#campaign-note"));

        // A bad boost is refused with the server's words, naming the field; nothing is stored.
        await _page.FillAsync("#campaign-id", "globex-week");
        await _page.FillAsync("#campaign-boosts", "colour:red:1");
        Assert.Contains("boosts[0].field", await SubmitRefusedAsync("campaign"), StringComparison.Ordinal);

        await _page.FillAsync("#campaign-name", "Globex week");
        await _page.FillAsync("#campaign-boosts", "brand:Globex:0.5");
        await _page.ClickAsync("#campaign-form button");
        await WaitForStatusAsync("globex-week", "active");
        Assert.Equal(["globex-week", "Globex week", "brand Globex +0.5", "always", "active", "every list", "PauseDelete"], await RowAsync("globex-week"));
        Assert.Equal("", await _page.TextContentAsync("#campaign-error"));

        // The shopper's list marks what the campaign lifted, as the API says.
        await _page.FillAsync("#shopper-id", "shopper-3");
        await _page.ClickAsync("#shopper-form button");
        await _page.WaitForSelectorAsync("#recs tr");
        using var ingest = _factory.Ingest();
        var api = (await ingest.GetFromJsonAsync<RecommendationsResponse>("/v1/recommendations/users/shopper-3?count=10"))!;
        Assert.Contains(api.Items, static i => i.Campaigns is not null);
        var rows = await _page.Locator("#recs tr").AllAsync();
        Assert.Equal(api.Items.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var why = (await rows[i].Locator("td").AllInnerTextsAsync())[5];
            Assert.Equal(api.Items[i].Campaigns is null ? api.Items[i].Reason : api.Items[i].Reason + " [campaign: globex-week]", why);
        }

        // Pause, resume, and a second campaign that starts tomorrow is scheduled.
        await _page.Locator("#campaign-rows tr").Filter(new() { HasText = "globex-week" }).GetByText("Pause").ClickAsync();
        await WaitForStatusAsync("globex-week", "paused");
        Assert.Equal("1 stored (at most 100), 0 active now.", await _page.TextContentAsync("#campaign-note"));
        await _page.Locator("#campaign-rows tr").Filter(new() { HasText = "globex-week" }).GetByText("Resume").ClickAsync();
        await WaitForStatusAsync("globex-week", "active");

        await _page.FillAsync("#campaign-id", "books-tomorrow");
        await _page.FillAsync("#campaign-name", "");
        await _page.FillAsync("#campaign-boosts", "category:Books:0.2,brand:Globex:hide");
        await _page.FillAsync("#campaign-starts", DateTime.Now.AddDays(1).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await _page.FillAsync("#campaign-placements", "home, app-home");
        await _page.ClickAsync("#campaign-form button");
        await WaitForStatusAsync("books-tomorrow", "scheduled");
        Assert.Equal(["category Books +0.2, brand Globex hidden", "home, app-home"], (await RowAsync("books-tomorrow")).Where((_, i) => i is 2 or 5));
        Assert.Equal("2 stored (at most 100), 1 active now.", await _page.TextContentAsync("#campaign-note"));

        await _page.Locator("#campaign-rows tr").Filter(new() { HasText = "globex-week" }).GetByText("Delete").ClickAsync();
        await _page.WaitForFunctionAsync("() => document.querySelectorAll('#campaign-rows tr').length === 1");
        using var admin = _factory.Admin();
        Assert.Equal(["books-tomorrow"], (await admin.GetFromJsonAsync<CampaignsResponse>("/v1/admin/campaigns"))!.Campaigns.Select(static c => c.Id));
    }

    [BrowserFact]
    public async Task An_admin_stores_synonyms_that_the_search_panel_then_reads_and_deletes_them()
    {
        await DashboardPage.ConnectAsync(_page, PenchantServerFactory.AdminKey);
        await _page.FillAsync("#synonym-id", "sneakers");
        await _page.FillAsync("#synonym-words", "sneakers");
        Assert.Contains("words", await SubmitRefusedAsync("synonym"), StringComparison.Ordinal);

        await _page.FillAsync("#synonym-words", "sneakers, shoes");
        await _page.CheckAsync("#synonym-oneway");
        await _page.ClickAsync("#synonym-form button");
        await _page.WaitForSelectorAsync("#synonym-list tr");
        Assert.Equal(["sneakers", "sneakers, shoes", "sneakers finds the others", "Delete"], await _page.Locator("#synonym-list tr td").AllInnerTextsAsync());
        using var admin = _factory.Admin();
        var stored = Assert.Single((await admin.GetFromJsonAsync<SynonymsResponse>("/v1/admin/synonyms"))!.Synonyms);
        Assert.Equal(["sneakers", "shoes"], stored.Words);
        Assert.True(stored.OneWay);

        // The search panel finds the shoes for "sneakers", each saying which word it holds.
        await _page.FillAsync("#search-q", "sneakers");
        await _page.ClickAsync("#search-form button");
        await _page.WaitForSelectorAsync("#search-items tr");
        var reasons = await _page.Locator("#search-items tr td:last-child").AllInnerTextsAsync();
        Assert.Equal(5, reasons.Count);
        Assert.All(reasons, static r => Assert.StartsWith("matches \"shoes\" (for \"sneakers\")", r, StringComparison.Ordinal));
        Assert.StartsWith("5 item(s) matched; searched \"sneakers\" as \"sneakers\" or \"shoes\".", await _page.TextContentAsync("#search-note"), StringComparison.Ordinal);

        await _page.Locator("#synonym-list tr").GetByText("Delete").ClickAsync();
        await _page.WaitForFunctionAsync("() => document.querySelectorAll('#synonym-list tr').length === 0");
        Assert.Empty((await admin.GetFromJsonAsync<SynonymsResponse>("/v1/admin/synonyms"))!.Synonyms);
    }

    [BrowserFact]
    public async Task An_admin_stores_a_placement_and_previews_a_shoppers_list_through_it()
    {
        await DashboardPage.ConnectAsync(_page, PenchantServerFactory.AdminKey);
        await _page.FillAsync("#placement-id", "home");
        await _page.FillAsync("#placement-settings", "count=4&maxPerCategory=oops");
        Assert.Contains("settings.maxPerCategory", await SubmitRefusedAsync("placement"), StringComparison.Ordinal);

        await _page.FillAsync("#placement-name", "Home page");
        await _page.FillAsync("#placement-settings", "count=4&maxPerCategory=1&explore=0");
        await _page.ClickAsync("#placement-form button");
        await _page.WaitForSelectorAsync("#placement-list tr");
        Assert.Equal(["home", "Home page", "count=4 & explore=0 & maxPerCategory=1", "Delete"], await _page.Locator("#placement-list tr td").AllInnerTextsAsync());

        // Looking a shopper up through it gives what the API gives for that placement: its count and caps.
        await _page.FillAsync("#shopper-id", "shopper-3");
        await _page.FillAsync("#shopper-count", "");
        await _page.FillAsync("#shopper-placement", "home");
        await _page.ClickAsync("#shopper-form button");
        await _page.WaitForSelectorAsync("#recs tr");
        using var ingest = _factory.Ingest();
        var api = (await ingest.GetFromJsonAsync<RecommendationsResponse>("/v1/recommendations/users/shopper-3?placement=home"))!;
        Assert.Equal(3, api.Items.Count); // three categories, one item each, though the placement allows four
        var rows = await _page.Locator("#recs tr").AllAsync();
        Assert.Equal(api.Items.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.EndsWith($"({api.Items[i].Id})", (await rows[i].Locator("td").AllInnerTextsAsync())[1], StringComparison.Ordinal);
        }

        await _page.Locator("#placement-list tr").GetByText("Delete").ClickAsync();
        await _page.WaitForFunctionAsync("() => document.querySelectorAll('#placement-list tr').length === 0");
    }
}
