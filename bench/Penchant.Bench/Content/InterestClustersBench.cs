using System.Diagnostics;
using System.Globalization;
using Penchant.Core.Clustering;
using Penchant.Core.Data;
using Penchant.Core.Embeddings;
using Penchant.Core.Synthetic;

namespace Penchant.Bench.Content;

/// <summary>
/// Interest clusters on the generated shop: leaf-category purity of k-means over text, behaviour and combined
/// embeddings, the share of cluster ids kept by a retrain with another seed on 2% changed data, and sample labels.
/// </summary>
public sealed class InterestClustersBench : IBench
{
    public string Name => "interest-clusters";

    public string Description => "purity, id stability and labels of interest clusters: [--items 3000] [--shoppers 2000] [--seed 42] [--k 150]";

    public Task<int> RunAsync(string[] args)
    {
        var a = BenchArgs.Parse(args);
        var options = new ShopGeneratorOptions
        {
            ItemCount = Int(a, "items", 3000),
            ShopperCount = Int(a, "shoppers", 2000),
            Seed = Int(a, "seed", 42),
        };
        var k = Int(a, "k", 150);
        var shop = new ShopGenerator(options).Generate();
        var builder = new InteractionBuilder(items: new IdMap(shop.Items.Select(static i => i.Id))) { ReferenceTime = shop.End };
        foreach (var e in shop.Events)
        {
            builder.Add(e);
        }

        var data = builder.Build();
        var items = ItemEmbeddingBuilder.Align(data.Items, shop.Items);
        var clock = Stopwatch.StartNew();
        var set = new ItemEmbeddingBuilder().Build(items, data.Sequences, seed: 1);
        Console.WriteLine(FormattableString.Invariant(
            $"shop seed {options.Seed}: {items.Length} items in {shop.Categories.Count} leaf categories, {data.Sequences.Sum(static s => s.Length)} sequence steps; embeddings built in {clock.Elapsed.TotalSeconds:F1} s; k = {k}"));
        Console.WriteLine();
        Console.WriteLine("| embedding | leaf purity | ids kept after retrain (seed 2, 2% items dropped), warm start | same, matching only | fit s |");
        Console.WriteLine("|---|---|---|---|---|");
        var clusterer = new InterestClusterer(new InterestClusterOptions(new KMeansOptions(k)));
        var keep = Enumerable.Range(0, items.Length).Where(static i => i % 50 != 7).ToArray();
        InterestClusters? shown = null;
        foreach (var (label, table) in new[] { ("text", set.Text), ("behaviour (item2vec)", set.Behaviour), ("combined", set.Combined) })
        {
            clock.Restart();
            var first = clusterer.Fit(table, items, set.TextModel, seed: 1);
            var fit = clock.Elapsed.TotalSeconds;
            var subset = Subset(table, keep);
            var subsetItems = keep.Select(i => items[i]).ToArray();
            var text = new Penchant.Core.Text.ItemTextVectorizer().Fit(subsetItems);
            var oldIds = first.Clusters.Select(static c => c.Id).ToHashSet();
            string Kept(InterestClusters second)
            {
                var kept = second.Clusters.Count(c => oldIds.Contains(c.Id));
                return FormattableString.Invariant($"{kept} of {second.Clusters.Count} ({(double)kept / second.Clusters.Count:P0})");
            }

            var warm = clusterer.Fit(subset, subsetItems, text, seed: 2, previous: first);
            var matched = new InterestClusterer(clusterer.Options with { WarmStart = false }).Fit(subset, subsetItems, text, seed: 2, previous: first);
            Console.WriteLine(FormattableString.Invariant(
                $"| {label} | {Purity(first, items):F3} | {Kept(warm)} | {Kept(matched)} | {fit:F1} |"));
            if (label == "combined")
            {
                shown = first;
            }
        }

        Console.WriteLine();
        Console.WriteLine("Sample labels (combined embeddings, largest clusters):");
        foreach (var c in shown!.Clusters.OrderByDescending(static c => c.Members.Count).Take(10))
        {
            Console.WriteLine($"- {c.Label} ({c.Members.Count} items)");
        }

        return Task.FromResult(0);
    }

    private static ItemEmbeddings Subset(ItemEmbeddings table, int[] keep)
    {
        var values = new float[keep.Length * table.Dimensions];
        for (var r = 0; r < keep.Length; r++)
        {
            table.Row(keep[r]).CopyTo(values.AsSpan(r * table.Dimensions, table.Dimensions));
        }

        return new ItemEmbeddings(keep.Length, table.Dimensions, values);
    }

    private static double Purity(InterestClusters clusters, IReadOnlyList<Item> items)
    {
        var byCluster = new Dictionary<int, Dictionary<string, int>>();
        var assigned = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var c = clusters.ClusterOf(i);
            if (c < 0)
            {
                continue;
            }

            assigned++;
            var counts = byCluster.TryGetValue(c, out var found) ? found : byCluster[c] = new Dictionary<string, int>(StringComparer.Ordinal);
            var leaf = items[i].LeafCategory ?? "";
            counts[leaf] = counts.GetValueOrDefault(leaf) + 1;
        }

        return assigned == 0 ? 0 : (double)byCluster.Values.Sum(static d => d.Values.Max()) / assigned;
    }

    private static int Int(BenchArgs a, string name, int fallback) =>
        int.Parse(a.Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
}
