using System.Net.Http.Json;
using Microsoft.Playwright;
using Penchant.Server.Contracts;

namespace Penchant.Server.Tests.Dashboard;

/// <summary>
/// Debian's Chromium, driven by Playwright, against the server listening on a loopback port (Kestrel, not the
/// in-memory test server), over the small shop with segments by category.
/// </summary>
public sealed class DashboardBrowserFixture : IAsyncLifetime
{
    /// <summary>A catalogue title holding markup that would run script if the page wrote it as markup.</summary>
    public const string HostileTitle = "<img src=x onerror=\"window.pwned=1\">Trail shoe";

    public PenchantServerFactory Factory { get; } = new(new Dictionary<string, string?> { ["Penchant:InterestClusters"] = "0" });

    public string BaseAddress { get; private set; } = "";

    /// <summary>The browser; only the browser tests ask for it, and they are skipped where it is missing.</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium is not installed.");

    private IBrowser? _browser;

    private IPlaywright? _playwright;

    public async Task InitializeAsync()
    {
        BaseAddress = DashboardPage.StartOnLoopback(Factory);

        // The hostile item is viewed with the first shoes by shoppers of shoes, so the model recommends it to them.
        using (var ingest = Factory.Ingest())
        {
            (await ingest.PutAsJsonAsync("/v1/items/shoes-hostile", new ItemDto("shoes-hostile", HostileTitle, Categories: ["Shop", "Shoes"], Brand: "Acme", Price: 99m))).EnsureSuccessStatusCode();
            var now = DateTimeOffset.UtcNow;
            var views = Enumerable.Range(0, 21).Where(static s => s % 3 == 0 && s != 3)
                .Select(s => new EventDto($"hostile-{s}", $"shopper-{s}", "shoes-hostile", "view", now.AddHours(-1)));
            (await ingest.PostAsJsonAsync("/v1/events/batch", new EventBatchDto([.. views]))).EnsureSuccessStatusCode();
        }

        await ShopFixture.SeedAsync(Factory);
        if (await DashboardPage.LaunchAsync() is var (playwright, browser))
        {
            (_playwright, _browser) = (playwright, browser);
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Factory.DisposeAsync();
    }
}

public sealed class DashboardBrowserTests(DashboardBrowserFixture fixture) : IClassFixture<DashboardBrowserFixture>, IAsyncLifetime
{
    private IBrowserContext _context = null!;
    private IPage _page = null!;
    private readonly List<string> _consoleErrors = [];

    public async Task InitializeAsync()
    {
        _context = await fixture.Browser.NewContextAsync();
        _page = await _context.NewPageAsync();
        _page.SetDefaultTimeout(15_000);
        _page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _consoleErrors.Add($"{message.Text} ({message.Location})");
            }
        };
        await _page.GotoAsync(fixture.BaseAddress + "/dashboard/");
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private Task ConnectAsync(string key) => DashboardPage.ConnectAsync(_page, key);

