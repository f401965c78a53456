using Penchant.Core.Experiments;

namespace Penchant.Core.Tests.Experiments;

/// <summary><see cref="RatioComparison.CompareAdjusted"/>: ratio metrics with the variance a pre-test covariate explains taken out.</summary>
public sealed class CupedTests
{
    [Fact]
    public void The_adjustment_matches_plain_loops_over_the_shoppers()
    {
        // (clicked slates, slates, covariate) per shopper.
        (double Y, double N, double X)[] control = [(1, 2, 3), (0, 1, 0), (2, 3, 5), (1, 1, 1), (0, 2, 1)];
        (double Y, double N, double X)[] treatment = [(2, 2, 4), (1, 1, 2), (1, 2, 2), (0, 1, 0), (3, 4, 6), (1, 3, 1)];
        var (adjusted, reduction) = RatioComparison.CompareAdjusted(
            Sum(control), Sum(treatment), Covariates(control), Covariates(treatment), mixtureScale: 0.05);

        // The same by hand: linearise each arm at its own ratio, pool θ within arms, adjust, and take the variance.
        var (lc, xc) = Linearised(control);
        var (lt, xt) = Linearised(treatment);
        var theta = (Cov(lc, xc) * (lc.Length - 1) + (Cov(lt, xt) * (lt.Length - 1))) / ((Cov(xc, xc) * (xc.Length - 1)) + (Cov(xt, xt) * (xt.Length - 1)));
        var rc = control.Sum(static s => s.Y) / control.Sum(static s => s.N);
        var rt = treatment.Sum(static s => s.Y) / treatment.Sum(static s => s.N);
        var difference = (rt - rc) - (theta * (xt.Average() - xc.Average()));
        double[] Adjust(double[] l, double[] x) => [.. l.Select((v, i) => v - (theta * x[i]))];
        var variance = (Cov(Adjust(lc, xc), Adjust(lc, xc)) / lc.Length) + (Cov(Adjust(lt, xt), Adjust(lt, xt)) / lt.Length);
        var before = (Cov(lc, lc) / lc.Length) + (Cov(lt, lt) / lt.Length);

        Assert.Equal(difference, adjusted.Difference, 10);
        Assert.Equal(difference - (1.959964 * Math.Sqrt(variance)), adjusted.Lower, 5);
        Assert.Equal(1 - (variance / before), reduction, 10);
        Assert.True(reduction > 0.3, $"the covariate follows the clicks here; removed {reduction:P0}");
        Assert.Equal((rc, rt), (adjusted.ControlRatio, adjusted.TreatmentRatio));
    }

    [Fact]
    public void Without_spread_in_the_covariate_it_is_the_plain_comparison()
    {
        (double Y, double N, double X)[] control = [(1, 2, 7), (0, 1, 7), (2, 3, 7)];
        (double Y, double N, double X)[] treatment = [(2, 2, 7), (1, 1, 7), (1, 2, 7), (0, 1, 7)];
        var (adjusted, reduction) = RatioComparison.CompareAdjusted(Sum(control), Sum(treatment), Covariates(control), Covariates(treatment), 0.05);
        Assert.Equal(RatioComparison.Compare(Sum(control), Sum(treatment), 0.05), adjusted);
        Assert.Equal(0, reduction);
        Assert.Throws<ArgumentException>(() => RatioComparison.CompareAdjusted(Sum(control), Sum(treatment), Covariates(control[..2]), Covariates(treatment), 0.05));
    }

    [Fact]
    public void Simulated_tests_keep_their_level_and_find_a_real_difference_more_often()
    {
        // Shoppers differ in how much they click (p ~ Beta(2, 6)); the covariate is their clicks in twenty visits before
        // the test; in the test they get one to five slates. 300 A/A tests and 300 with the treatment adding 0.03 to
        // every shopper's rate, 300 shoppers per arm, each read once.
        var random = new Random(20261203);
        int falseFinds = 0, plainFinds = 0, adjustedFinds = 0;
        var reductions = new List<double>();
        const int Tests = 300;
        for (var t = 0; t < Tests; t++)
        {
            for (var effect = 0; effect < 2; effect++)
            {
                var (control, controlX) = Arm(random, 0);
                var (treatment, treatmentX) = Arm(random, effect * 0.03);
                var (adjusted, reduction) = RatioComparison.CompareAdjusted(control, treatment, controlX, treatmentX, MixtureSequentialTest.DefaultRateScale);
                if (effect == 0)
                {
                    falseFinds += adjusted.PValue < 0.05 ? 1 : 0;
                    reductions.Add(reduction);
                }
                else
                {
                    adjustedFinds += adjusted.PValue < 0.05 ? 1 : 0;
                    plainFinds += RatioComparison.Compare(control, treatment, MixtureSequentialTest.DefaultRateScale).PValue < 0.05 ? 1 : 0;
                }
            }
        }

        var report = $"A/A false finds {falseFinds} of {Tests}; real difference found {adjustedFinds} adjusted against {plainFinds} plain; variance removed {reductions.Average():P0}";
        Assert.InRange(falseFinds, 5, 27); // about 15 expected at the 5% level
        Assert.True(reductions.Average() > 0.12, report);
        Assert.True(adjustedFinds > plainFinds + 5, report);
    }

    private static (RatioSummary Outcome, CovariateSums Covariate) Arm(Random random, double effect)
    {
        RatioSummary outcome = default;
        CovariateSums covariate = default;
        for (var s = 0; s < 300; s++)
        {
            var p = Beta26(random);
            var x = Enumerable.Range(0, 20).Count(_ => random.NextDouble() < p);
            var slates = 1 + random.Next(5);
            var clicked = Enumerable.Range(0, slates).Count(_ => random.NextDouble() < p + effect);
            outcome = outcome.Add(clicked, slates);
            covariate = covariate.Add(x, clicked, slates);
        }

        return (outcome, covariate);
    }

    // Beta(2, 6): the second smallest of seven uniforms.
    private static double Beta26(Random random) => Enumerable.Range(0, 7).Select(_ => random.NextDouble()).Order().ElementAt(1);

    private static RatioSummary Sum((double Y, double N, double X)[] shoppers) => shoppers.Aggregate(default(RatioSummary), static (s, u) => s.Add(u.Y, u.N));

    private static CovariateSums Covariates((double Y, double N, double X)[] shoppers) => shoppers.Aggregate(default(CovariateSums), static (s, u) => s.Add(u.X, u.Y, u.N));

    private static (double[] L, double[] X) Linearised((double Y, double N, double X)[] shoppers)
    {
        var r = shoppers.Sum(static s => s.Y) / shoppers.Sum(static s => s.N);
        var meanN = shoppers.Average(static s => s.N);
        return ([.. shoppers.Select(s => (s.Y - (r * s.N)) / meanN)], [.. shoppers.Select(static s => s.X)]);
    }

    private static double Cov(double[] a, double[] b)
    {
        var (ma, mb) = (a.Average(), b.Average());
        return a.Select((v, i) => (v - ma) * (b[i] - mb)).Sum() / (a.Length - 1);
    }
}
