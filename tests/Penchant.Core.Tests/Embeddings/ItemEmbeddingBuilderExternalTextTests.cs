using System.Numerics.Tensors;
using Penchant.Core.Data;
using Penchant.Core.Embeddings;

namespace Penchant.Core.Tests.Embeddings;

public sealed class ItemEmbeddingBuilderExternalTextTests
{
    [Fact]
    public void Text_embeddings_from_elsewhere_replace_the_hashed_ones_in_the_combined_space()
    {
        // Twenty items whose titles share no words, but whose external embeddings put them in two groups.
        var items = Enumerable.Range(0, 20).Select(i => new Item($"i{i}", $"word{i}x unique{i}y")).ToArray();
        var rows = Enumerable.Range(0, 20).Select(i => i < 10 ? new[] { 1f, 0f, 0f } : new[] { 0f, 0.6f, 0.8f }).ToArray();
        var external = ItemEmbeddings.FromRows(rows, 3);

        var set = new ItemEmbeddingBuilder().Build(items, [], seed: 1, text: external);

        Assert.Same(external, set.Text);
        float Cosine(int a, int b) => TensorPrimitives.CosineSimilarity(set.Combined.Row(a), set.Combined.Row(b));
        Assert.Equal(1f, Cosine(0, 9), 5);
        Assert.Equal(1f, Cosine(10, 19), 5);
        Assert.Equal(0f, Cosine(0, 10), 5);

        // The offline hashing tells these titles apart, so its items 0 and 9 are not the same point.
        var offline = new ItemEmbeddingBuilder().Build(items, [], seed: 1);
        Assert.True(TensorPrimitives.CosineSimilarity(offline.Combined.Row(0), offline.Combined.Row(9)) < 0.9f);
        Assert.Throws<ArgumentException>(() => new ItemEmbeddingBuilder().Build(items, [], seed: 1, text: ItemEmbeddings.FromRows(rows[..5], 3)));
    }
}
