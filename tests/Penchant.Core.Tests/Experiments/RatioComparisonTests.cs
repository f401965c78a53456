using Penchant.Core.Experiments;

namespace Penchant.Core.Tests.Experiments;

public sealed class RatioComparisonTests
{
    private static RatioSummary Of(params (double Y, double N)[] shoppers) => shoppers.Aggregate(default(RatioSummary), static (s, u) => s.Add(u.Y, u.N));

    [Fact]
    public void The_comparison_matches_the_delta_method_by_hand()
    {
        // Control shoppers (clicked slates, slates): (1, 2), (0, 1), (2, 3): R = 3/6 = 0.5. Treatment (2, 2), (1, 1),
        // (1, 2), (0, 1): R = 4/6. Var(R) = sum (y - c n)^2 / ((N - 1) N nbar^2); at the pooled 7/12 the two arms give
        // V0 = 0.0637217, at their own ratios V = 0.0619856. p = 2 Phi(-d / sqrt(V0)) = 0.509097; the interval is
        // d -+ 1.96 sqrt(V); the anytime p (tau 0.05) is 1 and its interval -2.93862 to 3.27195: seven shoppers say little.
        var c = RatioComparison.Compare(Of((1, 2), (0, 1), (2, 3)), Of((2, 2), (1, 1), (1, 2), (0, 1)), mixtureScale: 0.05);
        Assert.Equal((0.5, 4.0 / 6), (c.ControlRatio, c.TreatmentRatio));
        Assert.Equal(0.509097, c.PValue, 5);
        Assert.Equal(-0.321304, c.Lower, 5);
        Assert.Equal(0.654637, c.Upper, 5);
        Assert.Equal((1.0, -2.938619, 3.271952), (c.AnytimePValue, Math.Round(c.AnytimeLower, 6), Math.Round(c.AnytimeUpper, 6)));

        // One slate per shopper: 200 of 1,000 against 250 of 1,000. The pooled V0 = 2 * .225 * .775 / 999 gives
        // p = 0.007449 and, with tau 0.05, the anytime p = 1/Lambda = 0.123414; the interval at every look
        // d -+ sqrt(V (V + tau^2) / tau^2 (ln((V + tau^2) / V) + 2 ln 20)) with the unpooled V is -0.006632 to 0.106632,
        // where the one-look one is 0.013445 to 0.086555.
        var rates = RatioComparison.Compare(Of([.. Enumerable.Repeat((1.0, 1.0), 200), .. Enumerable.Repeat((0.0, 1.0), 800)]), Of([.. Enumerable.Repeat((1.0, 1.0), 250), .. Enumerable.Repeat((0.0, 1.0), 750)]), mixtureScale: 0.05);
        Assert.Equal(0.007449, rates.PValue, 5);
        Assert.Equal(0.123414, rates.AnytimePValue, 5);
        Assert.Equal((0.013445, 0.086555), (Math.Round(rates.Lower, 6), Math.Round(rates.Upper, 6)));
        Assert.Equal((-0.006632, 0.106632), (Math.Round(rates.AnytimeLower, 6), Math.Round(rates.AnytimeUpper, 6)));

        // With one slate per shopper the variance is that of a mean: s^2 / N.
        var single = Of((1, 1), (0, 1), (1, 1), (1, 1));
        Assert.Equal(0.25 / 4, single.Variance(single.Ratio), 12);
        Assert.Throws<ArgumentException>(() => RatioComparison.Compare(Of((1, 1)), single, 0.05));
    }

    [Fact]
    public void Read_after_every_hundred_shoppers_an_AA_test_crosses_p_05_far_less_often_by_the_anytime_p_value()
    {
        // 400 A/A tests (both arms convert at 0.2, one slate per shopper), read after every 100 shoppers per arm up to
        // 5,000 (50 reads): the share of tests that ever show p < 0.05. The one-look p-value crosses in about a quarter
        // of them (the peeking problem); the anytime p-value may cross in at most about 5%.
        var random = new Random(20261202);
        int oneLook = 0, anytime = 0;
        const int Tests = 400;
        for (var t = 0; t < Tests; t++)
        {
            RatioSummary a = default, b = default;
            bool oneLookSeen = false, anytimeSeen = false;
            for (var n = 1; n <= 5_000; n++)
            {
                a = a.Add(random.NextDouble() < 0.2 ? 1 : 0, 1);
                b = b.Add(random.NextDouble() < 0.2 ? 1 : 0, 1);
                if (n % 100 == 0)
                {
                    var c = RatioComparison.Compare(a, b, MixtureSequentialTest.DefaultRateScale);
                    oneLookSeen |= c.PValue < 0.05;
                    anytimeSeen |= c.AnytimePValue < 0.05;
                    Assert.True(c.AnytimeLower <= c.Lower && c.AnytimeUpper >= c.Upper);
                }
            }

            oneLook += oneLookSeen ? 1 : 0;
            anytime += anytimeSeen ? 1 : 0;
        }

        // Measured with this seed: 123 of 400 by the one-look p-value, 6 by the anytime one.
        Assert.InRange(oneLook / (double)Tests, 0.15, 0.45);
        Assert.InRange(anytime / (double)Tests, 0.0, 0.06);
    }

