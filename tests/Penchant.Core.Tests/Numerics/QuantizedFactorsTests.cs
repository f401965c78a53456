using System.Runtime.Intrinsics.X86;
using Penchant.Core.Numerics;

namespace Penchant.Core.Tests.Numerics;

public sealed class QuantizedFactorsTests
{
    [Theory]
    [InlineData(20_000, 64, 10, true, true)]
    [InlineData(5_003, 40, 10, false, true)]
    [InlineData(3_001, 200, 25, true, false)]
    [InlineData(7, 16, 10, false, false)]
    public void The_8_bit_pass_then_exact_rescoring_keeps_the_exact_top_k(int rows, int factors, int k, bool withBias, bool withExclusions)
    {
        var rng = new Random(rows + factors);
        var items = TopKAsserts.Uniform(rng, rows * factors);
        var bias = withBias ? TopKAsserts.Uniform(rng, rows) : [];
        var excluded = withExclusions ? Enumerable.Range(0, rows).Where(_ => rng.NextDouble() < 0.2).ToArray() : [];
        var quantized = new QuantizedFactors(items, factors);

        // Twenty shoppers each: the same items as the exact scalar reference, with the exact scores.
        for (var u = 0; u < 20; u++)
        {
            var user = TopKAsserts.Uniform(rng, factors);
            var fast = new ScoredItem[k];
            var plain = new ScoredItem[k];
            var found = quantized.Select(items, user, bias, excluded, fast);
            var expected = FactorTopK.SelectReference(items, factors, user, bias, excluded, plain);
            TopKAsserts.SameAsReference(fast, found, plain, expected, excluded);
        }
    }

    [Theory]
    [InlineData(64, 1.0)]
    [InlineData(40, 10.0)]
    [InlineData(256, 0.01)]
    public void Every_rows_approximate_score_is_within_the_error_bound(int factors, double magnitude)
    {
        var rng = new Random(factors);
        var items = TopKAsserts.Uniform(rng, 2_000 * factors).Select(v => (float)(v * magnitude)).ToArray();
        var quantized = new QuantizedFactors(items, factors);
        for (var u = 0; u < 10; u++)
        {
            // Users with one large entry among small ones round worst in 16 bits.
            var user = TopKAsserts.Uniform(rng, factors);
            user[u % factors] *= 50;
            var bound = quantized.ErrorBound(user, Math.Abs(user.MaxBy(Math.Abs)) / 32767f);
            var worst = 0.0;
            for (var r = 0; r < quantized.Rows; r++)
            {
                var exact = TopKAsserts.ExactDot(items.AsSpan(r * factors, factors), user);
                worst = Math.Max(worst, Math.Abs(exact - quantized.ApproximateScore(r, user)));
            }

            Assert.True(worst <= bound, $"largest error {worst} above the bound {bound}");
            Assert.True(worst > 0, "the rounding changed no score: the test data are too tame");
        }
    }

    [Fact]
    public void Scores_crowded_within_the_rounding_fall_back_to_the_float_rows_and_stay_exact()
    {
        // Every row the same up to changes far below an 8-bit step: the approximate pass cannot tell the rows apart,
        // so its candidates are not certified and the answer comes from the full float pass.
        var rng = new Random(3);
        const int Rows = 600, Factors = 32;
        var shared = TopKAsserts.Uniform(rng, Factors);
        var items = new float[Rows * Factors];
        for (var r = 0; r < Rows; r++)
        {
            for (var j = 0; j < Factors; j++)
            {
                items[(r * Factors) + j] = shared[j] + (float)((rng.NextDouble() - 0.5) * 1e-3);
            }
        }

        var quantized = new QuantizedFactors(items, Factors);
        var user = TopKAsserts.Uniform(rng, Factors);
        var fast = new ScoredItem[10];
        var plain = new ScoredItem[10];
        var found = quantized.Select(items, user, [], [], fast, rerank: 2, out var certified);
        Assert.False(certified);
        TopKAsserts.SameAsReference(fast, found, plain, FactorTopK.SelectReference(items, Factors, user, [], [], plain), []);

        // Spread-out rows certify at once, and give the same answer as the reference.
        var spread = TopKAsserts.Uniform(rng, Rows * Factors);
        var spreadQuantized = new QuantizedFactors(spread, Factors);
        var certifiedCount = 0;
        for (var u = 0; u < 20; u++)
        {
            user = TopKAsserts.Uniform(rng, Factors);
            found = spreadQuantized.Select(spread, user, [], [], fast, QuantizedFactors.DefaultRerank, out certified);
            certifiedCount += certified ? 1 : 0;
            TopKAsserts.SameAsReference(fast, found, plain, FactorTopK.SelectReference(spread, Factors, user, [], [], plain), []);
        }

        Assert.True(certifiedCount >= 15, $"only {certifiedCount} of 20 certified");
    }

    [Fact]
    public void Each_entry_is_kept_within_half_a_step_of_its_row_and_a_zero_user_falls_back_to_the_bias()
    {
        var rng = new Random(7);
        const int Factors = 24;
        var items = Enumerable.Range(0, 50 * Factors).Select(_ => (float)((rng.NextDouble() - 0.5) * 10)).ToArray();
        Array.Clear(items, 3 * Factors, Factors); // a zero row stays zero
        var quantized = new QuantizedFactors(items, Factors);
        Assert.Equal((50, Factors, (50L * 32) + (4 * 50)), (quantized.Rows, quantized.Factors, quantized.Bytes));
        var back = new float[Factors];
        for (var r = 0; r < 50; r++)
        {
            var row = items.AsSpan(r * Factors, Factors);
            var step = row.ToArray().Max(Math.Abs) / 127f;
            quantized.Dequantize(r, back);
            for (var j = 0; j < Factors; j++)
            {
                Assert.InRange(back[j] - row[j], -(step / 2) - 1e-6f, (step / 2) + 1e-6f);
            }
        }

        quantized.Dequantize(3, back);
        Assert.All(back, static v => Assert.Equal(0f, v));

        var bias = Enumerable.Range(0, 50).Select(static i => (float)i).ToArray();
        var heap = new ScoredItem[3];
        Assert.Equal(3, quantized.Select(items, new float[Factors], bias, [48], heap));
        Assert.Equal([46, 47, 49], heap.Select(static s => s.Item).Order());
        Assert.Throws<ArgumentOutOfRangeException>(() => new QuantizedFactors(new float[300], 300));
    }

    [Fact]
    public void The_vector_dot_product_matches_the_scalar_one()
    {
        if (!Avx2.IsSupported)
        {
            return; // the scalar product is then the one in use, and the selection test covers it
        }

        var rng = new Random(11);
        foreach (var length in new[] { 32, 64, 256 })
        {
            for (var t = 0; t < 50; t++)
            {
                var row = Enumerable.Range(0, length).Select(_ => (sbyte)rng.Next(-127, 128)).ToArray();
                var user = Enumerable.Range(0, length).Select(_ => (short)rng.Next(-32767, 32768)).ToArray();
                Assert.Equal(QuantizedFactors.DotScalar(row, user), QuantizedFactors.DotAvx2(ref row[0], user, length));
            }
        }
    }
}
