using System.Net.Http.Json;
using Penchant.Server.Contracts;

namespace Penchant.Server.Tests.Services;

/// <summary><c>Penchant:EventWeights</c>: per-type weights over the defaults, used by profiles, training and the config report.</summary>
public sealed class EventWeightSettingsTests
{
    [Fact]
    public async Task A_weight_set_in_configuration_changes_what_counts_and_is_reported()
    {
        // The fixture's shoppers only view. With views weighing nothing, they show no interest at all.
        await using var weightless = new PenchantServerFactory(new Dictionary<string, string?> { ["Penchant:EventWeights:View"] = "0", ["Penchant:EventWeights:Purchase"] = "8" });
        await ShopFixture.SeedAsync(weightless);
        using var ingest = weightless.Ingest();
        Assert.Empty((await ingest.GetFromJsonAsync<InterestProfileDto>("/v1/profiles/shopper-3"))!.Categories);
        using var admin = weightless.Admin();
        var config = (await admin.GetFromJsonAsync<ServerConfigDto>("/v1/admin/config"))!;
        Assert.Equal(0, config.EventWeights!["view"]);
        Assert.Equal(8, config.EventWeights["purchase"]);
        Assert.Equal(3, config.EventWeights["add_to_cart"]);
        Assert.Equal(90, config.EventWeights["halfLifeDays"]);
        Assert.Equal($"sqlite ({weightless.DatabasePath})", config.Store);

        await using var defaults = new PenchantServerFactory();
        await ShopFixture.SeedAsync(defaults);
        using var ingest2 = defaults.Ingest();
        Assert.Equal("Shop > Shoes", (await ingest2.GetFromJsonAsync<InterestProfileDto>("/v1/profiles/shopper-3"))!.Categories[0].Name);
    }

    [Fact]
    public async Task A_weight_that_is_not_a_finite_number_stops_the_server_at_start()
    {
        await using var factory = new PenchantServerFactory(new Dictionary<string, string?> { ["Penchant:EventWeights:Like"] = "Infinity" });
        await StartupRefusal.AssertAsync(factory, "Every Penchant:EventWeights setting must be a finite number.");
    }
}