    [Fact]
    public void With_several_slates_per_shopper_the_per_shopper_test_keeps_its_level_where_counting_slates_does_not()
    {
        // 1,000 A/A tests of 300 shoppers per arm. Shoppers differ: each clicks a slate with their own probability
        // (uniform 0 to 0.6) and gets 1 to 9 slates. Read once at the end, a test that counts slates as independent
        // trials finds a difference at p < 0.05 far more often than 5%; the per-shopper (delta-method) test does not.
        var random = new Random(20261204);
        int bySlates = 0, byShoppers = 0;
        const int Tests = 1_000;
        for (var t = 0; t < Tests; t++)
        {
            RatioSummary a = Arm(random, 300), b = Arm(random, 300);
            bySlates += ProportionComparison.Compare((long)a.Numerator, (long)a.Denominator, (long)b.Numerator, (long)b.Denominator).PValue < 0.05 ? 1 : 0;
            byShoppers += RatioComparison.Compare(a, b, 0.05).PValue < 0.05 ? 1 : 0;
        }

        // Measured with this seed: 140 of 1,000 by slates, 43 by shoppers.
        Assert.InRange(bySlates / (double)Tests, 0.09, 0.30);
        Assert.InRange(byShoppers / (double)Tests, 0.03, 0.075);
    }

    [Fact]
    public void Looked_at_again_and_again_the_anytime_p_value_keeps_its_level_for_rates_and_for_revenue()
    {
        // 300 A/A tests each, shoppers arriving 50 per arm between reads, up to 1,000 per arm (20 reads).
        var random = new Random(20261205);
        const int Tests = 300;
        int rateOneLook = 0, rateAnytime = 0, revenueOneLook = 0, revenueAnytime = 0;
        for (var t = 0; t < Tests; t++)
        {
            RatioSummary clicksA = default, clicksB = default, revenueA = default, revenueB = default;
            bool r1 = false, r2 = false, v1 = false, v2 = false;
            for (var read = 0; read < 20; read++)
            {
                for (var u = 0; u < 50; u++)
                {
                    (clicksA, revenueA) = Shopper(random, clicksA, revenueA);
                    (clicksB, revenueB) = Shopper(random, clicksB, revenueB);
                }

                var rate = RatioComparison.Compare(clicksA, clicksB, 0.05);
                r1 |= rate.PValue < 0.05;
                r2 |= rate.AnytimePValue < 0.05;
                var revenue = RatioComparison.Compare(revenueA, revenueB, 0.1 * revenueA.UnitDeviation);
                v1 |= revenue.PValue < 0.05;
                v2 |= revenue.AnytimePValue < 0.05;
            }

            (rateOneLook, rateAnytime) = (rateOneLook + (r1 ? 1 : 0), rateAnytime + (r2 ? 1 : 0));
            (revenueOneLook, revenueAnytime) = (revenueOneLook + (v1 ? 1 : 0), revenueAnytime + (v2 ? 1 : 0));
        }

        // Measured with this seed: rates 79 (one look) and 10 (anytime) of 300; revenue 65 and 2.
        Assert.InRange(rateOneLook / (double)Tests, 0.12, 0.45);
        Assert.InRange(rateAnytime / (double)Tests, 0.0, 0.06);
        Assert.InRange(revenueOneLook / (double)Tests, 0.10, 0.45);
        Assert.InRange(revenueAnytime / (double)Tests, 0.0, 0.06);

        // A real difference (clicks at 0.30 against 0.25 per slate, 4,000 shoppers each) is found at every look's level.
        RatioSummary control = default, treatment = default;
        for (var u = 0; u < 4_000; u++)
        {
            var slates = random.Next(1, 10);
            control = control.Add(Enumerable.Range(0, slates).Count(_ => random.NextDouble() < 0.25), slates);
            treatment = treatment.Add(Enumerable.Range(0, slates).Count(_ => random.NextDouble() < 0.30), slates);
        }

        var real = RatioComparison.Compare(control, treatment, 0.05);
        Assert.True(real.AnytimePValue < 0.01 && real.AnytimeLower > 0, $"{real}");
    }

