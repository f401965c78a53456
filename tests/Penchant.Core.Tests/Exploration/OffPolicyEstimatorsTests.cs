using Penchant.Core.Exploration;

namespace Penchant.Core.Tests.Exploration;

public sealed class OffPolicyEstimatorsTests
{
    private static readonly double[] ClickRate = [0.1, 0.5, 0.3];

    private static List<LoggedDecision> Log(int n, double[] logging, int seed)
    {
        var rng = new Random(seed);
        var log = new List<LoggedDecision>(n);
        for (var t = 0; t < n; t++)
        {
            var u = rng.NextDouble();
            var a = 0;
            while (a < logging.Length - 1 && u > logging[a])
            {
                u -= logging[a];
                a++;
            }

            log.Add(new LoggedDecision(t, a, logging[a], rng.NextDouble() < ClickRate[a] ? 1 : 0));
        }

        return log;
    }

    [Fact]
    public void Replay_on_uniform_logs_recovers_a_fixed_policys_click_rate()
    {
        var log = Log(30000, [1 / 3.0, 1 / 3.0, 1 / 3.0], 1);
        var estimate = OffPolicyEstimators.Replay(log, _ => 1);
        Assert.InRange(estimate.Value, 0.47, 0.53);
        Assert.InRange(estimate.Used, 9500, 10500);
    }

    [Fact]
    public void Inverse_propensity_corrects_a_skewed_logging_policy_where_a_naive_average_does_not()
    {
        var log = Log(60000, [0.7, 0.1, 0.2], 2);
        // Target: a uniform random policy, whose true click rate is 0.3.
        var ips = OffPolicyEstimators.InversePropensity(log, _ => 1 / 3.0);
        var snips = OffPolicyEstimators.SelfNormalized(log, _ => 1 / 3.0);
        var naive = log.Average(d => d.Reward);
        Assert.InRange(ips.Value, 0.28, 0.32);
        Assert.InRange(snips.Value, 0.28, 0.32);
        Assert.True(Math.Abs(naive - 0.3) > 0.05, $"the naive average {naive} should be biased here");
    }

    [Fact]
    public void Invalid_propensity_is_rejected_with_its_context()
    {
        var ex = Assert.Throws<ArgumentException>(() => OffPolicyEstimators.InversePropensity([new LoggedDecision(7, 0, 0, 1)], _ => 1));
        Assert.Contains("context 7", ex.Message);
    }
}