    [BrowserFact]
    public async Task An_admin_sees_the_model_and_a_shoppers_recommendations_with_reasons_and_interests()
    {
        await ConnectAsync(PenchantServerFactory.AdminKey);
        Assert.Equal("Connected with an admin key.", await _page.TextContentAsync("#role"));
        await _page.WaitForSelectorAsync("#model-facts tr");
        var facts = await _page.Locator("#model-facts tr").AllInnerTextsAsync();
        Assert.Contains(facts, static f => f.StartsWith("Recommender", StringComparison.Ordinal) && f.Contains("itemknn", StringComparison.Ordinal));
        Assert.Contains(facts, static f => f.StartsWith("Items", StringComparison.Ordinal) && f.EndsWith("16", StringComparison.Ordinal));
        Assert.Contains(facts, static f => f.StartsWith("Store", StringComparison.Ordinal) && f.Contains("sqlite (", StringComparison.Ordinal));
        Assert.Contains(facts, static f => f.StartsWith("Served from", StringComparison.Ordinal) && f.EndsWith("this process's training run", StringComparison.Ordinal));
        Assert.Contains(facts, static f => f.StartsWith("Runs not needed", StringComparison.Ordinal) && f.Contains("left out (nothing changed), 0 served from another process's snapshot", StringComparison.Ordinal));
        Assert.Contains(facts, static f => f.StartsWith("Chosen by auto", StringComparison.Ordinal) && f.EndsWith("no (a named recommender)", StringComparison.Ordinal));

        await _page.FillAsync("#shopper-id", "shopper-3");
        await _page.ClickAsync("#shopper-form button");
        await _page.WaitForSelectorAsync("#recs tr");
        var rows = await _page.Locator("#recs tr").AllAsync();
        Assert.Equal(10, rows.Count);

        // Every row has a reason, and each is the one the API gives for that item, in the API's order.
        using var ingest = fixture.Factory.Ingest();
        var api = (await ingest.GetFromJsonAsync<RecommendationsResponse>("/v1/recommendations/users/shopper-3?count=10"))!;
        for (var i = 0; i < rows.Count; i++)
        {
            var cells = await rows[i].Locator("td").AllInnerTextsAsync();
            Assert.Equal((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), cells[0]);
            Assert.EndsWith($"({api.Items[i].Id})", cells[1], StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(cells[5]));
            Assert.Equal(api.Items[i].Reason, cells[5]);
        }

        Assert.StartsWith("Mostly interested in Shop > Shoes", await _page.TextContentAsync("#narrative"), StringComparison.Ordinal);
        Assert.Equal("Written by: offline", await _page.TextContentAsync("#narrative-source"));
        var longTerm = await _page.Locator("#long-term li").AllInnerTextsAsync();
        Assert.Contains(longTerm, static l => l.Contains("Shoes", StringComparison.Ordinal));
        Assert.DoesNotContain("Reasons:", await _page.TextContentAsync("#recs-note"), StringComparison.Ordinal);

        // Asking for worded reasons on a server without a language endpoint: the page says why the engine's serve.
        await _page.CheckAsync("#shopper-language");
        await _page.ClickAsync("#shopper-form button");
        await _page.WaitForFunctionAsync("() => document.querySelector('#recs-note').textContent.includes('Reasons:')");
        Assert.EndsWith("Reasons: offline (no language endpoint is configured: Penchant:Language:Endpoint).", await _page.TextContentAsync("#recs-note"), StringComparison.Ordinal);
        Assert.Equal(api.Items[0].Reason, (await rows[0].Locator("td").AllInnerTextsAsync())[5]);
        Assert.Empty(_consoleErrors);
    }

    [BrowserFact]
    public async Task Next_page_continues_the_feed_to_its_end_and_similar_items_can_be_ordered_for_a_shopper()
    {
        await ConnectAsync(PenchantServerFactory.AdminKey);
        using var ingest = fixture.Factory.Ingest();
        var whole = (await ingest.GetFromJsonAsync<RecommendationsResponse>("/v1/recommendations/users/shopper-6?count=50"))!.Items.Select(static i => i.Id).ToList();

        await _page.FillAsync("#shopper-id", "shopper-6");
        await _page.FillAsync("#shopper-count", "6");
        await _page.ClickAsync("#shopper-form button");
        await _page.WaitForSelectorAsync("#recs tr");
        Assert.Equal(6, await _page.Locator("#recs tr").CountAsync());
        for (var click = 0; click < 5 && await _page.IsVisibleAsync("#recs-more"); click++)
        {
            var before = await _page.Locator("#recs tr").CountAsync();
            await _page.ClickAsync("#recs-more");
            await _page.WaitForFunctionAsync($"() => document.querySelectorAll('#recs tr').length > {before} || document.getElementById('recs-more').hidden");
        }

        // The pages are the one ranking cut in sixes, numbered on, with nothing twice, until the feed runs out.
        Assert.True(await _page.Locator("#recs-more").IsHiddenAsync());
        Assert.Equal("No more recommendations in this feed.", await _page.TextContentAsync("#feedback-note"));
        var rows = await _page.Locator("#recs tr").AllAsync();
        var ids = new List<string>();
        for (var i = 0; i < rows.Count; i++)
        {
            var cells = await rows[i].Locator("td").AllInnerTextsAsync();
            Assert.Equal((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), cells[0]);
            ids.Add(cells[1][(cells[1].LastIndexOf('(') + 1)..^1]);
        }

        Assert.Equal(whole, ids);

        // Similar items for a shopper are the API's list for that shopper.
        var forShopper = (await ingest.GetFromJsonAsync<SimilarItemsResponse>("/v1/recommendations/items/shoes-0/similar?user=shopper-6"))!.Items.Select(static i => i.Id).ToList();
        await _page.FillAsync("#similar-id", "shoes-0");
        await _page.FillAsync("#similar-user", "shopper-6");
        await _page.ClickAsync("#similar-form button");
        await _page.WaitForSelectorAsync("#similar-items tr");
        var similar = await _page.Locator("#similar-items td:nth-child(2)").AllInnerTextsAsync();
        Assert.Equal(forShopper, similar.Select(static c => c[(c.LastIndexOf('(') + 1)..^1]));
        Assert.Empty(_consoleErrors);
    }

