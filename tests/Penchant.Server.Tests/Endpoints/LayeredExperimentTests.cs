using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Penchant.Core.Experiments;
using Penchant.Server.Contracts;
using Penchant.Server.Services;

namespace Penchant.Server.Tests.Endpoints;

/// <summary>
/// Three experiments at once: two recommender tests sharing the default layer (half the shoppers each, so no shopper is
/// in both) and an exploration test in a layer of its own that every shopper is in.
/// </summary>
public sealed class LayeredExperimentTests : IAsyncLifetime
{
    private const int Shoppers = 21;

    private readonly PenchantServerFactory _factory = new(Settings());

    private static Dictionary<string, string?> Settings() => new()
    {
        ["Penchant:Exploration:Share"] = "0.2",
        ["Penchant:Experiment:Name"] = "knn-vs-popular",
        ["Penchant:Experiment:Traffic"] = "0.5",
        ["Penchant:Experiment:Variants:0:Name"] = "control",
        ["Penchant:Experiment:Variants:0:Recommender"] = "itemknn",
        ["Penchant:Experiment:Variants:1:Name"] = "popular",
        ["Penchant:Experiment:Variants:1:Recommender"] = "popularity",
        ["Penchant:Experiments:0:Name"] = "ease-or-not",
        ["Penchant:Experiments:0:Variants:0:Name"] = "control",
        ["Penchant:Experiments:0:Variants:1:Name"] = "ease",
        ["Penchant:Experiments:0:Variants:1:Recommender"] = "ease",
        ["Penchant:Experiments:1:Name"] = "explore-or-not",
        ["Penchant:Experiments:1:Layer"] = "exploration",
        ["Penchant:Experiments:1:Variants:0:Name"] = "no-explore",
        ["Penchant:Experiments:1:Variants:0:ExploreShare"] = "0",
        ["Penchant:Experiments:1:Variants:1:Name"] = "explore",
        ["Penchant:Experiments:1:Variants:1:ExploreShare"] = "0.4",
    };

    public async Task InitializeAsync() => await ShopFixture.SeedAsync(_factory);

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    // What the experiments' definitions say, recomputed here from the plan the server built.
    private ExperimentPlan Plan => _factory.Services.GetRequiredService<ExperimentRouter>().Plan;

