using Penchant.Core.Clustering;
using Penchant.Core.Data;
using Penchant.Core.Embeddings;
using Penchant.Core.Synthetic;
using Penchant.Core.Text;

namespace Penchant.Core.Tests.Clustering;

public sealed class InterestClustererTests
{
    private static (IReadOnlyList<Item> Items, ItemEmbeddings Embeddings, ItemTextModel Text, int Leaves) Shop(int dropEvery = 0)
    {
        var shop = new ShopGenerator(new ShopGeneratorOptions { Seed = 3, ItemCount = 1500, ShopperCount = 0 }).Generate();
        IReadOnlyList<Item> items = dropEvery > 0 ? [.. shop.Items.Where((_, i) => i % dropEvery != 1)] : shop.Items;
        var (embeddings, text) = new ItemEmbeddingBuilder().BuildText(items);
        return (items, embeddings, text, shop.Categories.Count);
    }

    private static double Purity(InterestClusters clusters, IReadOnlyList<Item> items)
    {
        var majority = 0;
        for (var c = 0; c < clusters.Clusters.Count; c++)
        {
            majority += Enumerable.Range(0, items.Count).Where(i => clusters.ClusterOf(i) == c)
                .GroupBy(i => items[i].LeafCategory).Max(static g => g.Count());
        }

        return (double)majority / items.Count;
    }