    [BrowserFact]
    public async Task Search_shows_the_apis_results_for_a_shopper_and_names_the_words_no_item_has()
    {
        await ConnectAsync(PenchantServerFactory.AdminKey);
        using var ingest = fixture.Factory.Ingest();
        var api = (await ingest.GetFromJsonAsync<SearchResponse>("/v1/search?q=item%20unicorn&count=20&user=shopper-1"))!;
        Assert.True(api.Personalized);

        await _page.FillAsync("#search-q", "item unicorn");
        await _page.FillAsync("#search-user", "shopper-1");
        await _page.ClickAsync("#search-form button");
        await _page.WaitForSelectorAsync("#search-items tr");
        var rows = await _page.Locator("#search-items tr").AllAsync();
        Assert.Equal(api.Items.Count, rows.Count);
        var first = await rows[0].Locator("td").AllInnerTextsAsync();
        Assert.Equal(api.Items[0].Reason, first[5]);
        var titles = await _page.Locator("#search-items td:nth-child(2)").AllInnerTextsAsync();
        Assert.Equal(api.Items.Select(static i => i.Id), titles.Select(static c => c[(c.LastIndexOf('(') + 1)..^1]));
        Assert.Equal($"{api.Total} item(s) matched; no item has \"unicorn\". Ordered for shopper-1.", await _page.TextContentAsync("#search-note"));
        var facets = (await ingest.GetFromJsonAsync<SearchResponse>("/v1/search?q=item%20unicorn&facets=true"))!.Facets!;
        Assert.Equal(
            $"Categories: {string.Join(", ", facets.Categories.Select(static f => $"{f.Value} ({f.Count})"))}. Brands: {string.Join(", ", facets.Brands.Select(static f => $"{f.Value} ({f.Count})"))}.",
            await _page.TextContentAsync("#search-facets"));

        // Typing offers completions of the word being typed.
        await _page.FillAsync("#search-q", "sh");
        await _page.WaitForFunctionAsync("() => document.querySelectorAll('#search-suggestions option').length >= 2");
        var offered = await _page.EvalOnSelectorAllAsync<string[]>("#search-suggestions option", "options => options.map(o => o.value)");
        Assert.Equal(["shop", "shoes"], offered);

        // A title with markup is found by its words and shown as text.
        await _page.FillAsync("#search-q", "trail");
        await _page.FillAsync("#search-user", "");
        await _page.ClickAsync("#search-form button");
        await _page.WaitForFunctionAsync("() => document.querySelector('#search-note').textContent.includes('text alone')");
        Assert.Contains(DashboardBrowserFixture.HostileTitle, await _page.TextContentAsync("#search-items"), StringComparison.Ordinal);
        Assert.Null(await _page.EvaluateAsync<int?>("() => window.pwned ?? null"));
        Assert.Empty(_consoleErrors);
    }

    [BrowserFact]
    public async Task Markup_in_a_catalogue_title_shows_as_text_and_never_runs()
    {
        await ConnectAsync(PenchantServerFactory.AdminKey);
        await _page.FillAsync("#shopper-id", "shopper-3");
        await _page.FillAsync("#shopper-count", "20");
        await _page.ClickAsync("#shopper-form button");
        await _page.WaitForSelectorAsync("#recs tr");
        var items = await _page.Locator("#recs td:nth-child(2)").AllInnerTextsAsync();
        Assert.Contains(DashboardBrowserFixture.HostileTitle + " (shoes-hostile)", items);
        Assert.Equal(0, await _page.Locator("#recs img").CountAsync());
        Assert.Null(await _page.EvaluateAsync<int?>("() => window.pwned ?? null"));
    }

    [BrowserFact]
    public async Task A_bad_count_shows_the_servers_error_naming_the_field()
    {
        await ConnectAsync(PenchantServerFactory.AdminKey);
        await _page.FillAsync("#shopper-id", "shopper-3");
        await _page.FillAsync("#shopper-count", "1000");
        await _page.ClickAsync("#shopper-form button");
        await _page.WaitForFunctionAsync("() => document.getElementById('shopper-error').textContent !== ''");
        var error = await _page.TextContentAsync("#shopper-error");
        Assert.StartsWith("count:", error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await _page.Locator("#recs tr").CountAsync());
    }

    [BrowserFact]
    public async Task Segments_and_the_cart_panel_show_what_the_api_returns()
    {
        await ConnectAsync(PenchantServerFactory.AdminKey);
        await _page.FillAsync("#segments-k", "3");
        await _page.ClickAsync("#segments-form button");
        await _page.WaitForSelectorAsync("#segment-rows tr");
        var labels = await _page.Locator("#segment-rows td:first-child").AllInnerTextsAsync();
        Assert.Equal(ShopFixture.Categories.Order(StringComparer.Ordinal), labels.Order(StringComparer.Ordinal));
        Assert.Contains("21 shoppers by categories", await _page.TextContentAsync("#segments-note"), StringComparison.Ordinal);

        await _page.FillAsync("#cart-items", ShopFixture.ItemId("Books", 0));
        await _page.ClickAsync("#cart-form button");
        await _page.WaitForSelectorAsync("#cart-recs tr");
        var cart = await _page.Locator("#cart-recs td:nth-child(3)").AllInnerTextsAsync();
        Assert.Equal("Books", cart[0]);
    }

