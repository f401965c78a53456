using System.Numerics;
using Penchant.Core.Numerics;

namespace Penchant.Core.Tests.Numerics;

public sealed class CholeskyTests
{
    public static TheoryData<string, int, int> Cases()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var path in new[] { nameof(SimdPath.Vector512), nameof(SimdPath.Vector256), nameof(SimdPath.Scalar) })
        {
            foreach (var (n, block) in new[] { (1, 4), (5, 2), (33, 8), (70, 16), (130, 24) })
            {
                data.Add(path, n, block);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Blocked_factor_matches_the_unblocked_reference_in_double(string path, int n, int block) =>
        CheckAgainstReference<double>(Enum.Parse<SimdPath>(path), n, block, 1e-10);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Blocked_factor_matches_the_unblocked_reference_in_float(string path, int n, int block) =>
        CheckAgainstReference<float>(Enum.Parse<SimdPath>(path), n, block, 2e-4);

    [Fact]
    public void Parallel_blocked_factor_reconstructs_the_matrix()
    {
        const int n = 300;
        var a = SpdMatrices.Random(n, 9);
        var l = (double[])a.Clone();
        Assert.True(Cholesky.TryFactor<double>(l, n, blockSize: 64));
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double s = 0;
                for (var k = 0; k < n; k++)
                {
                    s += l[(i * n) + k] * l[(j * n) + k];
                }

                Assert.True(Math.Abs(s - a[(i * n) + j]) < 1e-10, $"(L Lᵀ)[{i},{j}] = {s}, A = {a[(i * n) + j]}");
                if (j > i)
                {
                    Assert.Equal(0.0, l[(i * n) + j]);
                }
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(90)]
    public void Solve_gives_a_small_residual(int n)
    {
        var a = SpdMatrices.Random(n, n);
        var rng = new Random(n);
        var b = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
        var l = (double[])a.Clone();
        Assert.True(Cholesky.TryFactor<double>(l, n, blockSize: 32));
        var x = (double[])b.Clone();
        Cholesky.Solve<double>(l, n, x);
        for (var i = 0; i < n; i++)
        {
            double s = 0;
            for (var j = 0; j < n; j++)
            {
                s += a[(i * n) + j] * x[j];
            }

            Assert.True(Math.Abs(s - b[i]) < 1e-10, $"row {i}: {s} vs {b[i]}");
        }
    }

    [Theory]
    [InlineData(6, 0)]
    [InlineData(60, 16)]
    public void Indefinite_matrix_is_refused(int n, int block)
    {
        var a = SpdMatrices.Random(n, 3);
        a[((n - 1) * n) + n - 1] = -5;
        Assert.False(Cholesky.TryFactor<double>((double[])a.Clone(), n, block));
        Assert.False(Cholesky.TryFactorReference<double>((double[])a.Clone(), n));
    }

    [Fact]
    public void Wrong_sizes_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Cholesky.TryFactor<float>(new float[8], 3));
        Assert.Throws<ArgumentException>(() => Cholesky.Solve<float>(new float[9], 3, new float[2]));
    }

    private static void CheckAgainstReference<T>(SimdPath path, int n, int block, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!Simd.IsSupported(path))
        {
            return;
        }

        var a = SpdMatrices.Random(n, (n * 31) + block);
        var expected = SpdMatrices.As<T>(a);
        Assert.True(Cholesky.TryFactorReference<T>(expected, n));
        var actual = SpdMatrices.As<T>(a);
        SpdMatrices.SpoilUpper(actual, n);
        Assert.True(Cholesky.TryFactor<T>(actual, n, block, path, parallel: false));
        for (var i = 0; i < n * n; i++)
        {
            var e = double.CreateChecked(expected[i]);
            var g = double.CreateChecked(actual[i]);
            Assert.True(Math.Abs(e - g) <= tolerance * (1 + Math.Abs(e)), $"{typeof(T).Name} {path} n={n} block={block} entry ({i / n},{i % n}): {e} vs {g}");
        }
    }
}