    /// <summary>Whether every occurrence of <paramref name="han"/> in the titles sits inside a run of Han characters.</summary>
    private static bool IsFragment(char han, IEnumerable<string> titles)
    {
        foreach (var title in titles)
        {
            for (var i = title.IndexOf(han, StringComparison.Ordinal); i >= 0; i = title.IndexOf(han, i + 1))
            {
                var before = i > 0 && TextNormalizer.IsHan(title[i - 1]);
                var after = i + 1 < title.Length && TextNormalizer.IsHan(title[i + 1]);
                if (!before && !after)
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Fact]
    public void Clusters_recover_the_planted_categories_and_labels_name_them()
    {
        var (items, embeddings, text, leaves) = Shop();
        // About 17 items per leaf; somewhat more clusters than leaves, as a shop would use.
        var clusters = new InterestClusterer(new InterestClusterOptions(new KMeansOptions(leaves * 7 / 4))).Fit(embeddings, items, text, seed: 1);
        var shopItems = items.ToDictionary(static i => i.Id);
        var purity = Purity(clusters, items);
        Assert.True(purity >= 0.65, $"leaf-category purity {purity:P1}");
        var random = new InterestClusterer(new InterestClusterOptions(new KMeansOptions(leaves * 7 / 4))).Fit(
            ItemEmbeddings.FromRows([.. items.Select((_, i) => new float[] { MathF.Cos(i * 2.399f), MathF.Sin(i * 2.399f) })], 2), items, text, seed: 1);
        Assert.True(purity > 2 * Purity(random, items), "clusters of meaningless embeddings should be far less pure");

        var labelled = 0;
        foreach (var cluster in clusters.Clusters)
        {
            Assert.Equal(cluster.Categories[0], cluster.Label.Split(" · ")[0].Split(" & ")[0]);
            Assert.InRange(cluster.Keywords.Count, 0, 2);
            Assert.DoesNotContain(cluster.Keywords, k => cluster.Categories[0].Contains(k, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(cluster.Keywords, k => cluster.Members.Any(id => string.Equals(shopItems[id].Brand, k, StringComparison.OrdinalIgnoreCase)));
            labelled += cluster.Label.Contains(" · ", StringComparison.Ordinal) ? 1 : 0;
            // No keyword is a lone Han character cut out of the longer words the members' titles spell (衬 of 衬衫).
            Assert.DoesNotContain(cluster.Keywords, k => k.Length == 1 && TextNormalizer.IsHan(k[0]) && IsFragment(k[0], cluster.Members.Select(id => shopItems[id].Title)));
            // Nor do two Han keywords share a character (衬衫 and 色衬, cut across 绿色衬衫, say one word twice).
            var hanChars = cluster.Keywords.Where(static k => TextNormalizer.IsHan(k[0])).SelectMany(static k => k.Distinct()).ToList();
            Assert.Equal(hanChars.Count, hanChars.Distinct().Count());
        }

        Assert.True(labelled >= clusters.Clusters.Count * 0.9, "nearly every label should carry keywords");
        Assert.Equal(clusters.Clusters.Count, clusters.Clusters.Select(static c => c.Id).Distinct().Count());
    }

    [Fact]
    public void Cluster_map_mirrors_the_clusters()
    {
        var (items, embeddings, text, _) = Shop();
        var clusters = new InterestClusterer(new InterestClusterOptions(new KMeansOptions(20))).Fit(embeddings, items, text, seed: 2);
        var map = clusters.ToClusterMap();
        Assert.Equal(clusters.Clusters.Count, map.ClusterCount);
        for (var c = 0; c < map.ClusterCount; c++)
        {
            Assert.Equal(clusters.Clusters[c].Label, map.Labels[c]);
            Assert.Equal(clusters.Clusters[c].Members.Order(StringComparer.Ordinal), map.ItemsOf(c).ToArray().Select(i => items[i].Id).Order(StringComparer.Ordinal));
        }
    }

    [Theory]
    [InlineData(true, 0.8)]
    [InlineData(false, 0.5)]
    public void Ids_survive_a_retrain_with_another_seed_and_slightly_changed_data(bool warmStart, double minKept)
    {
        var (items, embeddings, text, leaves) = Shop();
        var clusterer = new InterestClusterer(new InterestClusterOptions(new KMeansOptions(leaves * 7 / 4), WarmStart: warmStart));
        var first = clusterer.Fit(embeddings, items, text, seed: 1);

        // Retrain with another seed on a catalogue missing every 25th item.
        var (items2, embeddings2, text2, _) = Shop(dropEvery: 25);
        var second = clusterer.Fit(embeddings2, items2, text2, seed: 99, previous: first);

        var oldById = first.Clusters.ToDictionary(static c => c.Id);
        var kept = 0;
        foreach (var cluster in second.Clusters)
        {
            var best = first.Clusters.MaxBy(old => Jaccard(old.Members, cluster.Members))!;
            if (Jaccard(best.Members, cluster.Members) >= 0.8)
            {
                Assert.Equal(best.Id, cluster.Id);
            }

            if (oldById.TryGetValue(cluster.Id, out var old))
            {
                kept++;
                Assert.True(Jaccard(old.Members, cluster.Members) >= 0.3, $"cluster {cluster.Id} kept an id without enough overlap");
            }
            else
            {
                Assert.True(cluster.Id >= first.NextId, "a new cluster must get a fresh id");
            }
        }

        Assert.True(kept >= second.Clusters.Count * minKept, $"only {kept} of {second.Clusters.Count} clusters kept their id");
        Assert.Equal(second.Clusters.Count, second.Clusters.Select(static c => c.Id).Distinct().Count());
    }

    [Fact]
    public void Written_and_read_back_a_clustering_keeps_its_clusters_and_every_items_cluster()
    {
        var (items, embeddings, text, leaves) = Shop();
        var first = new InterestClusterer(new InterestClusterOptions(new KMeansOptions(leaves))).Fit(embeddings, items, text, seed: 1);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            first.Write(writer);
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        var back = InterestClusters.Read(reader);
        Assert.Equal(stream.Length, stream.Position);
        Assert.Equal(first.NextId, back.NextId);
        Assert.Equal(
            first.Clusters.Select(static c => (c.Id, c.Label, string.Join("|", c.Categories), string.Join("|", c.Keywords), string.Join("|", c.Members))),
            back.Clusters.Select(static c => (c.Id, c.Label, string.Join("|", c.Categories), string.Join("|", c.Keywords), string.Join("|", c.Members))));
        Assert.Equal(Enumerable.Range(0, items.Count).Select(first.ClusterOf), Enumerable.Range(0, items.Count).Select(back.ClusterOf));
        Assert.Contains(Enumerable.Range(0, items.Count), i => back.ClusterOf(i) > 0);
    }

    [Fact]
    public void A_restored_clustering_carries_ids_exactly_as_the_original_does()
    {
        var (items, embeddings, text, leaves) = Shop();
        var clusterer = new InterestClusterer(new InterestClusterOptions(new KMeansOptions(leaves * 7 / 4)));
        var first = clusterer.Fit(embeddings, items, text, seed: 1);
        var restored = InterestClusters.Restore([.. first.Clusters.Reverse()], first.NextId);
        Assert.Equal(first.Clusters.Select(static c => c.Id), restored.Clusters.Select(static c => c.Id));
        Assert.Equal(-1, restored.ClusterOf(0));

        var (items2, embeddings2, text2, _) = Shop(dropEvery: 25);
        var fromOriginal = clusterer.Fit(embeddings2, items2, text2, seed: 99, previous: first);
        var fromRestored = clusterer.Fit(embeddings2, items2, text2, seed: 99, previous: restored);
        Assert.Equal(fromOriginal.Clusters.Select(static c => (c.Id, c.Label)), fromRestored.Clusters.Select(static c => (c.Id, c.Label)));
        Assert.Equal(fromOriginal.NextId, fromRestored.NextId);
        Assert.Throws<ArgumentOutOfRangeException>(() => InterestClusters.Restore(first.Clusters, first.Clusters[^1].Id));
    }

    private static double Jaccard(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var set = new HashSet<string>(a, StringComparer.Ordinal);
        var both = b.Count(set.Contains);
        return (double)both / (a.Count + b.Count - both);
    }
}