    [BrowserFact]
    public async Task An_audience_for_a_brand_lists_pseudonymous_shoppers_with_their_reasons_as_the_api_does()
    {
        await ConnectAsync(PenchantServerFactory.AdminKey);
        await _page.FillAsync("#audience-brand", "Globex");
        await _page.ClickAsync("#audience-form button");
        await _page.WaitForSelectorAsync("#audience-rows tr");

        using var admin = fixture.Factory.Admin();
        var api = (await admin.GetFromJsonAsync<AudienceResponse>("/v1/audiences?brand=Globex&size=50"))!;
        var rows = await _page.Locator("#audience-rows tr").AllAsync();
        Assert.Equal(api.Shoppers.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var cells = await rows[i].Locator("td").AllInnerTextsAsync();
            Assert.Equal(api.Shoppers[i].UserId, cells[1]);
            Assert.Equal(api.Shoppers[i].Reason, cells[3]);
            Assert.DoesNotContain("shopper-", cells[1], StringComparison.Ordinal);
        }

        Assert.StartsWith($"{api.Target}: {api.TargetItems} items; {api.EligibleShoppers} eligible shoppers", await _page.TextContentAsync("#audience-note"), StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task A_dislike_sent_from_the_page_takes_the_item_out_of_the_shoppers_next_list()
    {
        await ConnectAsync(PenchantServerFactory.IngestKey);
        await _page.WaitForFunctionAsync("() => document.getElementById('role').textContent.startsWith('Connected')");
        await _page.FillAsync("#shopper-id", "shopper-6");
        await _page.ClickAsync("#shopper-form button");
        await _page.WaitForSelectorAsync("#recs tr");
        var first = await _page.Locator("#recs tr:first-child td:nth-child(2)").InnerTextAsync();
        var firstId = first[(first.LastIndexOf('(') + 1)..^1];

        await _page.ClickAsync("#recs tr:first-child button:text('dislike')");
        await _page.WaitForFunctionAsync("() => document.getElementById('feedback-note').textContent.startsWith('Sent: dislike')");
        await _page.WaitForFunctionAsync($"() => ![...document.querySelectorAll('#recs td:nth-child(2)')].some(td => td.textContent.endsWith('({firstId})'))");

        // The page's list is the API's: the disliked item is gone from the shopper's recommendations there too.
        using var ingest = fixture.Factory.Ingest();
        var api = (await ingest.GetFromJsonAsync<RecommendationsResponse>("/v1/recommendations/users/shopper-6?count=10"))!;
        Assert.DoesNotContain(api.Items, i => i.Id == firstId);
        Assert.Equal(api.Items.Count, await _page.Locator("#recs tr").CountAsync());
        Assert.Empty(await _page.TextContentAsync("#shopper-error") ?? "");
    }

    [BrowserFact]
    public async Task A_wrong_key_is_refused_and_an_ingest_key_sees_no_admin_panel()
    {
        await ConnectAsync("not-a-key");
        Assert.StartsWith("The key was refused", await _page.TextContentAsync("#role"), StringComparison.Ordinal);
        Assert.True(await _page.Locator("#panels").IsHiddenAsync());
        Assert.Null(await _page.EvaluateAsync<string?>("() => sessionStorage.getItem('penchant.dashboard.key')"));

        await ConnectAsync(PenchantServerFactory.IngestKey);
        await _page.WaitForFunctionAsync("() => document.getElementById('role').textContent.startsWith('Connected')");
        Assert.StartsWith("Connected with an ingest key", await _page.TextContentAsync("#role"), StringComparison.Ordinal);
        Assert.True(await _page.Locator("#shopper").IsVisibleAsync());
        foreach (var admin in new[] { "#model", "#segments", "#audience", "#online", "#experiment" })
        {
            Assert.True(await _page.Locator(admin).IsHiddenAsync(), admin);
        }

        // The key lives in the tab's session storage only, and "Forget key" removes it.
        await _page.ClickAsync("#disconnect");
        Assert.Null(await _page.EvaluateAsync<string?>("() => sessionStorage.getItem('penchant.dashboard.key')"));
        Assert.True(await _page.Locator("#panels").IsHiddenAsync());
    }
}
