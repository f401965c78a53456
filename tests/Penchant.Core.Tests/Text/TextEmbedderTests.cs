using Penchant.Core.Data;
using Penchant.Core.Numerics;
using Penchant.Core.Text;

namespace Penchant.Core.Tests.Text;

public sealed class TextEmbedderTests
{
    private static float Cos(float[] a, float[] b) => System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(a, b);

    [Fact]
    public void English_items_sharing_words_are_nearer_than_unrelated_ones()
    {
        var embedder = new TextEmbedder();
        var trail = embedder.Embed(new Item("a", "Trail running shoes", CategoryPath: ["Sports", "Running"]));
        var road = embedder.Embed(new Item("b", "Road running shoe", CategoryPath: ["Sports", "Running"]));
        var stove = embedder.Embed(new Item("c", "Camping gas stove", CategoryPath: ["Outdoor", "Camping"]));
        Assert.True(Cos(trail, road) > Cos(trail, stove) + 0.2f);
        Assert.Equal(1f, System.Numerics.Tensors.TensorPrimitives.Norm(trail), 4);
    }

    [Fact]
    public void Chinese_items_sharing_bigrams_are_nearer_than_unrelated_ones()
    {
        var embedder = new TextEmbedder();
        var a = embedder.Embed("轻便透气跑步鞋");
        var b = embedder.Embed("防滑越野跑步鞋");
        var c = embedder.Embed("碎花夏季连衣裙");
        Assert.True(Cos(a, b) > Cos(a, c) + 0.2f);
    }

    [Fact]
    public void Character_ngrams_bring_spelling_variants_together()
    {
        var embedder = new TextEmbedder();
        var plain = new TextEmbedder(new TextEmbeddingOptions(CharNGramMin: 0));
        var withGrams = Cos(embedder.Embed("colourful"), embedder.Embed("colorful"));
        var withoutGrams = Cos(plain.Embed("colourful"), plain.Embed("colorful"));
        Assert.True(withGrams > 0.15f);
        Assert.True(withGrams > withoutGrams + 0.1f);
    }

    [Fact]
    public void Same_seed_same_vector_and_another_seed_another_vector()
    {
        var a = new TextEmbedder(new TextEmbeddingOptions(Seed: 7)).Embed("red cotton dress");
        var b = new TextEmbedder(new TextEmbeddingOptions(Seed: 7)).Embed("red cotton dress");
        var c = new TextEmbedder(new TextEmbeddingOptions(Seed: 8)).Embed("red cotton dress");
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Projected_tfidf_vectors_keep_neighbours()
    {
        Item[] items =
        [
            new("0", "Acoustic guitar strings", "Phosphor bronze strings for acoustic guitar"),
            new("1", "Electric guitar strings", "Nickel strings for electric guitar"),
            new("2", "Guitar tuner", "Clip-on tuner"),
            new("3", "Yoga mat", "Thick non-slip yoga mat"),
            new("4", "Yoga block", "Foam block for yoga"),
        ];
        var model = new ItemTextVectorizer().Fit(items);
        var rows = new TextEmbedder(new TextEmbeddingOptions(Dimensions: 128)).ProjectAll(model);
        Assert.True(Cos(rows[0], rows[1]) > Cos(rows[0], rows[3]));
        Assert.True(Cos(rows[3], rows[4]) > Cos(rows[3], rows[1]));
        var scores = rows.Select(r => Cos(rows[3], r)).ToArray();
        scores[3] = float.NegativeInfinity;
        Assert.Equal(4, TopK.Select(scores, 1)[0].Item);
    }

    [Fact]
    public void Blend_moves_between_the_two_embeddings()
    {
        float[] text = [3, 4, 0];
        float[] behaviour = [0, 0, 2];
        Assert.Equal([0.6f, 0.8f, 0f], EmbeddingBlend.Blend(text, behaviour, 0f));
        Assert.Equal([0f, 0f, 1f], EmbeddingBlend.Blend(text, behaviour, 1f));
        var half = EmbeddingBlend.Blend(text, behaviour, 0.5f);
        Assert.Equal(Cos(half, [0.6f, 0.8f, 0f]), Cos(half, [0f, 0f, 1f]), 5);
        Assert.Equal([0.6f, 0.8f, 0f], EmbeddingBlend.Blend(text, [0, 0, 0], 0.5f));
        Assert.Throws<ArgumentException>(() => EmbeddingBlend.Blend(text, [1, 2], 0.5f));
    }

    [Fact]
    public void Concatenation_blends_cosines_linearly()
    {
        float[] a1 = [1, 2, 3], a2 = [3, 1, 0], b1 = [1, 0], b2 = [1, 1];
        var w = 0.3f;
        var blended = Cos(EmbeddingBlend.Concatenate(a1, b1, w), EmbeddingBlend.Concatenate(a2, b2, w));
        Assert.Equal(((1 - w) * Cos(a1, a2)) + (w * Cos(b1, b2)), blended, 5);
    }
}
