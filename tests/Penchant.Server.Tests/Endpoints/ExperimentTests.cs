using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Penchant.Core.Experiments;
using Penchant.Core.Recommenders.ItemKnn;
using Penchant.Core.Recommenders.Popularity;
using Penchant.Server.Contracts;
using Penchant.Server.Services;

namespace Penchant.Server.Tests.Endpoints;

/// <summary>An A/B test of item-kNN (control) against popularity, half the shoppers each.</summary>
public sealed class ExperimentTests : IAsyncLifetime
{
    private const string Name = "knn-vs-popular";
    private static readonly Variant[] Arms = [new("control", 1), new("popular", 1)];

    private readonly PenchantServerFactory _factory = new(new Dictionary<string, string?>
    {
        ["Penchant:Experiment:Name"] = Name,
        ["Penchant:Experiment:Variants:0:Name"] = "control",
        ["Penchant:Experiment:Variants:0:Recommender"] = "itemknn",
        ["Penchant:Experiment:Variants:1:Name"] = "popular",
        ["Penchant:Experiment:Variants:1:Recommender"] = "popularity",
    });

    public async Task InitializeAsync() => await ShopFixture.SeedAsync(_factory);

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private static string ArmOf(string shopper) => ExperimentAssignment.VariantOf(Name, PenchantServerFactory.Pseudonym(shopper), Arms).Name;

