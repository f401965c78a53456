using System.Diagnostics;
using Penchant.Core.Data;
using Penchant.Core.Explanations;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Content;
using Penchant.Core.Recommenders.ItemKnn;
using Penchant.Core.Synthetic;

namespace Penchant.Bench.Content;

/// <summary>
/// The cost and effect of the similarity bar on "because you ..." reasons: for generated shoppers, the top 10
/// of a model are attributed to their history with no bar and with the default bar (its item ceilings kept
/// across lists, as a serving snapshot keeps them: first pass cold, second warm); prints the time per list,
/// how many items keep a history reason, and how many of those name an item of another leaf category.
/// </summary>
public sealed class AttributionBench : IBench
{
    public string Name => "attribution";

    public string Description => "history attribution cost and cross-category reasons with and without the similarity bar: [--items 30000] [--shoppers 3000] [--queries 500]";

    public Task<int> RunAsync(string[] args)
    {
        var a = BenchArgs.Parse(args);
        var shop = new ShopGenerator(new ShopGeneratorOptions { ItemCount = a.GetInt("items", 30000), ShopperCount = a.GetInt("shoppers", 3000), Seed = 42 }).Generate();
        var builder = new InteractionBuilder(items: new IdMap(shop.Items.Select(static i => i.Id))) { ReferenceTime = shop.End };
        foreach (var e in shop.Events)
        {
            builder.Add(e);
        }

        var data = builder.Build();
        var items = new Item[data.Items.Count];
        foreach (var item in shop.Items)
        {
            items[data.Items.IndexOf(item.Id)] = item;
        }

        var queries = Enumerable.Range(0, Math.Min(a.GetInt("queries", 500), data.Users.Count)).Select(u => UserQuery.FromTraining(data, u)).ToList();
        Console.WriteLine(FormattableString.Invariant($"{items.Length} items, {data.Users.Count} shoppers, {queries.Count} lists of 10"));
        Console.WriteLine();
        Console.WriteLine("| model | bar | ms per list | items with a history reason | of those, another leaf category |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (IRecommender recommender in new IRecommender[] { new ItemKnnRecommender(), new ContentRecommender(shop.Items) })
        {
            var model = recommender.Fit(data, new TrainingContext(Seed: 1));
            var lists = queries.Select(q => model.Recommend(q, 10).Select(static r => r.Item).ToArray()).ToList();
            var ceilings = new ItemTopSimilarity(model);
            foreach (var (share, pass) in new[] { (0f, ""), (HistoryAttribution.DefaultMinSimilarityShare, " cold"), (HistoryAttribution.DefaultMinSimilarityShare, " warm") })
            {
                var clock = Stopwatch.StartNew();
                var attributed = 0;
                var crossCategory = 0;
                for (var q = 0; q < queries.Count; q++)
                {
                    var result = HistoryAttribution.Attribute(model, queries[q], lists[q], minSimilarityShare: share, ceilings: ceilings);
                    for (var r = 0; r < result.Length; r++)
                    {
                        if (result[r] is { } at)
                        {
                            attributed++;
                            crossCategory += items[at.HistoryItem].LeafCategory == items[lists[q][r]].LeafCategory ? 0 : 1;
                        }
                    }
                }

                var total = lists.Sum(static l => l.Length);
                Console.WriteLine(FormattableString.Invariant(
                    $"| {recommender.Name} | {share:0.##}{pass} | {clock.Elapsed.TotalMilliseconds / queries.Count:F3} | {attributed} of {total} | {crossCategory} ({(double)crossCategory / Math.Max(1, attributed):P1}) |"));
            }
        }

        return Task.FromResult(0);
    }
}