    [Fact]
    public async Task Each_shopper_is_in_one_recommender_test_and_the_explore_test_and_served_by_both_arms()
    {
        Assert.Equal([("knn-vs-popular", "main", 0.5), ("ease-or-not", "main", 0.5), ("explore-or-not", "exploration", 1.0)],
            Plan.Experiments.Select(static e => (e.Name, e.Layer, e.Traffic)));
        var alternatives = _factory.Services.GetRequiredService<ServingModel>().Current.Alternatives!;
        Assert.Equal(["ease", "itemknn", "popularity"], alternatives.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("ease", alternatives["ease"].Model?.Kind);

        using var client = _factory.Ingest();
        var seen = new HashSet<(string, string)>();
        for (var s = 0; s < Shoppers; s++)
        {
            var response = (await client.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/shopper-{s}?count=5"))!;
            var arms = Plan.ArmsOf(PenchantServerFactory.Pseudonym($"shopper-{s}"));
            Assert.Equal(arms.Select(static a => new ExperimentArmDto(a.Experiment, a.Variant)), response.Experiments!);
            Assert.Equal(2, arms.Count);
            Assert.Equal("explore-or-not", arms[1].Experiment);
            Assert.Equal((arms[0].Experiment, arms[0].Variant), (response.Experiment, response.Variant));
            seen.UnionWith(arms.Select(static a => (a.Experiment, a.Variant)));

            var expected = (arms[0].Experiment, arms[0].Variant) switch
            {
                ("knn-vs-popular", "popular") => "popularity",
                ("ease-or-not", "ease") => "ease",
                _ => "itemknn", // both controls: knn-vs-popular's names it, ease-or-not's is the served recommender
            };
            Assert.Equal(expected, response.Recommender);
            Assert.Equal(arms[1].Variant == "explore" ? 2 : 0, response.Items.Count(static i => i.Explore));
        }

        // With 21 shoppers every arm has someone in it (the hash is fixed, so this holds on every run).
        Assert.Equal(6, seen.Count);
    }

    [Fact]
    public async Task Each_report_counts_only_the_shoppers_in_its_experiment()
    {
        using var client = _factory.Ingest();
        for (var s = 0; s < Shoppers; s++)
        {
            (await client.GetAsync($"/v1/recommendations/users/shopper-{s}?count=3")).EnsureSuccessStatusCode();
        }

        using var admin = _factory.Admin();
        var all = (await admin.GetFromJsonAsync<ExperimentReportsResponse>("/v1/admin/experiments?windowHours=1"))!;
        Assert.Equal(["knn-vs-popular", "ease-or-not", "explore-or-not"], all.Experiments.Select(static e => e.Name));
        var shoppers = Enumerable.Range(0, Shoppers).Select(static s => PenchantServerFactory.Pseudonym($"shopper-{s}")).ToArray();
        foreach (var report in all.Experiments)
        {
            var inIt = shoppers.Select(u => Plan.VariantOf(report.Name, u)).OfType<string>().ToArray();
            Assert.Equal(inIt.Length, report.Variants.Sum(static v => v.Slates));
            foreach (var variant in report.Variants)
            {
                Assert.Equal(inIt.Count(a => a == variant.Name), variant.Shoppers);
            }
        }

        // Nobody bought anything: no revenue, and nothing to compare it by.
        Assert.All(all.Experiments.SelectMany(static e => e.Variants), static v => Assert.Equal((0.0, (ComparisonDto?)null), (v.Revenue, v.RevenueVsControl)));

        // The two recommender tests share the shoppers between them; the explore test has them all.
        Assert.Equal(Shoppers, all.Experiments[0].Variants.Sum(static v => v.Slates) + all.Experiments[1].Variants.Sum(static v => v.Slates));
        Assert.Equal(Shoppers, all.Experiments[2].Variants.Sum(static v => v.Slates));
        Assert.Equal(("itemknn", (double?)null), (all.Experiments[1].Variants[0].Recommender, all.Experiments[1].Variants[0].ExploreShare));
        Assert.Equal(("set by knn-vs-popular or ease-or-not", (double?)0.4), (all.Experiments[2].Variants[1].Recommender, all.Experiments[2].Variants[1].ExploreShare));
        Assert.Equal(("exploration", 1.0), (all.Experiments[2].Layer, all.Experiments[2].Traffic));

        var one = (await admin.GetFromJsonAsync<ExperimentReportResponse>("/v1/admin/experiment?name=ease-or-not&windowHours=1"))!;
        Assert.Equal(all.Experiments[1].Variants.Select(static v => v.Slates), one.Variants.Select(static v => v.Slates));
        Assert.Equal("knn-vs-popular", (await admin.GetFromJsonAsync<ExperimentReportResponse>("/v1/admin/experiment"))!.Name);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/v1/admin/experiment?name=no-such-test")).StatusCode);

        // The settings in effect show the split, the unset traffic filled in.
        var config = (await admin.GetFromJsonAsync<ServerConfigDto>("/v1/admin/config"))!;
        Assert.Equal(all.Experiments.Select(static e => (e.Name, e.Layer, e.Traffic)), config.Experiments.Select(static e => (e.Name, (string?)e.Layer, e.Traffic)));
        Assert.Equal(new VariantConfigDto("ease", "ease", 1, null), config.Experiments[1].Variants[1]);
        Assert.Equal(new VariantConfigDto("explore", null, 1, 0.4), config.Experiments[2].Variants[1]);
    }

    [Theory]
    [InlineData("Penchant:Experiments:0:Layer", "models", "Experiments 'knn-vs-popular' (layer 'main') and 'ease-or-not' (layer 'models') both set the recommender")]
    [InlineData("Penchant:Experiments:0:Traffic", "0.6", "Layer 'main': its experiments (knn-vs-popular, ease-or-not) take 1.1 of the shoppers together")]
    [InlineData("Penchant:ExperimentMixtureScale", "0", "Penchant:ExperimentMixtureScale must be above 0 and at most 1, not 0.")]
    public async Task Tests_that_cannot_run_together_stop_the_server_at_start_naming_why(string key, string value, string message)
    {
        var settings = Settings();
        settings[key] = value;
        await using var broken = new PenchantServerFactory(settings);
        await StartupRefusal.AssertAsync(broken, message);
    }
}

/// <summary>A test of a ranking setting: the popularity blend, off in the control and overwhelming in the other arm.</summary>
public sealed class RankingExperimentTests : IAsyncLifetime
{
    private readonly PenchantServerFactory _factory = new(new Dictionary<string, string?>
    {
        ["Penchant:Exploration:Share"] = "0",
        ["Penchant:Experiment:Name"] = "popularity-weight",
        ["Penchant:Experiment:Variants:0:Name"] = "control",
        ["Penchant:Experiment:Variants:0:PopularityBlend"] = "0",
        ["Penchant:Experiment:Variants:1:Name"] = "heavy",
        ["Penchant:Experiment:Variants:1:PopularityBlend"] = "1000",
        ["Penchant:Experiments:0:Name"] = "session",
        ["Penchant:Experiments:0:Layer"] = "session",
        ["Penchant:Experiments:0:Variants:0:Name"] = "control",
        ["Penchant:Experiments:0:Variants:1:Name"] = "no-boost",
        ["Penchant:Experiments:0:Variants:1:SessionBoost"] = "0",
    });

    public async Task InitializeAsync() => await ShopFixture.SeedAsync(_factory);

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Each_arm_ranks_with_its_own_popularity_blend()
    {
        using var client = _factory.Ingest();
        var arms = new HashSet<string>();
        for (var s = 0; s < 21; s++)
        {
            var response = (await client.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/shopper-{s}?count=5"))!;
            arms.Add(response.Variant!);

            // Model scores are scaled to at most 1 and the session boost adds at most 0.5: only the blend of 1000 lifts
            // a score past 2, and the most popular items then lead.
            var top = response.Items.Max(static i => i.Score);
            if (response.Variant == "heavy")
            {
                Assert.True(top > 100, $"shopper-{s}: {top}");
            }
            else
            {
                Assert.True(top <= 2, $"shopper-{s}: {top}");
            }
        }

        Assert.Equal(["control", "heavy"], arms.Order());
        using var admin = _factory.Admin();
        var config = (await admin.GetFromJsonAsync<ServerConfigDto>("/v1/admin/config"))!;
        Assert.Equal((1000.0, (double?)null), (config.Experiments[0].Variants[1].PopularityBlend, config.Experiments[0].Variants[1].SessionBoost));
        Assert.Equal(0.0, config.Experiments[1].Variants[1].SessionBoost);
    }

    [Fact]
    public async Task Two_tests_of_the_popularity_blend_in_different_layers_stop_the_server_at_start()
    {
        var settings = _factory.Settings.ToDictionary();
        settings["Penchant:Experiments:0:Variants:1:PopularityBlend"] = "0.5";
        await using var broken = new PenchantServerFactory(settings);
        await StartupRefusal.AssertAsync(broken, "Experiments 'popularity-weight' (layer 'main') and 'session' (layer 'session') both set the popularity blend");
    }
}

/// <summary>Tests with a Start and an End: one ended yesterday, one starts tomorrow, one runs now.</summary>
public sealed class ScheduledExperimentTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private readonly PenchantServerFactory _factory = new(Settings());

    private static Dictionary<string, string?> Settings() => new()
    {
        ["Penchant:Exploration:Share"] = "0.2",
        ["Penchant:Experiment:Name"] = "past",
        ["Penchant:Experiment:Layer"] = "a",
        ["Penchant:Experiment:End"] = Now.AddDays(-1).ToString("O"),
        ["Penchant:Experiment:Variants:0:Name"] = "control",
        ["Penchant:Experiment:Variants:1:Name"] = "popular",
        ["Penchant:Experiment:Variants:1:Recommender"] = "popularity",
        ["Penchant:Experiments:0:Name"] = "future",
        ["Penchant:Experiments:0:Layer"] = "b",
        ["Penchant:Experiments:0:Start"] = Now.AddDays(1).ToString("O"),
        ["Penchant:Experiments:0:Variants:0:Name"] = "control",
        ["Penchant:Experiments:0:Variants:1:Name"] = "ease",
        ["Penchant:Experiments:0:Variants:1:Recommender"] = "ease",
        ["Penchant:Experiments:1:Name"] = "now",
        ["Penchant:Experiments:1:Layer"] = "c",
        ["Penchant:Experiments:1:Start"] = Now.AddHours(-1).ToString("O"),
        ["Penchant:Experiments:1:End"] = Now.AddDays(1).ToString("O"),
        ["Penchant:Experiments:1:Variants:0:Name"] = "no-explore",
        ["Penchant:Experiments:1:Variants:0:ExploreShare"] = "0",
        ["Penchant:Experiments:1:Variants:1:Name"] = "explore",
        ["Penchant:Experiments:1:Variants:1:ExploreShare"] = "0.4",
    };

    public async Task InitializeAsync() => await ShopFixture.SeedAsync(_factory);

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Only_the_running_test_assigns_and_counts_shoppers()
    {
        using var client = _factory.Ingest();
        for (var s = 0; s < 21; s++)
        {
            var response = (await client.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/shopper-{s}?count=5"))!;
            Assert.Equal(["now"], response.Experiments!.Select(static a => a.Experiment));
            Assert.Equal("itemknn", response.Recommender);
            Assert.Equal(response.Variant == "explore" ? 2 : 0, response.Items.Count(static i => i.Explore));
        }

        using var admin = _factory.Admin();
        var all = (await admin.GetFromJsonAsync<ExperimentReportsResponse>("/v1/admin/experiments?windowHours=1"))!;
        Assert.Equal([("past", false, 0), ("future", false, 0), ("now", true, 21)], all.Experiments.Select(static e => (e.Name, e.Running, e.Variants.Sum(static v => v.Slates))));
        Assert.Equal(Now.AddDays(1), all.Experiments[1].Start!.Value, TimeSpan.FromMilliseconds(1));

        // The tests that do not run yet or any more still have their models trained, ready for their time.
        Assert.Equal(["ease", "popularity"], _factory.Services.GetRequiredService<ServingModel>().Current.Alternatives!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Tests_of_one_layer_one_after_the_other_each_take_all_the_shoppers()
    {
        var settings = Settings();
        settings["Penchant:Experiments:0:Layer"] = "a"; // "future" joins "past" in its layer; they never meet
        await using var factory = new PenchantServerFactory(settings);
        await ShopFixture.SeedAsync(factory);
        using var admin = factory.Admin();
        var config = (await admin.GetFromJsonAsync<ServerConfigDto>("/v1/admin/config"))!;
        Assert.Equal([("past", "a", 1.0), ("future", "a", 1.0), ("now", "c", 1.0)], config.Experiments.Select(static e => (e.Name, e.Layer, e.Traffic)));
    }

    [Fact]
    public async Task Recommender_tests_in_different_layers_that_run_at_the_same_time_stop_the_server_at_start()
    {
        var settings = Settings();
        settings["Penchant:Experiments:0:Start"] = Now.AddDays(-2).ToString("O");
        await using var broken = new PenchantServerFactory(settings);
        await StartupRefusal.AssertAsync(broken, "Experiments 'past' (layer 'a') and 'future' (layer 'b') both set the recommender");

        settings = Settings();
        settings["Penchant:Experiments:1:End"] = Now.AddDays(-1).ToString("O");
        await using var backwards = new PenchantServerFactory(settings);
        await StartupRefusal.AssertAsync(backwards, "Penchant:Experiments:1: End (");
    }
}

/// <summary>The example of docs/experiments.md starts a server that splits the shoppers as the page says.</summary>
public sealed class ExperimentsGuideTests
{
    [Fact]
    public async Task The_guides_example_runs_as_described()
    {
        await using var factory = new PenchantServerFactory(Flatten(GuideExample()));
        await ShopFixture.SeedAsync(factory);
        using var admin = factory.Admin();
        var config = (await admin.GetFromJsonAsync<ServerConfigDto>("/v1/admin/config"))!;
        Assert.Equal(
            [("knn-vs-ease", "main", 0.5), ("popularity-weight", "main", 0.5), ("explore-20", "exploration", 1.0)],
            config.Experiments.Select(static e => (e.Name, e.Layer, e.Traffic)));
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero), config.Experiments[2].Start);
        Assert.Equal("ease", factory.Services.GetRequiredService<ServingModel>().Current.Alternatives!["ease"].Model?.Kind);

        // Every shopper is in exactly one of the two tests of layer main.
        var plan = factory.Services.GetRequiredService<ExperimentRouter>().Plan;
        for (var s = 0; s < 21; s++)
        {
            var arms = plan.ArmsOf(PenchantServerFactory.Pseudonym($"shopper-{s}"));
            Assert.Single(arms, static a => a.Experiment is "knn-vs-ease" or "popularity-weight");
            Assert.Contains(arms, static a => a.Experiment == "explore-20");
        }
    }

    // The first ```json block of docs/experiments.md.
    private static JsonElement GuideExample()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Penchant.slnx")))
        {
            directory = directory.Parent;
        }

        var text = File.ReadAllText(Path.Combine(directory!.FullName, "docs", "experiments.md"));
        var start = text.IndexOf("```json\n", StringComparison.Ordinal) + "```json\n".Length;
        return JsonDocument.Parse(text[start..text.IndexOf("```", start, StringComparison.Ordinal)]).RootElement.Clone();
    }

    // Configuration keys ("Penchant:Experiments:0:Name") from a JSON settings file, as the host's JSON provider reads it.
    private static Dictionary<string, string?> Flatten(JsonElement element, string prefix = "", Dictionary<string, string?>? into = null)
    {
        into ??= [];
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, prefix.Length == 0 ? property.Name : $"{prefix}:{property.Name}", into);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, $"{prefix}:{i++}", into);
                }

                break;
            default:
                into[prefix] = element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText();
                break;
        }

        return into;
    }
}
