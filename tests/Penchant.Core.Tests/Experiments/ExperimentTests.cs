using Penchant.Core.Experiments;

namespace Penchant.Core.Tests.Experiments;

public sealed class ExperimentTests
{
    private static readonly Variant[] Arms = [new("control", 1), new("treatment", 1), new("small", 0.5)];

    [Fact]
    public void Assignment_is_fixed_per_shopper_follows_the_shares_and_changes_with_the_experiment()
    {
        var users = Enumerable.Range(0, 20_000).Select(static u => $"user-{u}").ToArray();
        var first = users.Select(u => ExperimentAssignment.VariantOf("exp-a", u, Arms).Name).ToArray();
        Assert.Equal(first, users.Select(u => ExperimentAssignment.VariantOf("exp-a", u, Arms).Name));

        // Shares 1 : 1 : 0.5 of 20,000: 8,000, 8,000, 4,000, each within about 4 standard deviations.
        var counts = first.GroupBy(static v => v).ToDictionary(static g => g.Key, static g => g.Count());
        Assert.InRange(counts["control"], 7730, 8270);
        Assert.InRange(counts["treatment"], 7730, 8270);
        Assert.InRange(counts["small"], 3780, 4220);

        // Another experiment's arms are independent of this one's: about 40% of control stay in control.
        var again = users.Where((_, i) => first[i] == "control").Count(u => ExperimentAssignment.VariantOf("exp-b", u, Arms).Name == "control");
        Assert.InRange(again / (double)counts["control"], 0.36, 0.44);
        Assert.Throws<ArgumentException>(() => ExperimentAssignment.VariantOf("x", "u", [new Variant("a", 0)]));
    }

    [Fact]
    public void The_proportion_test_matches_the_textbook_figures()
    {
        // 200 of 1,000 against 250 of 1,000: difference 0.05, Wald SE sqrt(.2*.8/1000 + .25*.75/1000) = 0.018641,
        // pooled p 0.225, pooled SE sqrt(.225*.775*2/1000) = 0.018675, z = 2.6774, p = 0.00742.
        var c = ProportionComparison.Compare(200, 1000, 250, 1000);
        Assert.Equal(0.05, c.Difference, 12);
        Assert.Equal(0.05 - (1.959964 * 0.0186414), c.Lower, 5);
        Assert.Equal(0.05 + (1.959964 * 0.0186414), c.Upper, 5);
        Assert.Equal(2.6774, c.Z, 3);
        Assert.Equal(0.00742, c.PValue, 4);

        // Anytime-valid figures at tau 0.05: Lambda = sqrt(V0/(V0+tau^2)) exp(tau^2 d^2 / (2 V0 (V0+tau^2))) with the pooled
        // V0 = .225*.775*2/1000 gives p = 1/Lambda = 0.12303; the interval d +- sqrt(V (V+tau^2)/tau^2 (ln((V+tau^2)/V) + 2 ln 20))
        // with the unpooled V = 0.0186414^2 is -0.0066037 to 0.1066037 (3.036 standard errors).
        Assert.Equal(0.123033, c.AnytimePValue, 5);
        Assert.Equal(-0.0066037, c.AnytimeLower, 6);
        Assert.Equal(0.1066037, c.AnytimeUpper, 6);

        var none = ProportionComparison.Compare(0, 10, 0, 10);
        Assert.Equal(1.0, none.PValue);
        Assert.Equal((1.0, -1.0, 1.0), (none.AnytimePValue, none.AnytimeLower, none.AnytimeUpper));
        Assert.Throws<ArgumentException>(() => ProportionComparison.Compare(11, 10, 0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProportionComparison.Compare(1, 10, 1, 10, mixtureScale: 0));
    }

    [Fact]
    public void Looking_again_and_again_at_an_AA_test_the_anytime_p_value_keeps_its_level_where_the_fixed_one_does_not()
    {
        // 400 A/A tests (both arms convert at 0.2), each looked at after every 100 shoppers per arm up to 5,000:
        // the share of tests that ever show p < 0.05. The fixed-sample p-value crosses in about a quarter of them
        // (the peeking problem); the anytime p-value may cross in at most about 5%.
        var random = new Random(20261202);
        int fixedCrossed = 0, anytimeCrossed = 0;
        const int Tests = 400;
        for (var t = 0; t < Tests; t++)
        {
            long a = 0, b = 0;
            bool fixedSeen = false, anytimeSeen = false;
            for (var n = 1; n <= 5_000; n++)
            {
                a += random.NextDouble() < 0.2 ? 1 : 0;
                b += random.NextDouble() < 0.2 ? 1 : 0;
                if (n % 100 == 0)
                {
                    var c = ProportionComparison.Compare(a, n, b, n);
                    fixedSeen |= c.PValue < 0.05;
                    anytimeSeen |= c.AnytimePValue < 0.05;
                    Assert.True(c.AnytimeLower <= c.Lower && c.AnytimeUpper >= c.Upper);
                }
            }

            fixedCrossed += fixedSeen ? 1 : 0;
            anytimeCrossed += anytimeSeen ? 1 : 0;
        }

        Assert.InRange(fixedCrossed / (double)Tests, 0.15, 0.45);
        Assert.InRange(anytimeCrossed / (double)Tests, 0.0, 0.06);

        // A real difference (0.20 against 0.25 over 5,000 each) is still found, at every look's level.
        var real = ProportionComparison.Compare(1_000, 5_000, 1_250, 5_000);
        Assert.True(real.AnytimePValue < 0.001, $"{real.AnytimePValue}");
        Assert.True(real.AnytimeLower > 0);
    }
}
