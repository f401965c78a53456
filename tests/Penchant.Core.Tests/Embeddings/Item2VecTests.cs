using System.Numerics.Tensors;
using Penchant.Core.Embeddings;

namespace Penchant.Core.Tests.Embeddings;

public sealed class Item2VecTests
{
    /// <summary>Two groups of items, 0..9 and 10..19; each shopper's sequence shuffles items of one group.</summary>
    private static List<int[]> TwoGroups(int shoppers = 300)
    {
        var rng = new Random(3);
        var sequences = new List<int[]>();
        for (var s = 0; s < shoppers; s++)
        {
            var offset = s % 2 == 0 ? 0 : 10;
            var seq = Enumerable.Range(0, 8).Select(_ => offset + rng.Next(10)).ToArray();
            sequences.Add(seq);
        }

        return sequences;
    }

    [Fact]
    public void Co_consumed_items_end_up_closer_than_items_never_consumed_together()
    {
        var vectors = new Item2Vec(new Item2VecOptions(Dimensions: 16, Epochs: 10, Subsample: 0)).Fit(TwoGroups(), 20, seed: 1);
        double within = 0, across = 0;
        int nw = 0, na = 0;
        for (var a = 0; a < 20; a++)
        {
            for (var b = a + 1; b < 20; b++)
            {
                var cos = TensorPrimitives.Dot(vectors[a], vectors[b]);
                if ((a < 10) == (b < 10))
                {
                    within += cos;
                    nw++;
                }
                else
                {
                    across += cos;
                    na++;
                }
            }
        }

        within /= nw;
        across /= na;
        Assert.True(within > across + 0.3, $"within-group cosine {within:F3} vs across {across:F3}");
    }

    [Fact]
    public void Same_seed_gives_identical_vectors_and_rare_items_get_none()
    {
        var sequences = TwoGroups(50);
        sequences.Add([20]);
        var options = new Item2VecOptions(Dimensions: 8, Epochs: 2, MinCount: 2);
        var a = new Item2Vec(options).Fit(sequences, 22, seed: 9);
        var b = new Item2Vec(options).Fit(sequences, 22, seed: 9);
        for (var i = 0; i < 22; i++)
        {
            Assert.Equal(a[i], b[i]);
        }

        Assert.All(a[20], static v => Assert.Equal(0f, v));
        Assert.All(a[21], static v => Assert.Equal(0f, v));
        Assert.Equal(1f, TensorPrimitives.Norm(a[0]), 4);
    }

    [Fact]
    public void Empty_or_unknown_input_gives_zero_vectors()
    {
        var vectors = new Item2Vec(new Item2VecOptions(Dimensions: 4)).Fit([[], [7, 9]], 3, seed: 1);
        Assert.Equal(3, vectors.Length);
        Assert.All(vectors, static v => Assert.All(v, static x => Assert.Equal(0f, x)));
    }
}
