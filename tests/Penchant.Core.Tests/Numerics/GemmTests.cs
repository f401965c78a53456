using Penchant.Core.Numerics;

namespace Penchant.Core.Tests.Numerics;

public sealed class GemmTests
{
    [Theory]
    [InlineData(1, 1, 1, false)]
    [InlineData(4, 32, 8, false)]
    [InlineData(7, 45, 13, true)]
    [InlineData(9, 70, 300, false)]
    [InlineData(33, 600, 5, true)]
    public void Multiply_agrees_with_the_plain_loop(int m, int n, int k, bool accumulate)
    {
        var rng = new Random(m + n + k);
        // Strided views: leading dimensions larger than the logical widths.
        int lda = k + 3, ldb = n + 2, ldc = n + 5;
        var a = Random(rng, m * lda);
        var b = Random(rng, k * ldb);
        var c = Random(rng, m * ldc);
        var expected = (float[])c.Clone();
        Gemm.MultiplyReference(m, n, k, a, lda, b, ldb, expected, ldc, accumulate);
        Gemm.Multiply(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < ldc; j++)
            {
                var at = (i * ldc) + j;
                Assert.True(MathF.Abs(expected[at] - c[at]) <= 1e-4f * (1 + MathF.Abs(expected[at])), $"({i},{j}): {expected[at]} vs {c[at]}");
            }
        }
    }

    [Theory]
    [InlineData(200, 64, 70)]
    [InlineData(8, 3000, 64)]
    public void Parallel_split_gives_bitwise_the_serial_result(int m, int n, int k)
    {
        var rng = new Random(3);
        var a = Random(rng, m * k);
        var b = Random(rng, k * n);
        var serial = new float[m * n];
        var parallel = new float[m * n];
        Gemm.Multiply(m, n, k, a, k, b, n, serial, n, false);
        Gemm.MultiplyParallel(m, n, k, a, 0, k, b, 0, n, parallel, 0, n, false, maxThreads: 4);
        Assert.Equal(serial, parallel);
    }

    [Fact]
    public void Transpose_swaps_rows_and_columns()
    {
        float[] a = [1, 2, 3, 4, 5, 6];
        var t = new float[6];
        Gemm.Transpose(2, 3, a, 3, t, 2);
        Assert.Equal([1, 4, 2, 5, 3, 6], t);
    }

    private static float[] Random(Random rng, int n)
    {
        var x = new float[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return x;
    }
}
