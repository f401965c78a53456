using Penchant.Core.Experiments;

namespace Penchant.Core.Tests.Experiments;

public sealed class ExperimentPlanTests
{
    private static readonly Variant[] TwoArms = [new("control", 1), new("treatment", 1)];
    private static readonly string[] Users = [.. Enumerable.Range(0, 20_000).Select(static u => $"user-{u}")];

    [Fact]
    public void One_experiment_with_all_the_traffic_assigns_as_the_plain_hash()
    {
        var plan = new ExperimentPlan([new ExperimentDefinition("solo", "main", 1, TwoArms)]);
        foreach (var user in Users.Take(2_000))
        {
            var expected = ExperimentAssignment.VariantOf("solo", user, TwoArms).Name;
            Assert.Equal([new ExperimentArm("solo", expected)], plan.ArmsOf(user));
            Assert.Equal(expected, plan.VariantOf("solo", user));
        }

        Assert.Null(plan.VariantOf("other", "user-1"));
        Assert.Empty(ExperimentPlan.None.ArmsOf("user-1"));
    }

    [Fact]
    public void Experiments_of_one_layer_are_exclusive_and_take_their_traffic()
    {
        var plan = new ExperimentPlan(
        [
            new ExperimentDefinition("a", "main", 0.5, TwoArms),
            new ExperimentDefinition("b", "main", 0.3, TwoArms),
        ]);
        var arms = Users.Select(plan.ArmsOf).ToArray();
        Assert.All(arms, static a => Assert.True(a.Count <= 1));
        var inA = arms.Count(static a => a.Count == 1 && a[0].Experiment == "a");
        var inB = arms.Count(static a => a.Count == 1 && a[0].Experiment == "b");

        // 10,000, 6,000 and 4,000 of 20,000 expected, each within about 4 standard deviations.
        Assert.InRange(inA, 9_717, 10_283);
        Assert.InRange(inB, 5_741, 6_259);
        Assert.InRange(Users.Length - inA - inB, 3_780, 4_220);

        // Within an experiment the arms still split by their shares, and VariantOf agrees with ArmsOf.
        var controlInA = arms.Count(static a => a.Count == 1 && a[0] == new ExperimentArm("a", "control"));
        Assert.InRange(controlInA / (double)inA, 0.47, 0.53);
        for (var u = 0; u < 2_000; u++)
        {
            var a = arms[u].SingleOrDefault(static x => x.Experiment == "a");
            Assert.Equal(a == default ? null : a.Variant, plan.VariantOf("a", Users[u]));
        }
    }

    [Fact]
    public void Experiments_of_different_layers_overlap_independently()
    {
        var plan = new ExperimentPlan(
        [
            new ExperimentDefinition("ranking", "models", 0.5, TwoArms),
            new ExperimentDefinition("explore", "exploration", 1, TwoArms),
        ]);
        var arms = Users.Select(plan.ArmsOf).ToArray();
        Assert.All(arms, static a => Assert.Contains(a, static x => x.Experiment == "explore"));
        var inRanking = arms.Where(static a => a.Any(static x => x.Experiment == "ranking")).ToArray();
        Assert.InRange(inRanking.Length, 9_717, 10_283);

        // Being in the ranking test says nothing about the explore arm: about half of its shoppers are explore's control.
        var share = inRanking.Count(static a => a.Single(static x => x.Experiment == "explore").Variant == "control") / (double)inRanking.Length;
        Assert.InRange(share, 0.47, 0.53);

        // Arms come in the experiments' order.
        Assert.All(inRanking, static a => Assert.Equal(["ranking", "explore"], a.Select(static x => x.Experiment)));
    }

    [Fact]
    public void Experiments_of_one_layer_that_never_meet_in_time_may_take_the_same_shoppers()
    {
        var january = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var february = january.AddMonths(1);
        var plan = new ExperimentPlan(
        [
            new ExperimentDefinition("january", "main", 0.6, TwoArms) { Start = january, End = february },
            new ExperimentDefinition("february", "main", 0.6, TwoArms) { Start = february },
            new ExperimentDefinition("always", "main", 0.3, TwoArms),
        ]);

        // January and February take the same 60% (each alone in its month); the test that runs throughout takes a range
        // clear of both, so it never shares a shopper with either.
        var arms = Users.Select(plan.ArmsOf).ToArray();
        var inJanuary = arms.Count(static a => a.Any(static x => x.Experiment == "january"));
        Assert.InRange(inJanuary, 11_660, 12_340); // 60% of 20,000, within about 5 standard deviations
        Assert.All(arms, static a => Assert.Equal(a.Any(static x => x.Experiment == "january"), a.Any(static x => x.Experiment == "february")));
        Assert.All(arms, static a => Assert.False(a.Any(static x => x.Experiment == "always") && a.Any(static x => x.Experiment == "january")));
        Assert.InRange(arms.Count(static a => a.Any(static x => x.Experiment == "always")), 5_741, 6_259);

        // Overlapping in time, the same shares do not fit.
        var error = Assert.Throws<ArgumentException>(() => new ExperimentPlan(
        [
            new ExperimentDefinition("january", "main", 0.6, TwoArms) { Start = january, End = february.AddDays(1) },
            new ExperimentDefinition("february", "main", 0.6, TwoArms) { Start = february },
        ]));
        Assert.Contains("Layer 'main': its experiments (january, february) take 1.2 of the shoppers together while they run", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_layer_past_all_the_shoppers_or_a_repeated_name_is_refused_by_name()
    {
        var full = Assert.Throws<ArgumentException>(() => new ExperimentPlan(
        [
            new ExperimentDefinition("a", "main", 0.6, TwoArms),
            new ExperimentDefinition("b", "main", 0.6, TwoArms),
            new ExperimentDefinition("c", "other", 1, TwoArms),
        ]));
        Assert.Contains("Layer 'main'", full.Message, StringComparison.Ordinal);
        Assert.Contains("a, b", full.Message, StringComparison.Ordinal);

        Assert.Contains("'a' is named twice", Assert.Throws<ArgumentException>(() => new ExperimentPlan(
            [new ExperimentDefinition("a", "x", 0.5, TwoArms), new ExperimentDefinition("a", "y", 0.5, TwoArms)])).Message, StringComparison.Ordinal);
        Assert.Contains("Traffic", Assert.Throws<ArgumentException>(() => new ExperimentPlan([new ExperimentDefinition("a", "x", 0, TwoArms)])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new ExperimentPlan([new ExperimentDefinition("a\u0001", "x", 1, TwoArms)]));
        Assert.Throws<ArgumentException>(() => new ExperimentPlan([new ExperimentDefinition("a", "x", 1, [new Variant("v", 1), new Variant("v", 1)])]));
    }
}
