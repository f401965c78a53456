using Penchant.Core.Experiments;

namespace Penchant.Core.Tests.Experiments;

public sealed class MeanComparisonTests
{
    private static MeanSummary Of(params double[] values) => values.Aggregate(default(MeanSummary), static (s, v) => s.Add(v));

    [Fact]
    public void The_comparison_matches_the_textbook_figures()
    {
        // Control 0, 0, 10, 30: mean 10, variance 200; treatment 0, 20, 20, 40, 20: mean 20, variance 200.
        // Welch: V = 200/4 + 200/5 = 90, z = 10 / sqrt(90) = 1.05409, p = 0.29184, interval 10 -+ 1.959964 sqrt(90).
        // Mixture: pooled variance 200, tau^2 = 0.1^2 * 200 = 2; p = 1/Lambda = 0.998913 and half-width
        // sqrt(V (V + tau^2) / tau^2 (ln((V + tau^2) / V) + 2 ln 20)) = 157.7836: at nine units it knows almost nothing.
        var c = MeanComparison.Compare(Of(0, 0, 10, 30), Of(0, 20, 20, 40, 20));
        Assert.Equal((10.0, 20.0, 10.0), (c.ControlMean, c.TreatmentMean, c.Difference));
        Assert.Equal(0.291841, c.PValue, 5);
        Assert.Equal(-8.593851, c.Lower, 5);
        Assert.Equal(28.593851, c.Upper, 5);
        Assert.Equal(0.998913, c.AnytimePValue, 5);
        Assert.Equal(10 - 157.783573, c.AnytimeLower, 4);
        Assert.Equal(10 + 157.783573, c.AnytimeUpper, 4);

        var flat = MeanComparison.Compare(Of(5, 5), Of(5, 5));
        Assert.Equal((1.0, 1.0, double.NegativeInfinity), (flat.PValue, flat.AnytimePValue, flat.AnytimeLower));
        Assert.Throws<ArgumentException>(() => MeanComparison.Compare(Of(1), Of(1, 2)));
    }

    [Fact]
    public void Looking_again_and_again_at_AA_tests_of_revenue_the_anytime_p_value_keeps_its_level()
    {
        // Revenue per slate: one slate in 20 leads to a purchase worth a log-normal amount (median about 20, long tail),
        // the rest to nothing. 400 A/A tests read after every 200 slates per arm up to 5,000.
        var random = new Random(20261203);
        double Revenue() => random.NextDouble() < 0.05 ? Math.Exp(3 + (Normal(random) * 1.0)) : 0;
        int fixedCrossed = 0, anytimeCrossed = 0;
        const int Tests = 400;
        for (var t = 0; t < Tests; t++)
        {
            MeanSummary a = default, b = default;
            bool fixedSeen = false, anytimeSeen = false;
            for (var n = 1; n <= 5_000; n++)
            {
                a = a.Add(Revenue());
                b = b.Add(Revenue());
                if (n % 200 == 0)
                {
                    var c = MeanComparison.Compare(a, b);
                    fixedSeen |= c.PValue < 0.05;
                    anytimeSeen |= c.AnytimePValue < 0.05;
                }
            }

            fixedCrossed += fixedSeen ? 1 : 0;
            anytimeCrossed += anytimeSeen ? 1 : 0;
        }

        // Measured with this seed: the one-look p-value crossed in 97 of 400, the anytime one in 4.
        Assert.InRange(fixedCrossed / (double)Tests, 0.12, 0.40);
        Assert.InRange(anytimeCrossed / (double)Tests, 0.0, 0.06);

        // A real difference (a purchase after 7% of slates instead of 5%, 20,000 slates each) is still found.
        MeanSummary control = default, treatment = default;
        for (var n = 0; n < 20_000; n++)
        {
            control = control.Add(Revenue());
            treatment = treatment.Add(random.NextDouble() < 0.07 ? Math.Exp(3 + Normal(random)) : 0);
        }

        var real = MeanComparison.Compare(control, treatment);
        Assert.True(real.AnytimePValue < 0.01 && real.AnytimeLower > 0, $"{real}");
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
