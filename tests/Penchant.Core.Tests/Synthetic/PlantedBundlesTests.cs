using Penchant.Core.Baskets;
using Penchant.Core.Synthetic;

namespace Penchant.Core.Tests.Synthetic;

public sealed class PlantedBundlesTests
{
    [Fact]
    public void Rules_mined_from_the_purchase_baskets_find_the_planted_complements()
    {
        var shop = new ShopGenerator(new ShopGeneratorOptions { Seed = 5, ItemCount = 600, ShopperCount = 800 }).Generate();
        var builder = new BasketBuilder();
        foreach (var e in shop.Events)
        {
            builder.Add(e);
        }

        var baskets = builder.Build();
        var rules = new AssociationRuleMiner(new AssociationRuleOptions(MinSupport: 0, MinConfidence: 0.05, MaxLength: 2, MinCount: 3)).Mine(baskets.Matrix);

        Assert.True(rules.Count >= 20, $"{rules.Count} rules");
        var planted = rules.Count(r => shop.Complements.TryGetValue(baskets.Items[r.Antecedent[0]], out var c) && c == baskets.Items[r.Consequent]);
        Assert.True(planted >= 0.9 * rules.Count, $"{planted} of {rules.Count} rules are planted pairs");
    }

    [Fact]
    public void Without_bundles_the_baskets_hold_no_such_pairs()
    {
        var shop = new ShopGenerator(new ShopGeneratorOptions { Seed = 5, ItemCount = 600, ShopperCount = 800, BundleShare = 0 }).Generate();
        var builder = new BasketBuilder();
        foreach (var e in shop.Events)
        {
            builder.Add(e);
        }

        var baskets = builder.Build();
        var rules = new AssociationRuleMiner(new AssociationRuleOptions(MinSupport: 0, MinConfidence: 0.05, MaxLength: 2, MinCount: 3)).Mine(baskets.Matrix);
        Assert.True(rules.Count < 5, $"{rules.Count} rules");
    }
}
