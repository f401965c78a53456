using Penchant.Core.Experiments;

namespace Penchant.Core.Tests.Experiments;

public sealed class SampleRatioTestTests
{
    [Theory]
    [InlineData(3.841458820694124, 1, 0.05)] // the familiar 95% points of χ²
    [InlineData(5.991464547107979, 2, 0.05)]
    [InlineData(7.814727903251178, 3, 0.05)]
    [InlineData(10.827566170662733, 1, 0.001)]
    [InlineData(13.815510557964274, 2, 0.001)]
    [InlineData(0.5, 4, 0.97350097966)] // a body value: e^(−x/2)(1 + x/2) for four degrees at x = 0.5
    [InlineData(40.0, 3, 1.064e-8)]
    public void The_chi_square_tail_matches_known_values(double x, int degrees, double expected)
    {
        Assert.Equal(expected, SampleRatioTest.ChiSquareSurvival(x, degrees), expected * 2e-3);
    }

    [Fact]
    public void With_one_degree_the_tail_is_the_two_sided_normal_tail_and_gamma_is_the_factorial()
    {
        for (var z = 0.1; z < 4; z += 0.37)
        {
            var normal = 2 * (1 - (0.5 * (1 + Erf(z / Math.Sqrt(2)))));
            Assert.Equal(normal, SampleRatioTest.ChiSquareSurvival(z * z, 1), Math.Max(1e-12, normal * 1e-6));
        }

        var factorial = 1.0;
        for (var n = 1; n < 20; n++)
        {
            Assert.Equal(Math.Log(factorial), Penchant.Core.Privacy.DifferentialPrivacy.SpecialFunctions.LogGamma(n), 1e-10);
            factorial *= n;
        }

        Assert.Equal(Math.Log(Math.Sqrt(Math.PI)), Penchant.Core.Privacy.DifferentialPrivacy.SpecialFunctions.LogGamma(0.5), 1e-12);
    }

    [Fact]
    public void A_fair_split_passes_and_a_lost_share_of_one_arm_is_flagged()
    {
        var fair = SampleRatioTest.Check([5_020, 4_980], [1, 1]);
        Assert.Equal([5_000.0, 5_000.0], fair.Expected);
        Assert.Equal(0.16, fair.ChiSquare, 9);
        Assert.False(fair.Mismatch);

        // One arm lost a tenth of its shoppers: at 10,000 shoppers that is a mismatch (χ² 26), at 100 it cannot be told.
        Assert.True(SampleRatioTest.Check([5_000, 4_500], [1, 1]).Mismatch);
        Assert.False(SampleRatioTest.Check([50, 45], [1, 1]).Mismatch);

        // Unequal shares are what is expected of them.
        Assert.False(SampleRatioTest.Check([2_010, 990, 1_000], [2, 1, 1]).Mismatch);
        Assert.True(SampleRatioTest.Check([1_500, 1_500, 1_000], [2, 1, 1]).Mismatch);
        Assert.Equal(1, SampleRatioTest.Check([0, 0], [1, 1]).PValue);
        Assert.Throws<ArgumentException>(() => SampleRatioTest.Check([1, 2], [1, 0]));
    }

    [Fact]
    public void Random_fair_splits_are_almost_never_flagged()
    {
        // 2,000 tests of 1,000 shoppers split at random between three arms shared 2:1:1: about 2 flags at p < 0.001.
        var random = new Random(20261204);
        var flagged = 0;
        var small = 0;
        for (var t = 0; t < 2_000; t++)
        {
            var counts = new long[3];
            for (var s = 0; s < 1_000; s++)
            {
                var u = random.NextDouble();
                counts[u < 0.5 ? 0 : u < 0.75 ? 1 : 2]++;
            }

            var check = SampleRatioTest.Check(counts, [2, 1, 1]);
            flagged += check.Mismatch ? 1 : 0;
            small += check.PValue < 0.05 ? 1 : 0;
        }

        Assert.InRange(flagged, 0, 8);
        Assert.InRange(small, 70, 130); // p is uniform under a fair split: about 100 of 2,000 below 0.05
    }

    // erf by its plain Maclaurin series, exact enough for the z < 4 used here (its terms stay far from overflow).
    private static double Erf(double x)
    {
        double sum = 0, term = x;
        for (var n = 0; n < 200; n++)
        {
            sum += term / ((2 * n) + 1);
            term *= -x * x / (n + 1);
        }

        return 2 / Math.Sqrt(Math.PI) * sum;
    }
}
