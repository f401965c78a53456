using Penchant.Core.Numerics;

namespace Penchant.Core.Tests.Numerics;

public sealed class VectorOpsTests
{
    public static TheoryData<string> Paths => [nameof(SimdPath.Auto), nameof(SimdPath.Vector512), nameof(SimdPath.Vector256), nameof(SimdPath.Scalar)];

    [Theory]
    [MemberData(nameof(Paths))]
    public void MatVec_on_every_path_matches_the_scalar_reference(string pathName)
    {
        var path = Enum.Parse<SimdPath>(pathName);
        if (!Simd.IsSupported(path))
        {
            return;
        }

        var rng = new Random(11);
        foreach (var columns in new[] { 1, 3, 7, 8, 15, 16, 17, 31, 64, 65, 100 })
        {
            foreach (var rows in new[] { 0, 1, 3, 4, 5, 9, 37 })
            {
                var m = Enumerable.Range(0, rows * columns).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray();
                var x = Enumerable.Range(0, columns).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray();
                var expected = new float[rows];
                var actual = Enumerable.Repeat(float.NaN, rows).ToArray();
                VectorOps.MatVecReference(m, columns, x, expected);
                VectorOps.MatVec(m, columns, x, actual, path);
                for (var r = 0; r < rows; r++)
                {
                    Assert.True(Math.Abs(expected[r] - actual[r]) <= 1e-5f * columns, $"{path} rows={rows} columns={columns} r={r}: {expected[r]} vs {actual[r]}");
                }
            }
        }
    }

    [Fact]
    public void Gram_matches_a_plain_transpose_product()
    {
        var rng = new Random(4);
        foreach (var (count, dim) in new[] { (1, 1), (10, 3), (300, 17), (700, 64) })
        {
            var v = Enumerable.Range(0, count * dim).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray();
            var gram = new float[dim * dim];
            VectorOps.Gram(v, dim, gram);
            for (var a = 0; a < dim; a++)
            {
                for (var b = 0; b < dim; b++)
                {
                    double s = 0;
                    for (var r = 0; r < count; r++)
                    {
                        s += v[(r * dim) + a] * (double)v[(r * dim) + b];
                    }

                    Assert.True(Math.Abs(s - gram[(a * dim) + b]) <= 1e-4 * (1 + Math.Abs(s)), $"({a},{b}) of {count}x{dim}: {s} vs {gram[(a * dim) + b]}");
                }
            }
        }
    }

    [Fact]
    public void Weighted_gram_matches_a_plain_weighted_sum_of_outer_products()
    {
        var rng = new Random(9);
        foreach (var (count, dim) in new[] { (1, 1), (10, 3), (300, 17), (700, 64) })
        {
            var v = Enumerable.Range(0, count * dim).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray();
            var w = Enumerable.Range(0, count).Select(r => r % 7 == 3 ? 0f : (float)(rng.NextDouble() * 3)).ToArray();
            var gram = new float[dim * dim];
            VectorOps.WeightedGram(v, dim, w, gram);
            for (var a = 0; a < dim; a++)
            {
                for (var b = 0; b < dim; b++)
                {
                    double s = 0;
                    for (var r = 0; r < count; r++)
                    {
                        s += w[r] * v[(r * dim) + a] * (double)v[(r * dim) + b];
                    }

                    Assert.True(Math.Abs(s - gram[(a * dim) + b]) <= 1e-4 * (1 + Math.Abs(s)), $"({a},{b}) of {count}x{dim}: {s} vs {gram[(a * dim) + b]}");
                }
            }
        }
    }

    [Fact]
    public void Weighted_gram_refuses_negative_weights()
    {
        float[] v = [1, 2, 3, 4];
        Assert.Throws<ArgumentException>(() => VectorOps.WeightedGram(v, 2, [1f, -0.5f], new float[4]));
    }

    [Fact]
    public void Axpy_and_dot_follow_their_definitions()
    {
        float[] x = [1, 2, 3, 4, 5];
        float[] y = [5, 4, 3, 2, 1];
        Assert.Equal(35f, VectorOps.Dot(x, y));
        VectorOps.Axpy(2f, x, y);
        Assert.Equal([7f, 8f, 9f, 10f, 11f], y);
    }
}
