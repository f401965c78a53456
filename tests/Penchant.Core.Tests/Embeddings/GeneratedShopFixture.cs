using Penchant.Core.Data;
using Penchant.Core.Synthetic;

namespace Penchant.Core.Tests.Embeddings;

/// <summary>A small generated shop as dense-id data: every catalogue item has a column, in catalogue order.</summary>
internal static class GeneratedShopFixture
{
    public static (SyntheticShop Shop, InteractionData Data) Build(long seed = 5, int items = 800, int shoppers = 600)
    {
        var shop = new ShopGenerator(new ShopGeneratorOptions { Seed = seed, ItemCount = items, ShopperCount = shoppers }).Generate();
        var builder = new InteractionBuilder(items: new IdMap(shop.Items.Select(static i => i.Id))) { ReferenceTime = shop.End };
        foreach (var e in shop.Events)
        {
            builder.Add(e);
        }

        return (shop, builder.Build());
    }
}
