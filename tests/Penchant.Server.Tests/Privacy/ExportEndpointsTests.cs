using System.Net;
using System.Net.Http.Json;
using Penchant.Server.Contracts;

namespace Penchant.Server.Tests.Privacy;

/// <summary>Aggregates leave only with differential privacy: per-key budgets that refuse once spent, and k.</summary>
public sealed class ExportEndpointsTests
{
    [Fact]
    public async Task Each_key_spends_its_own_budget_and_is_refused_with_a_problem_once_it_is_spent()
    {
        await using var factory = new PenchantServerFactory(new Dictionary<string, string?>
        {
            ["Penchant:Privacy:ExportEpsilonLimit"] = "0.25",
            ["Penchant:Privacy:ExportEpsilon"] = "0.1",
        });
        await ShopFixture.SeedAsync(factory);
        using var ingest = factory.Ingest();
        using var admin = factory.Admin();

        Assert.Equal(HttpStatusCode.OK, (await ingest.GetAsync("/v1/exports/popularity")).StatusCode);
        var second = await ingest.GetFromJsonAsync<PrivateHistogramResponse>("/v1/exports/interests");
        Assert.Equal(0.05, second!.RemainingEpsilon, 9);
        var refused = await Problems.AssertProblemAsync(await ingest.GetAsync("/v1/exports/audience?category=Books"), HttpStatusCode.Forbidden);
        Assert.Equal("Privacy budget exhausted", refused.GetProperty("title").GetString());

        // A smaller release still fits; the admin key's budget is untouched.
        Assert.Equal(HttpStatusCode.OK, (await ingest.GetAsync("/v1/exports/popularity?epsilon=0.05")).StatusCode);
        await Problems.AssertProblemAsync(await ingest.GetAsync("/v1/exports/popularity?epsilon=0.01"), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/v1/exports/popularity")).StatusCode);
        var budget = await ingest.GetFromJsonAsync<PrivacyBudgetResponse>("/v1/exports/budget");
        Assert.Equal(("test-ingest", 0.25), (budget!.Consumer, Math.Round(budget.SpentEpsilon, 9)));
    }

    [Fact]
    public async Task Groups_smaller_than_k_are_not_released_but_still_cost_budget()
    {
        // Every category has seven shoppers; k = 8 withholds all of them.
        await using var factory = new PenchantServerFactory(new Dictionary<string, string?> { ["Penchant:Privacy:MinimumGroupSize"] = "8" });
        await ShopFixture.SeedAsync(factory);
        using var client = factory.Ingest();
        var audience = await client.GetFromJsonAsync<PrivateCountResponse>("/v1/exports/audience?category=Books");
        Assert.Equal(("below_minimum_group_size", (long?)null), (audience!.Status, audience.Count));
        var interests = await client.GetFromJsonAsync<PrivateHistogramResponse>("/v1/exports/interests");
        Assert.Empty(interests!.Counts);
        Assert.Equal(3, interests.SuppressedKeys);
        var budget = await client.GetFromJsonAsync<PrivacyBudgetResponse>("/v1/exports/budget");
        Assert.Equal(0.2, budget!.SpentEpsilon, 9);
    }

    [Fact]
    public async Task Spending_survives_a_restart_of_the_server()
    {
        var settings = new Dictionary<string, string?> { ["Penchant:Privacy:ExportEpsilonLimit"] = "0.15" };
        await using var first = new PenchantServerFactory(settings);
        await ShopFixture.SeedAsync(first);
        using (var client = first.Ingest())
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/exports/popularity")).StatusCode);
        }

        var restartedSettings = new Dictionary<string, string?>(settings) { ["Penchant:DatabasePath"] = first.DatabasePath };
        await using var second = new PenchantServerFactory(restartedSettings);
        using var again = second.Ingest();
        await Problems.AssertProblemAsync(await again.GetAsync("/v1/exports/popularity"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task What_shoppers_search_for_leaves_as_distinct_shoppers_per_query_at_least_k_with_what_each_finds_now()
    {
        // A budget wide enough for almost no noise (b = 10 / 1000), so that the counts can be asserted.
        await using var factory = new PenchantServerFactory(new Dictionary<string, string?> { ["Penchant:Privacy:ExportEpsilonLimit"] = "5000" });
        await ShopFixture.SeedAsync(factory);
        using var client = factory.Ingest();
        var now = DateTimeOffset.UtcNow;
        var events = new List<EventDto>();
        for (var s = 0; s < 12; s++)
        {
            // Twelve shoppers search for "trail shoes", written three ways, and twelve for what no item has; one of them
            // four times over, which counts once.
            events.Add(new EventDto($"sq-{s}", $"searcher-{s}", null, "search", now, Text: (s % 3) switch { 0 => "trail shoes", 1 => "  Trail   SHOES!", _ => "\"trail\" shoes" }));
            for (var r = 0; r < (s == 0 ? 4 : 1); r++)
            {
                events.Add(new EventDto($"sn-{s}-{r}", $"searcher-{s}", null, "search", now.AddSeconds(r + 1), Text: "unicorn saddle"));
            }
        }

        // Three shoppers typed a rare query: fewer than k (10), so it is not released.
        events.AddRange(Enumerable.Range(0, 3).Select(s => new EventDto($"sr-{s}", $"searcher-{s}", null, "search", now.AddMinutes(1), Text: "my neighbour's name")));
        (await client.PostAsJsonAsync("/v1/events/batch", new EventBatchDto([.. events]))).EnsureSuccessStatusCode();

        var released = (await client.GetFromJsonAsync<SearchQueriesResponse>("/v1/exports/searches?epsilon=1000"))!;
        Assert.Equal("released", released.Status);
        Assert.Equal(
            [new SearchQueryCountDto("trail shoes", 12, 5), new SearchQueryCountDto("unicorn saddle", 12, 0)],
            released.Queries.OrderBy(static q => q.Query, StringComparer.Ordinal));
        Assert.Equal(1, released.SuppressedKeys);
        Assert.Equal(1000, released.Epsilon);

        // The searches that find nothing, for the merchandiser's list of what to stock or name differently.
        var none = (await client.GetFromJsonAsync<SearchQueriesResponse>("/v1/exports/searches?epsilon=1000&noResults=true"))!;
        Assert.Equal("unicorn saddle", Assert.Single(none.Queries).Query);
        Assert.Single((await client.GetFromJsonAsync<SearchQueriesResponse>("/v1/exports/searches?epsilon=1000&top=1"))!.Queries);

        // Each release is charged and audited; a bad top is a field error.
        var budget = (await client.GetFromJsonAsync<PrivacyBudgetResponse>("/v1/exports/budget"))!;
        Assert.Equal(3000, budget.SpentEpsilon, 6);
        using var admin = factory.Admin();
        var audit = (await admin.GetFromJsonAsync<AuditPage>("/v1/admin/audit?limit=1000"))!;
        Assert.Equal(3, audit.Entries.Count(static e => e.Action == "export.searches"));
        await Problems.AssertFieldErrorAsync(await client.GetAsync("/v1/exports/searches?top=0"), "top", "between");
    }

    [Fact]
    public async Task A_bad_epsilon_is_a_validation_problem()
    {
        await using var factory = new PenchantServerFactory();
        using var client = factory.Ingest();
        await Problems.AssertFieldErrorAsync(await client.GetAsync("/v1/exports/popularity?epsilon=0"), "epsilon", "positive");
        await Problems.AssertFieldErrorAsync(await client.GetAsync("/v1/exports/audience"), "category", "required");
    }
}