    [Fact]
    public async Task Each_shopper_is_served_by_their_variants_model_and_told_which_it_is()
    {
        var snapshot = _factory.Services.GetRequiredService<ServingModel>().Current;
        Assert.IsType<ItemKnnModel>(snapshot.Alternatives!["itemknn"].Model);
        Assert.IsType<PopularityModel>(snapshot.Alternatives["popularity"].Model);

        using var client = _factory.Ingest();
        var arms = new HashSet<string>();
        for (var s = 0; s < 21; s++)
        {
            var response = (await client.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/shopper-{s}?count=3"))!;
            Assert.Equal(Name, response.Experiment);
            Assert.Equal(ArmOf($"shopper-{s}"), response.Variant);
            Assert.Equal(response.Variant == "control" ? "itemknn" : "popularity", response.Recommender);
            Assert.Equal([new ExperimentArmDto(Name, response.Variant!)], response.Experiments!);
            arms.Add(response.Variant!);
            var again = (await client.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/shopper-{s}?count=3"))!;
            Assert.Equal(response.Variant, again.Variant);
        }

        Assert.Equal(["control", "popular"], arms.Order());
    }

    [Fact]
    public async Task The_report_counts_clicks_and_purchases_on_shown_items_per_variant_against_the_control()
    {
        using var client = _factory.Ingest();
        var events = new List<EventDto>();
        var served = new Dictionary<string, int>();
        int clicked = 0, bought = 0;
        var revenue = 0.0;
        for (var s = 0; s < 21; s++)
        {
            var shopper = $"shopper-{s}";
            var response = (await client.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/{shopper}?count=3"))!;
            served[response.Variant!] = served.GetValueOrDefault(response.Variant!) + 1;
            if (response.Variant == "control")
            {
                // Control shoppers click the first shown item; every other one also buys it.
                events.Add(new EventDto($"c-{s}", shopper, response.Items[0].Id, "click", DateTimeOffset.UtcNow));
                clicked++;
                if (s % 2 == 0)
                {
                    // Every other purchase is two at half the catalogue price, the price paid sent with it; the rest
                    // one each without a price, counted at the catalogue's.
                    decimal? paid = s % 4 == 0 ? Math.Round(response.Items[0].Price!.Value / 2, 2) : null;
                    events.Add(new EventDto($"b-{s}", shopper, response.Items[0].Id, "purchase", DateTimeOffset.UtcNow, paid is null ? null : 2, Price: paid));
                    bought++;
                    revenue += paid is { } p ? 2 * (double)p : (double)response.Items[0].Price!.Value;
                }
            }
            else
            {
                // Popular-arm shoppers click an item they were not shown, which does not count.
                var shown = response.Items.Select(static i => i.Id).ToHashSet();
                var other = ShopFixture.Items().Select(static i => i.Id).First(id => !shown.Contains(id!));
                events.Add(new EventDto($"o-{s}", shopper, other, "click", DateTimeOffset.UtcNow));
            }
        }

        (await client.PostAsJsonAsync("/v1/events/batch", new EventBatchDto(events))).EnsureSuccessStatusCode();
        using var admin = _factory.Admin();
        var response2 = await admin.GetAsync("/v1/admin/experiment?windowHours=1");
        Assert.True(response2.IsSuccessStatusCode, await response2.Content.ReadAsStringAsync());
        var report = (await response2.Content.ReadFromJsonAsync<ExperimentReportResponse>())!;

        Assert.Equal(Name, report.Name);
        var control = report.Variants[0];
        var popular = report.Variants[1];
        Assert.Equal(("control", "itemknn", served["control"], clicked, bought), (control.Name, control.Recommender, control.Slates, control.ClickedSlates, control.ConvertedSlates));
        Assert.Equal(("popular", "popularity", served["popular"], 0, 0), (popular.Name, popular.Recommender, popular.Slates, popular.ClickedSlates, popular.ConvertedSlates));
        Assert.Equal(1.0, control.ClickRate);
        Assert.Null(control.ClickVsControl);
        Assert.Equal(-1.0, popular.ClickVsControl!.Difference, 9);
        Assert.True(popular.ClickVsControl.PValue < 0.001);
        Assert.Equal((null, "worse"), (control.Verdict, popular.Verdict)); // the anytime interval lies below zero
        Assert.Equal(-(double)bought / clicked, popular.ConversionVsControl!.Difference, 6);

        // Revenue: the price paid (else the catalogue's) times the quantity, per slate, against the control.
        Assert.Equal((Math.Round(revenue, 2), Math.Round(revenue / served["control"], 4)), (control.Revenue, control.RevenuePerSlate));
        Assert.Equal((0.0, 0.0), (popular.Revenue, popular.RevenuePerSlate));
        Assert.Null(control.RevenueVsControl);
        Assert.Equal(-revenue / served["control"], popular.RevenueVsControl!.Difference, 4);
        Assert.True(popular.RevenueVsControl.AnytimeLower < popular.RevenueVsControl.Lower);

        // Compared over shoppers (each was served one slate here: every control shopper clicked, no popular one did),
        // with the figures that hold at every look beside the one-look ones.
        var expected = RatioComparison.Compare(
            Enumerable.Repeat((1.0, 1.0), served["control"]).Aggregate(default(RatioSummary), static (s, u) => s.Add(u.Item1, u.Item2)),
            Enumerable.Repeat((0.0, 1.0), served["popular"]).Aggregate(default(RatioSummary), static (s, u) => s.Add(u.Item1, u.Item2)),
            0.05);
        Assert.Equal(
            (Math.Round(expected.PValue, 6), Math.Round(expected.AnytimePValue, 6), Math.Round(Math.Max(-1, expected.AnytimeLower), 6)),
            (popular.ClickVsControl.PValue, popular.ClickVsControl.AnytimePValue, popular.ClickVsControl.AnytimeLower));
        Assert.True(popular.ClickVsControl.AnytimeLower <= popular.ClickVsControl.Lower && popular.ClickVsControl.AnytimePValue >= popular.ClickVsControl.PValue);
    }

    [Fact]
    public async Task A_revenue_scale_fixed_before_the_test_is_the_one_its_anytime_figures_use()
    {
        await using var factory = new PenchantServerFactory(new Dictionary<string, string?>
        {
            ["Penchant:Experiment:Name"] = Name,
            ["Penchant:Experiment:RevenueMixtureScale"] = "2.5",
            ["Penchant:Experiment:Variants:0:Name"] = "control",
            ["Penchant:Experiment:Variants:0:Recommender"] = "itemknn",
            ["Penchant:Experiment:Variants:1:Name"] = "popular",
            ["Penchant:Experiment:Variants:1:Recommender"] = "popularity",
        });
        await ShopFixture.SeedAsync(factory);
        using var client = factory.Ingest();
        var control = default(RatioSummary);
        var popular = default(RatioSummary);
        var events = new List<EventDto>();
        for (var s = 0; s < 21; s++)
        {
            var response = (await client.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/shopper-{s}?count=3"))!;
            if (response.Variant == "control")
            {
                // Every control shopper buys the first item shown at a price of their own; nobody in the other arm buys.
                var price = 5m + s;
                events.Add(new EventDto($"buy-{s}", $"shopper-{s}", response.Items[0].Id, "purchase", DateTimeOffset.UtcNow, Price: price));
                control = control.Add((double)price, 1);
            }
            else
            {
                popular = popular.Add(0, 1);
            }
        }

        (await client.PostAsJsonAsync("/v1/events/batch", new EventBatchDto(events))).EnsureSuccessStatusCode();
        using var admin = factory.Admin();
        var report = (await admin.GetFromJsonAsync<ExperimentReportResponse>("/v1/admin/experiment?windowHours=1"))!;
        Assert.Equal(2.5, report.RevenueMixtureScale);
        var expected = RatioComparison.Compare(control, popular, 2.5);
        var estimated = RatioComparison.Compare(control, popular, 0.1 * Math.Sqrt(((control.UnitDeviation * control.UnitDeviation * (control.Units - 1)) + (popular.UnitDeviation * popular.UnitDeviation * (popular.Units - 1))) / (control.Units + popular.Units - 2)));
        var actual = report.Variants[1].RevenueVsControl!;
        Assert.Equal((Math.Round(expected.AnytimeLower, 6), Math.Round(expected.AnytimePValue, 6)), (actual.AnytimeLower, actual.AnytimePValue));
        Assert.NotEqual(Math.Round(estimated.AnytimeLower, 6), actual.AnytimeLower); // the scale did make a difference
        using var unscaled = _factory.Admin();
        Assert.Null((await unscaled.GetFromJsonAsync<ExperimentReportResponse>("/v1/admin/experiment"))!.RevenueMixtureScale);
    }

    [Fact]
    public async Task What_shoppers_did_before_the_test_takes_variance_out_of_the_comparison()
    {
        // Before the test (three days ago) shopper s clicked s % 4 items; served one slate now, they click its first
        // item when they clicked at least two before, except every seventh shopper, who does the opposite.
        using var client = _factory.Ingest();
        var before = new List<EventDto>();
        var after = new List<EventDto>();
        RatioSummary control = default, treatment = default;
        CovariateSums controlX = default, treatmentX = default;
        for (var s = 0; s < 21; s++)
        {
            var shopper = $"shopper-{s}";
            var earlier = s % 4;
            for (var k = 0; k < earlier; k++)
            {
                before.Add(new EventDto($"pre-{s}-{k}", shopper, ShopFixture.ItemId("Books", k), "click", DateTimeOffset.UtcNow.AddDays(-3).AddMinutes(k)));
            }

            var response = (await client.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/{shopper}?count=3"))!;
            var clicks = (earlier >= 2) != (s % 7 == 0);
            if (clicks)
            {
                after.Add(new EventDto($"post-{s}", shopper, response.Items[0].Id, "click", DateTimeOffset.UtcNow));
            }

            if (response.Variant == "control")
            {
                (control, controlX) = (control.Add(clicks ? 1 : 0, 1), controlX.Add(earlier, clicks ? 1 : 0, 1));
            }
            else
            {
                (treatment, treatmentX) = (treatment.Add(clicks ? 1 : 0, 1), treatmentX.Add(earlier, clicks ? 1 : 0, 1));
            }
        }

        (await client.PostAsJsonAsync("/v1/events/batch", new EventBatchDto([.. before, .. after]))).EnsureSuccessStatusCode();
        using var admin = _factory.Admin();
        var report = (await admin.GetFromJsonAsync<ExperimentReportResponse>("/v1/admin/experiment?windowHours=1"))!;
        var clicked = report.Variants[1].ClickVsControl!;
        var (expected, reduction) = RatioComparison.CompareAdjusted(control, treatment, controlX, treatmentX, 0.05);
        var plain = RatioComparison.Compare(control, treatment, 0.05);
        Assert.Equal((Math.Round(expected.Difference, 6), Math.Round(expected.PValue, 6), Math.Round(reduction, 4)), (clicked.Difference, clicked.PValue, clicked.VarianceReduction));
        Assert.True(reduction > 0.3, $"removed {reduction:P0}");
        Assert.True(clicked.Upper - clicked.Lower < plain.Upper - plain.Lower);
        Assert.Equal(Math.Round(control.Ratio, 6), Math.Round(report.Variants[0].ClickRate, 6)); // the rates themselves are not adjusted
    }

    [Fact]
    public async Task A_covariate_window_outside_0_to_365_days_stops_the_server_at_start()
    {
        await using var factory = new PenchantServerFactory(new Dictionary<string, string?>
        {
            ["Penchant:ExperimentCovariateDays"] = "-1",
            ["Penchant:Experiment:Name"] = Name,
            ["Penchant:Experiment:Variants:0:Name"] = "control",
            ["Penchant:Experiment:Variants:1:Name"] = "popular",
            ["Penchant:Experiment:Variants:1:Recommender"] = "popularity",
        });
        await StartupRefusal.AssertAsync(factory, "Penchant:ExperimentCovariateDays must be between 0 and 365, not -1.");
    }

    [Fact]
    public async Task An_unknown_primary_metric_stops_the_server_at_start()
    {
        await using var factory = new PenchantServerFactory(new Dictionary<string, string?>
        {
            ["Penchant:Experiment:Name"] = Name,
            ["Penchant:Experiment:PrimaryMetric"] = "happiness",
            ["Penchant:Experiment:Variants:0:Name"] = "control",
            ["Penchant:Experiment:Variants:1:Name"] = "popular",
            ["Penchant:Experiment:Variants:1:Recommender"] = "popularity",
        });
        await StartupRefusal.AssertAsync(factory, "Penchant:Experiment:PrimaryMetric must be click, conversion or revenue, not 'happiness'.");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public async Task A_revenue_scale_of_zero_or_less_stops_the_server_at_start(string scale)
    {
        await using var factory = new PenchantServerFactory(new Dictionary<string, string?>
        {
            ["Penchant:Experiment:Name"] = Name,
            ["Penchant:Experiment:RevenueMixtureScale"] = scale,
            ["Penchant:Experiment:Variants:0:Name"] = "control",
            ["Penchant:Experiment:Variants:1:Name"] = "popular",
            ["Penchant:Experiment:Variants:1:Recommender"] = "popularity",
        });
        await StartupRefusal.AssertAsync(factory, $"Penchant:Experiment:RevenueMixtureScale must be above 0, not {scale}.");
    }

    [Fact]
    public async Task A_split_that_does_not_fit_the_shares_is_flagged()
    {
        // Every shopper of the fixture is served: the split fits the 1:1 shares.
        using var client = _factory.Ingest();
        using var admin = _factory.Admin();
        var served = new Dictionary<string, long> { ["control"] = 0, ["popular"] = 0 };
        for (var s = 0; s < 21; s++)
        {
            var response = (await client.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/shopper-{s}?count=3"))!;
            served[response.Variant!]++;
        }

        var fairReport = (await admin.GetFromJsonAsync<ExperimentReportResponse>("/v1/admin/experiment"))!;
        Assert.Equal("no difference found yet", fairReport.Variants[1].Verdict); // nobody clicked in either arm
        var fair = fairReport.SampleRatio!;
        Assert.Equal([served["control"], served["popular"]], fair.Observed);
        Assert.Equal([10.5, 10.5], fair.Expected);
        Assert.False(fair.Mismatch);

        // Then forty more shoppers reach the report only when they are in the control, as if the other variant's
        // answers were lost: the check flags it.
        var added = 0;
        for (var s = 0; added < 40; s++)
        {
            if (ArmOf($"srm-{s}") == "control")
            {
                await client.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/srm-{s}?count=3");
                added++;
            }
        }

        var skewedReport = (await admin.GetFromJsonAsync<ExperimentReportResponse>("/v1/admin/experiment"))!;
        Assert.Equal("not trustworthy: sample ratio mismatch", skewedReport.Variants[1].Verdict);
        var skewed = skewedReport.SampleRatio!;
        Assert.Equal([served["control"] + 40, served["popular"]], skewed.Observed);
        Assert.True(skewed.Mismatch);
        Assert.True(skewed.PValue < 0.001);
    }

    [Fact]
    public async Task A_shopper_served_several_slates_is_one_unit_of_the_comparison()
    {
        // Shoppers get one to three slates; every control shopper then clicks the first item of their first slate,
        // which counts once, for the latest of their slates that showed it (last touch).
        using var client = _factory.Ingest();
        var served = new Dictionary<string, (string Arm, List<HashSet<string>> Slates)>();
        var events = new List<EventDto>();
        for (var s = 0; s < 21; s++)
        {
            var shopper = $"shopper-{s}";
            var slates = new List<HashSet<string>>();
            string? arm = null;
            for (var n = 0; n < 1 + (s % 3); n++)
            {
                var response = (await client.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/{shopper}?count=3"))!;
                arm = response.Variant!;
                slates.Add([.. response.Items.Select(static i => i.Id)]);
            }

            served[shopper] = (arm!, slates);
            if (arm == "control")
            {
                events.Add(new EventDto($"multi-{s}", shopper, slates[0].First(), "click", DateTimeOffset.UtcNow));
            }
        }

        (await client.PostAsJsonAsync("/v1/events/batch", new EventBatchDto(events))).EnsureSuccessStatusCode();
        using var admin = _factory.Admin();
        var report = (await admin.GetFromJsonAsync<ExperimentReportResponse>("/v1/admin/experiment?windowHours=1"))!;

        RatioSummary Arm(string arm) => served.Where(p => p.Value.Arm == arm).Aggregate(default(RatioSummary), (sum, p) =>
        {
            var clicked = events.SingleOrDefault(e => e.UserId == p.Key)?.ItemId;
            return sum.Add(p.Value.Slates.Any(items => clicked is not null && items.Contains(clicked)) ? 1 : 0, p.Value.Slates.Count);
        });

        var (control, popular) = (Arm("control"), Arm("popular"));
        Assert.Equal((control.Units, control.Denominator, control.Numerator), (report.Variants[0].Shoppers, report.Variants[0].Slates, report.Variants[0].ClickedSlates));
        Assert.True(report.Variants[0].Slates > report.Variants[0].Shoppers);
        Assert.True(
            served.Any(p => p.Value.Arm == "control" && p.Value.Slates.Count(items => items.Contains(p.Value.Slates[0].First())) > 1),
            "no control shopper saw the clicked item twice: the test cannot tell last touch from crediting every slate");
        var expected = RatioComparison.Compare(control, popular, 0.05);
        Assert.Equal(
            (Math.Round(expected.Difference, 6), Math.Round(expected.PValue, 6), Math.Round(expected.AnytimePValue, 6)),
            (report.Variants[1].ClickVsControl!.Difference, report.Variants[1].ClickVsControl!.PValue, report.Variants[1].ClickVsControl!.AnytimePValue));
    }

    [Fact]
    public async Task An_erased_shopper_leaves_every_variants_snapshot()
    {
        using (var admin = _factory.Admin())
        {
            (await admin.DeleteAsync("/v1/users/shopper-5")).EnsureSuccessStatusCode();
        }

        var erased = PenchantServerFactory.Pseudonym("shopper-5");
        var snapshot = _factory.Services.GetRequiredService<ServingModel>().Current;
        Assert.False(snapshot.Users.Contains(erased));
        Assert.All(snapshot.Alternatives!.Values, v =>
        {
            Assert.False(v.Users.Contains(erased));
            Assert.DoesNotContain(v.TrainingData!.Users.Ids, id => id == erased);
        });
    }

    [Fact]
    public async Task An_experiment_with_one_variant_or_an_unknown_recommender_stops_the_server_at_start()
    {
        foreach (var (key, value) in new[] { ("Penchant:Experiment:Variants:1:Recommender", "no-such-model"), ("Penchant:Experiment:Variants:1:Name", "control"), ("Penchant:Experiment:Variants:1:SearchPersonalWeight", "-1") })
        {
            await using var factory = new PenchantServerFactory(new Dictionary<string, string?>
            {
                ["Penchant:Experiment:Name"] = "broken",
                ["Penchant:Experiment:Variants:0:Name"] = "control",
                ["Penchant:Experiment:Variants:0:Recommender"] = "itemknn",
                ["Penchant:Experiment:Variants:1:Name"] = "other",
                ["Penchant:Experiment:Variants:1:Recommender"] = "ease",
                [key] = value,
            });
            await StartupRefusal.AssertAsync(factory, "Penchant:Experiment needs at least two Variants");
        }
    }

    [Fact]
    public async Task Without_an_experiment_there_is_no_report_and_no_variant()
    {
        await using var plain = new PenchantServerFactory();
        await ShopFixture.SeedAsync(plain);
        using var admin = plain.Admin();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/v1/admin/experiment")).StatusCode);
        using var client = plain.Ingest();
        var response = (await client.GetFromJsonAsync<RecommendationsResponse>("/v1/recommendations/users/shopper-0?count=3"))!;
        Assert.Null(response.Variant);
        Assert.Null(response.Experiment);
        Assert.Null(response.Experiments);
        Assert.Equal("itemknn", response.Recommender);
        var all = (await admin.GetFromJsonAsync<ExperimentReportsResponse>("/v1/admin/experiments"))!;
        Assert.Empty(all.Experiments);
    }

    [Fact]
    public async Task A_report_for_one_placement_counts_only_the_slates_served_there()
    {
        using var client = _factory.Ingest();
        var expected = new Dictionary<(string Placement, string Arm), (int Slates, int Clicked)>();
        for (var s = 0; s < 21; s++)
        {
            var shopper = $"shopper-{s}";
            var placement = s % 3 == 0 ? "email" : "home";
            var served = (await client.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/{shopper}?count=3&placement={placement}"))!;
            var clicked = s % 2 == 0;
            if (clicked)
            {
                (await client.PostAsJsonAsync("/v1/events", new EventDto($"pc-{s}", shopper, served.Items[0].Id, "click", DateTimeOffset.UtcNow))).EnsureSuccessStatusCode();
            }

            var key = (placement, ArmOf(shopper));
            var (slates, clicks) = expected.GetValueOrDefault(key);
            expected[key] = (slates + 1, clicks + (clicked ? 1 : 0));
        }

        using var admin = _factory.Admin();
        foreach (var placement in new[] { "home", "email" })
        {
            var report = (await admin.GetFromJsonAsync<ExperimentReportResponse>($"/v1/admin/experiment?placement={placement}"))!;
            Assert.Equal(placement, report.Placement);
            foreach (var variant in report.Variants)
            {
                var (slates, clicks) = expected.GetValueOrDefault((placement, variant.Name));
                Assert.Equal((slates, clicks), (variant.Slates, variant.ClickedSlates));
            }

            var all = (await admin.GetFromJsonAsync<ExperimentReportsResponse>($"/v1/admin/experiments?placement={placement}"))!;
            Assert.Equal(report.Variants.Select(static v => v.Slates), Assert.Single(all.Experiments).Variants.Select(static v => v.Slates));
        }

        var whole = (await admin.GetFromJsonAsync<ExperimentReportResponse>("/v1/admin/experiment"))!;
        Assert.Null(whole.Placement);
        Assert.Equal(21, whole.Variants.Sum(static v => v.Slates));
        Assert.Equal(0, (await admin.GetFromJsonAsync<ExperimentReportResponse>("/v1/admin/experiment?placement=app"))!.Variants.Sum(static v => v.Slates));
        await Problems.AssertFieldErrorAsync(await admin.GetAsync("/v1/admin/experiment?placement=home%20page"), "placement", "letters, digits");
    }
}


/// <summary>An experiment on exploration itself: two arms with one recommender and different explore shares.</summary>
public sealed class ExplorationExperimentTests : IAsyncLifetime
{
    private const string Name = "explore-or-not";

    private readonly PenchantServerFactory _factory = new(new Dictionary<string, string?>
    {
        ["Penchant:Exploration:Share"] = "0.2",
        ["Penchant:Experiment:Name"] = Name,
        ["Penchant:Experiment:Variants:0:Name"] = "no-explore",
        ["Penchant:Experiment:Variants:0:Recommender"] = "itemknn",
        ["Penchant:Experiment:Variants:0:ExploreShare"] = "0",
        ["Penchant:Experiment:Variants:1:Name"] = "explore",
        ["Penchant:Experiment:Variants:1:Recommender"] = "itemknn",
        ["Penchant:Experiment:Variants:1:ExploreShare"] = "0.4",
    });

    public async Task InitializeAsync() => await ShopFixture.SeedAsync(_factory);

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Each_arm_gets_its_own_explore_share_unless_the_request_names_one()
    {
        using var client = _factory.Ingest();
        var explored = new Dictionary<string, List<int>> { ["no-explore"] = [], ["explore"] = [] };
        for (var s = 0; s < 21; s++)
        {
            var response = (await client.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/shopper-{s}?count=5"))!;
            explored[response.Variant!].Add(response.Items.Count(static i => i.Explore));

            // A share in the request wins over the arm's.
            var asked = (await client.GetFromJsonAsync<RecommendationsResponse>($"/v1/recommendations/users/shopper-{s}?count=5&explore=0"))!;
            Assert.DoesNotContain(asked.Items, static i => i.Explore);
        }

        Assert.NotEmpty(explored["no-explore"]);
        Assert.NotEmpty(explored["explore"]);
        Assert.All(explored["no-explore"], static n => Assert.Equal(0, n));
        Assert.All(explored["explore"], static n => Assert.Equal(2, n)); // 0.4 of 5 slots, over the configured 0.2
    }

    [Fact]
    public async Task An_explore_share_outside_zero_to_one_stops_the_server_at_start()
    {
        var settings = _factory.Settings.ToDictionary();
        settings["Penchant:Experiment:Variants:1:ExploreShare"] = "1.5";
        await using var broken = new PenchantServerFactory(settings);
        await StartupRefusal.AssertAsync(broken, "an ExploreShare (when set) between 0 and 1");
    }
}
