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

        var none = ProportionComparison.Compare(0, 10, 0, 10);
        Assert.Equal(1.0, none.PValue);
        Assert.Throws<ArgumentException>(() => ProportionComparison.Compare(11, 10, 0, 10));
    }
}
