using Penchant.Core.Text;

namespace Penchant.Core.Tests.Text;

public sealed class SparseVectorTests
{
    [Fact]
    public void Dot_and_cosine_agree_with_the_dense_computation()
    {
        var rng = new Random(5);
        for (var trial = 0; trial < 100; trial++)
        {
            var a = RandomDense(rng, 30);
            var b = RandomDense(rng, 30);
            var sa = ToSparse(a);
            var sb = ToSparse(b);
            var dot = a.Zip(b, (x, y) => (double)x * y).Sum();
            Assert.Equal(dot, SparseVector.Dot(sa, sb), 4);
            Assert.Equal(dot, sa.Dot(b), 4);
            var na = Math.Sqrt(a.Sum(x => (double)x * x));
            var nb = Math.Sqrt(b.Sum(x => (double)x * x));
            var cosine = na == 0 || nb == 0 ? 0 : dot / (na * nb);
            Assert.Equal(cosine, SparseVector.Cosine(sa, sb), 4);
        }
    }

    [Fact]
    public void Normalize_gives_unit_length_and_indexer_reads_values()
    {
        var v = SparseVector.FromPairs([new(7, 4f), new(2, 3f)]).Normalize();
        Assert.Equal([2, 7], v.Indices.ToArray());
        Assert.Equal(1f, v.Norm(), 5);
        Assert.Equal(0.6f, v[2], 5);
        Assert.Equal(0f, v[3]);
        Assert.Same(SparseVector.Empty, SparseVector.Empty.Normalize());
    }

    [Fact]
    public void Rejects_unsorted_or_duplicate_indices()
    {
        Assert.Throws<ArgumentException>(() => new SparseVector([3, 1], [1f, 1f]));
        Assert.Throws<ArgumentException>(() => SparseVector.FromPairs([new(1, 1f), new(1, 2f)]));
    }

    private static float[] RandomDense(Random rng, int n) =>
        Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.6 ? 0f : (float)(rng.NextDouble() * 2 - 1)).ToArray();

    private static SparseVector ToSparse(float[] dense) =>
        SparseVector.FromPairs(dense.Select((v, i) => new KeyValuePair<int, float>(i, v)));
}
