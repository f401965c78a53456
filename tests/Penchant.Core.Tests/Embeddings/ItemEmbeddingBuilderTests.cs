using System.Numerics.Tensors;
using Penchant.Core.Data;
using Penchant.Core.Embeddings;

namespace Penchant.Core.Tests.Embeddings;

public sealed class ItemEmbeddingBuilderTests
{
    [Fact]
    public void Text_only_items_land_among_items_of_their_own_category()
    {
        // About 17 items per leaf category, so five same-category neighbours exist.
        var (shop, data) = GeneratedShopFixture.Build(items: 1500, shoppers: 600);
        var items = ItemEmbeddingBuilder.Align(data.Items, shop.Items);
        // Hide every interaction with every 10th item: those items have text only.
        var textOnly = Enumerable.Range(0, items.Length).Where(static i => i % 10 == 3).ToHashSet();
        var sequences = data.Sequences.Select(s => s.Where(i => !textOnly.Contains(i)).ToArray()).ToList();
        var set = new ItemEmbeddingBuilder().Build(items, sequences, seed: 1);

        Assert.All(textOnly, i => Assert.False(set.HasBehaviour[i]));
        Assert.True(set.HasBehaviour.Count(static h => h) > items.Length / 2, "most items should have behaviour vectors");
        double same = 0;
        var total = 0;
        foreach (var i in textOnly)
        {
            foreach (var neighbour in set.Combined.Nearest(i, 5))
            {
                same += items[neighbour.Item].LeafCategory == items[i].LeafCategory ? 1 : 0;
                total++;
            }

            Assert.Equal(1f, TensorPrimitives.Norm(set.Combined.Row(i)), 3);
        }

        Assert.True(same / total >= 0.6, $"only {same / total:P0} of a text-only item's neighbours share its category");
    }

    [Fact]
    public void Behaviour_part_of_combined_embedding_brings_co_consumed_items_together()
    {
        // Two items with identical text, one bought with shoes, the other with stoves: behaviour must pull them apart.
        var items = new List<Item>();
        for (var i = 0; i < 30; i++)
        {
            items.Add(i < 15
                ? new Item($"s{i}", $"Trail shoe model {i}", CategoryPath: ["Running"])
                : new Item($"c{i}", $"Camping stove model {i}", CategoryPath: ["Camping"]));
        }

        items.Add(new Item("x", "Water bottle"));
        items.Add(new Item("y", "Water bottle"));
        var rng = new Random(2);
        var sequences = new List<int[]>();
        for (var s = 0; s < 400; s++)
        {
            var shoes = s % 2 == 0;
            var seq = Enumerable.Range(0, 6).Select(_ => shoes ? rng.Next(15) : 15 + rng.Next(15)).ToList();
            seq.Insert(3, shoes ? 30 : 31);
            sequences.Add([.. seq]);
        }

        var set = new ItemEmbeddingBuilder(new ItemEmbeddingOptions(BehaviourWeight: 0.7f, Behaviour: new Item2VecOptions(Dimensions: 16, Epochs: 10, Subsample: 0)))
            .Build(items, sequences, seed: 4);
        Assert.Equal(1f, TensorPrimitives.Dot(set.Text.Row(30), set.Text.Row(31)), 4);
        float MeanCosine(int item, int from, int to) =>
            Enumerable.Range(from, to - from).Average(j => TensorPrimitives.Dot(set.Combined.Row(item), set.Combined.Row(j)));
        Assert.True(MeanCosine(30, 0, 15) > MeanCosine(30, 15, 30) + 0.1f, "the bottle bought with shoes should sit nearer the shoes");
        Assert.True(MeanCosine(31, 15, 30) > MeanCosine(31, 0, 15) + 0.1f, "the bottle bought with stoves should sit nearer the stoves");
        Assert.True(TensorPrimitives.Dot(set.Combined.Row(30), set.Combined.Row(31)) < 0.9f);
    }

    [Fact]
    public void Ridge_map_recovers_a_linear_relation_between_text_and_behaviour()
    {
        var rng = new Random(7);
        const int n = 200, dt = 6, db = 3;
        var truth = new float[dt * db];
        for (var k = 0; k < truth.Length; k++)
        {
            truth[k] = (float)(rng.NextDouble() - 0.5);
        }

        var t = new float[n * dt];
        var b = new float[n * db];
        for (var i = 0; i < n; i++)
        {
            for (var p = 0; p < dt; p++)
            {
                t[(i * dt) + p] = (float)(rng.NextDouble() - 0.5);
            }

            ItemEmbeddingBuilder.Apply(truth, t.AsSpan(i * dt, dt), b.AsSpan(i * db, db));
        }

        var map = ItemEmbeddingBuilder.FitMap(new ItemEmbeddings(n, dt, t), new ItemEmbeddings(n, db, b), [.. Enumerable.Range(0, n)], ridge: 1e-4f);
        for (var k = 0; k < truth.Length; k++)
        {
            Assert.Equal(truth[k], map[k], 2);
        }
    }

    [Fact]
    public void Align_follows_the_id_map_and_fills_missing_items()
    {
        var aligned = ItemEmbeddingBuilder.Align(new IdMap(["b", "zz", "a"]), [new Item("a", "Alpha"), new Item("b", "Beta")]);
        Assert.Equal(["Beta", "", "Alpha"], aligned.Select(static i => i.Title));
        Assert.Equal("zz", aligned[1].Id);
    }
}
