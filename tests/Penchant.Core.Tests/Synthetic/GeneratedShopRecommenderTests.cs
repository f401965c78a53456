using Penchant.Core.Data;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.ItemKnn;
using Penchant.Core.Recommenders.Popularity;
using Penchant.Core.Synthetic;

namespace Penchant.Core.Tests.Synthetic;

/// <summary>
/// The acceptance of the synthetic shop: its planted interests are learnable. Item-kNN, which follows each
/// shopper's history, must fill its top 10 with items of the shopper's planted current categories far more
/// often than popularity, which recommends the same items to everyone.
/// </summary>
public sealed class GeneratedShopRecommenderTests
{
    [Fact]
    public void Item_knn_top_10_hits_planted_current_categories_far_more_often_than_popularity()
    {
        var shop = new ShopGenerator(new ShopGeneratorOptions { Seed = 11, ItemCount = 1500, ShopperCount = 600 }).Generate();
        var builder = new InteractionBuilder() { ReferenceTime = shop.End };
        foreach (var e in shop.Events)
        {
            builder.Add(e);
        }

        var data = builder.Build();
        var knn = new ItemKnnRecommender().Fit(data, TrainingContext.Default);
        var popularity = new PopularityRecommender().Fit(data, TrainingContext.Default);

        var knnShare = PlantedShare(shop, data, knn);
        var popularityShare = PlantedShare(shop, data, popularity);

        Assert.True(knnShare >= 2 * popularityShare, $"item-kNN {knnShare:P1} vs popularity {popularityShare:P1} of top-10 items in planted categories");
        Assert.True(knnShare > 0.3, $"item-kNN puts only {knnShare:P1} of its top 10 in planted categories");
    }

    [Fact]
    public void Item_knn_top_10_matches_the_categories_of_held_out_last_events_far_more_often_than_popularity()
    {
        // Train on each shopper's first 80 % of events; the last 20 % are what they went on to look at.
        var shop = new ShopGenerator(new ShopGeneratorOptions { Seed = 13, ItemCount = 1500, ShopperCount = 600 }).Generate();
        var builder = new InteractionBuilder { ReferenceTime = shop.End };
        var heldOut = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var group in shop.Events.GroupBy(e => e.UserId))
        {
            var events = group.ToList();
            var cut = events.Count * 4 / 5;
            foreach (var e in events.Take(cut))
            {
                builder.Add(e);
            }

            heldOut[group.Key] = [.. events.Skip(cut).Where(e => e.ItemId is not null).Select(e => shop.FindItem(e.ItemId!)!.CategoryText)];
        }

        var data = builder.Build();
        var knn = new ItemKnnRecommender().Fit(data, TrainingContext.Default);
        var popularity = new PopularityRecommender().Fit(data, TrainingContext.Default);
        double Share(IRecommenderModel model) => MeanShare(data, model, user => heldOut[user], shop);

        var knnShare = Share(knn);
        var popularityShare = Share(popularity);
        Assert.True(knnShare >= 2 * popularityShare, $"item-kNN {knnShare:P1} vs popularity {popularityShare:P1} of top-10 items in held-out categories");
        Assert.True(knnShare > 0.2, $"item-kNN puts only {knnShare:P1} of its top 10 in held-out categories");
    }

    /// <summary>
    /// The share of top-10 recommendations (seen items excluded) whose category is one of the shopper's planted
    /// current categories, averaged over shoppers.
    /// </summary>
    private static double PlantedShare(SyntheticShop shop, InteractionData data, IRecommenderModel model) =>
        MeanShare(data, model, user => [.. shop.GroundTruth[user].CurrentCategories.Select(c => c.Category)], shop);

    /// <summary>The share of each shopper's top 10 (seen items excluded) in the shopper's target categories, averaged.</summary>
    private static double MeanShare(InteractionData data, IRecommenderModel model, Func<string, HashSet<string>> targets, SyntheticShop shop)
    {
        var total = 0.0;
        var shoppers = 0;
        for (var u = 0; u < data.UserCount; u++)
        {
            var planted = targets(data.Users[u]);
            var top = model.Recommend(UserQuery.FromTraining(data, u), 10);
            if (top.Length == 0)
            {
                continue;
            }

            total += top.Count(s => planted.Contains(shop.FindItem(data.Items[s.Item])!.CategoryText)) / (double)top.Length;
            shoppers++;
        }

        return total / shoppers;
    }
}
