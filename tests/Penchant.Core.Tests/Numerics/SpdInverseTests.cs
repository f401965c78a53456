using System.Numerics;
using Penchant.Core.Numerics;

namespace Penchant.Core.Tests.Numerics;

public sealed class SpdInverseTests
{
    public static TheoryData<string, int, int> Cases()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var path in new[] { nameof(SimdPath.Vector512), nameof(SimdPath.Vector256), nameof(SimdPath.Scalar) })
        {
            foreach (var (n, block) in new[] { (1, 4), (2, 1), (9, 4), (40, 7), (101, 32) })
            {
                data.Add(path, n, block);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Blocked_sweep_matches_the_cholesky_reference_in_double(string path, int n, int block) =>
        CheckAgainstReference<double>(Enum.Parse<SimdPath>(path), n, block, 1e-9);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Blocked_sweep_matches_the_cholesky_reference_in_float(string path, int n, int block) =>
        CheckAgainstReference<float>(Enum.Parse<SimdPath>(path), n, block, 5e-4);

    [Fact]
    public void Parallel_inverse_times_matrix_is_the_identity()
    {
        const int n = 260;
        var a = SpdMatrices.Random(n, 12);
        var inverse = (double[])a.Clone();
        Assert.True(SpdInverse.TryInvert<double>(inverse, n, blockSize: 48));
        Assert.True(SpdMatrices.IdentityError(a, inverse, n) < 1e-10);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < i; j++)
            {
                Assert.Equal(inverse[(i * n) + j], inverse[(j * n) + i]);
            }
        }
    }

    [Fact]
    public void Float_inverse_of_a_regularised_co_occurrence_matrix_is_close_to_double()
    {
        // The EASE use: G = XᵀX + λI for a sparse binary X with skewed item popularity.
        const int users = 600, items = 150;
        const double lambda = 50;
        var rng = new Random(21);
        var g = new double[items * items];
        for (var u = 0; u < users; u++)
        {
            var basket = Enumerable.Range(0, items).Where(i => rng.NextDouble() < 0.4 / (1 + (i * 0.05))).ToArray();
            foreach (var i in basket)
            {
                foreach (var j in basket)
                {
                    g[(i * items) + j] += 1;
                }
            }
        }

        for (var i = 0; i < items; i++)
        {
            g[(i * items) + i] += lambda;
        }

        var exact = (double[])g.Clone();
        Assert.True(SpdInverse.TryInvert<double>(exact, items, blockSize: 32));
        var single = SpdMatrices.ToFloat(g);
        Assert.True(SpdInverse.TryInvert<float>(single, items, blockSize: 32));
        var scale = exact.Max(Math.Abs);
        var worst = exact.Zip(single, (e, s) => Math.Abs(e - s)).Max();
        Assert.True(worst < 1e-4 * scale, $"float vs double inverse differ by {worst} (largest entry {scale})");
    }

    [Fact]
    public void Not_positive_definite_is_refused()
    {
        const int n = 50;
        var a = SpdMatrices.Random(n, 5);
        a[(30 * n) + 30] = -1;
        Assert.False(SpdInverse.TryInvert<double>((double[])a.Clone(), n, blockSize: 16));
        Assert.False(SpdInverse.TryInvertReference<double>((double[])a.Clone(), n));
    }

    private static void CheckAgainstReference<T>(SimdPath path, int n, int block, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!Simd.IsSupported(path))
        {
            return;
        }

        var a = SpdMatrices.Random(n, (n * 7) + block);
        var expected = SpdMatrices.As<T>(a);
        Assert.True(SpdInverse.TryInvertReference<T>(expected, n));
        var actual = SpdMatrices.As<T>(a);
        SpdMatrices.SpoilUpper(actual, n);
        Assert.True(SpdInverse.TryInvert<T>(actual, n, block, path, parallel: false));
        for (var i = 0; i < n * n; i++)
        {
            var e = double.CreateChecked(expected[i]);
            var g = double.CreateChecked(actual[i]);
            Assert.True(Math.Abs(e - g) <= tolerance * (1 + Math.Abs(e)), $"{typeof(T).Name} {path} n={n} block={block} entry ({i / n},{i % n}): {e} vs {g}");
        }

        Assert.True(SpdMatrices.IdentityError(a, actual, n) < tolerance * 10);
    }
}
