using Penchant.Core.Numerics;
using Penchant.Core.Recommenders.Als;

namespace Penchant.Core.Tests.Recommenders.Als;

public sealed class AlsStepTests
{
    private const int K = 6;
    private const int Items = 40;

    [Theory]
    [InlineData(false, 1f)]
    [InlineData(true, 1f)]
    [InlineData(false, 2.5f)]
    [InlineData(false, 0.3f)]
    public void Conjugate_gradient_on_the_operator_reaches_the_cholesky_solve_of_the_system(bool columnWeights, float rowMissing)
    {
        var rng = new Random(17);
        var factors = Random(rng, Items * K);
        var missing = columnWeights ? Enumerable.Range(0, Items).Select(_ => (float)(0.2 + (rng.NextDouble() * 2))).ToArray() : null;
        var gram = new float[K * K];
        if (missing is null)
        {
            VectorOps.Gram(factors, K, gram);
        }
        else
        {
            VectorOps.WeightedGram(factors, K, missing, gram);
        }

        int[] observed = [2, 5, 11, 17, 30, 39];
        float[] weights = [1f, 0.5f, 2f, 1f, 3f, 1f];
        const float alpha = 2f;
        var lambda = AlsStep.ScaledRidge(1.5f, 1f, AlsStep.RowMass(Items, Items, observed, weights, alpha, missing, rowMissing), Items);
        Assert.NotEqual(1.5f, lambda);

        var b = new float[K];
        AlsStep.RightHandSide(factors, K, observed, weights, alpha, b);
        var system = new float[K * K];
        AlsStep.System(gram, factors, K, observed, weights, alpha, lambda, system, missing, rowMissing);
        Assert.True(Cholesky.TryFactor(system, K));
        var exact = (float[])b.Clone();
        Cholesky.Solve<float>(system, K, exact);

        var x = new float[K];
        var op = new AlsStep.Operator(gram, factors, K, observed, weights, alpha, lambda, missing, rowMissing);
        ConjugateGradient.Solve(op, b, x, 4 * K, 1e-9f, new float[3 * K]);
        for (var a = 0; a < K; a++)
        {
            Assert.True(Math.Abs(x[a] - exact[a]) < 1e-4 * (1 + Math.Abs(exact[a])), $"x[{a}]: CG {x[a]}, Cholesky {exact[a]}");
        }
    }

    [Fact]
    public void Unit_missing_weights_give_the_plain_system()
    {
        var rng = new Random(3);
        var factors = Random(rng, Items * K);
        var gram = new float[K * K];
        VectorOps.Gram(factors, K, gram);
        int[] observed = [0, 7, 8, 21];
        float[] weights = [1f, 2f, 1f, 4f];
        var plain = new float[K * K];
        var weighted = new float[K * K];
        AlsStep.System(gram, factors, K, observed, weights, 3f, 0.7f, plain);
        AlsStep.System(gram, factors, K, observed, weights, 3f, 0.7f, weighted, Enumerable.Repeat(1f, Items).ToArray());
        for (var i = 0; i < K; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                Assert.True(Math.Abs(plain[(i * K) + j] - weighted[(i * K) + j]) < 1e-5, $"({i},{j})");
            }
        }
    }

    [Fact]
    public void Row_mass_counts_every_pair_weight_and_the_ridge_scales_with_it()
    {
        int[] observed = [1, 3, 99];
        float[] weights = [1f, 2f, 1f];
        float[] missing = [1f, 0.5f, 1f, 2f];

        // Items 1 and 3 are in range (99 is not): 4 + (1 + 2·1 - 0.5) + (1 + 2·2 - 2).
        Assert.Equal(4 + 2.5 + 3, AlsStep.RowMass(4, 4, observed, weights, 2f, missing, 1f), 10);
        Assert.Equal(2f, AlsStep.ScaledRidge(2f, 0f, 9.5, 4));
        Assert.Equal(2 * Math.Pow(9.5 / 4, 0.5), AlsStep.ScaledRidge(2f, 0.5f, 9.5, 4), 5);
    }

    private static float[] Random(Random rng, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => (float)((rng.NextDouble() * 2) - 1))];
}
