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
    public async Task A_bad_epsilon_is_a_validation_problem()
    {
        await using var factory = new PenchantServerFactory();
        using var client = factory.Ingest();
        await Problems.AssertFieldErrorAsync(await client.GetAsync("/v1/exports/popularity?epsilon=0"), "epsilon", "positive");
        await Problems.AssertFieldErrorAsync(await client.GetAsync("/v1/exports/audience"), "category", "required");
    }
}