    [Fact]
    public void Two_rates_of_the_same_shoppers_are_compared_with_their_covariance()
    {
        // Per shopper (explore taken, explore shown, exploit taken, exploit shown): (1,2,3,8), (0,2,1,8), (2,4,4,16),
        // (0,0,2,8). R1 = 3/8, R2 = 10/40; z = (a - R1 b)/2 - (c - R2 d)/10 per shopper, Var = sum z^2 / (3 * 4)
        // = 0.0115625; difference -0.125, p 0.245042, interval -0.335753 to 0.085753.
        var pairs = new PairedRatios();
        foreach (var (a, b, c, d) in new[] { (1, 2, 3, 8), (0, 2, 1, 8), (2, 4, 4, 16), (0, 0, 2, 8) })
        {
            pairs.Add(a, b, c, d);
        }

        var r = pairs.CompareSecondToFirst(0.05)!;
        Assert.Equal((0.375, 0.25, -0.125), (r.ControlRatio, r.TreatmentRatio, r.Difference));
        Assert.Equal(0.245042, r.PValue, 5);
        Assert.Equal(-0.335753, r.Lower, 5);
        Assert.Equal(0.085753, r.Upper, 5);
        Assert.Null(new PairedRatios().CompareSecondToFirst(0.05));

        // Shoppers who differ, whose explore and exploit slots are taken alike (no difference to find): 1,000 reports of
        // 300 shoppers, each with 1 to 5 slates of 8 exploit and 2 explore slots. Over shoppers, paired, the test keeps
        // its level; counting slots as independent trials it does not.
        var random = new Random(20261206);
        var (nullBySlots, nullByShoppers) = Reports(random, 1_000, exploreFactor: 1.0);

        // Measured with this seed: 50 of 1,000 paired, 35 counting slots (which ignores that one shopper's explore and
        // exploit slots go together, and so is too wide here).
        Assert.InRange(nullByShoppers / 1000.0, 0.03, 0.075);
        Assert.True(nullBySlots < nullByShoppers, $"{nullBySlots} against {nullByShoppers}");

        // With explore slots taken at 0.9 times the shopper's rate, a real difference: paired finds it more often
        // (measured: 161 of 300 against 139).
        var (realBySlots, realByShoppers) = Reports(random, 300, exploreFactor: 0.9);
        Assert.True(realByShoppers > realBySlots, $"{realByShoppers} against {realBySlots}");
    }

    // How many of `reports` reports find p < 0.05 counting slots, and over shoppers paired.
    private static (int BySlots, int ByShoppers) Reports(Random random, int reports, double exploreFactor)
    {
        int bySlots = 0, byShoppers = 0;
        for (var t = 0; t < reports; t++)
        {
            var paired = new PairedRatios();
            long exploreTaken = 0, exploreShown = 0, exploitTaken = 0, exploitShown = 0;
            for (var u = 0; u < 300; u++)
            {
                var p = random.NextDouble() * 0.4;
                var slates = random.Next(1, 6);
                var explore = Enumerable.Range(0, 2 * slates).Count(_ => random.NextDouble() < p * exploreFactor);
                var exploit = Enumerable.Range(0, 8 * slates).Count(_ => random.NextDouble() < p);
                paired.Add(exploit, 8 * slates, explore, 2 * slates);
                (exploreTaken, exploreShown, exploitTaken, exploitShown) = (exploreTaken + explore, exploreShown + (2 * slates), exploitTaken + exploit, exploitShown + (8 * slates));
            }

            bySlots += ProportionComparison.Compare(exploitTaken, exploitShown, exploreTaken, exploreShown).PValue < 0.05 ? 1 : 0;
            byShoppers += paired.CompareSecondToFirst(0.05)!.PValue < 0.05 ? 1 : 0;
        }

        return (bySlots, byShoppers);
    }

    // One arm of shoppers who differ: each with their own click probability and 1 to 9 slates.
    private static RatioSummary Arm(Random random, int shoppers)
    {
        RatioSummary arm = default;
        for (var u = 0; u < shoppers; u++)
        {
            var p = random.NextDouble() * 0.6;
            var slates = random.Next(1, 10);
            arm = arm.Add(Enumerable.Range(0, slates).Count(_ => random.NextDouble() < p), slates);
        }

        return arm;
    }

    // One shopper's slates, clicked slates and revenue (one slate in 20 leads to a long-tailed purchase).
    private static (RatioSummary Clicks, RatioSummary Revenue) Shopper(Random random, RatioSummary clicks, RatioSummary revenue)
    {
        var p = random.NextDouble() * 0.6;
        var slates = random.Next(1, 6);
        double clicked = 0, spent = 0;
        for (var s = 0; s < slates; s++)
        {
            clicked += random.NextDouble() < p ? 1 : 0;
            spent += random.NextDouble() < 0.05 ? Math.Exp(3 + Normal(random)) : 0;
        }

        return (clicks.Add(clicked, slates), revenue.Add(spent, slates));
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
