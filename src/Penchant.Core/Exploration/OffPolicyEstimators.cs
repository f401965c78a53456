namespace Penchant.Core.Exploration;

/// <summary>One logged decision: in some context the logging policy took <paramref name="Action"/> with probability <paramref name="Propensity"/> and saw <paramref name="Reward"/>.</summary>
/// <param name="Context">An opaque context index (e.g. the request).</param>
/// <param name="Action">What was shown (a cluster or an item).</param>
/// <param name="Propensity">The logging policy's probability of that action in that context; must be positive.</param>
/// <param name="Reward">The observed outcome (e.g. 1 for a click).</param>
public readonly record struct LoggedDecision(int Context, int Action, double Propensity, double Reward);

/// <summary>An off-policy estimate of a target policy's mean reward.</summary>
/// <param name="Value">The estimated mean reward per decision.</param>
/// <param name="Used">How many logged decisions contributed (matched, for replay).</param>
/// <param name="Total">How many decisions were logged.</param>
public sealed record OffPolicyEstimate(double Value, int Used, int Total);

/// <summary>
/// Estimates how a new policy would have done from decisions logged under another policy.
/// </summary>
/// <remarks>
/// Replay: Li, Chu, Langford and Wang, "Unbiased offline evaluation of contextual-bandit-based news article
/// recommendation algorithms", WSDM 2011 — keep the logged decisions where the target policy picks the logged
/// action and average their rewards (unbiased when logging was uniformly random). Inverse propensity scoring
/// (Horvitz-Thompson) weights each matched reward by target / logging probability; the self-normalised
/// variant (Swaminathan and Joachims 2015) divides by the sum of weights instead of the count.
/// </remarks>
public static class OffPolicyEstimators
{
    /// <summary>Replay with a deterministic target policy.</summary>
    public static OffPolicyEstimate Replay(IReadOnlyList<LoggedDecision> log, Func<LoggedDecision, int> targetAction)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(targetAction);
        double sum = 0;
        var used = 0;
        foreach (var d in log)
        {
            if (targetAction(d) == d.Action)
            {
                sum += d.Reward;
                used++;
            }
        }

        return new OffPolicyEstimate(used == 0 ? double.NaN : sum / used, used, log.Count);
    }

    /// <summary>Inverse propensity scoring; <paramref name="targetProbability"/> is π(logged action | context).</summary>
    public static OffPolicyEstimate InversePropensity(IReadOnlyList<LoggedDecision> log, Func<LoggedDecision, double> targetProbability)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(targetProbability);
        double sum = 0;
        var used = 0;
        foreach (var d in log)
        {
            var w = Weight(d, targetProbability);
            if (w > 0)
            {
                used++;
            }

            sum += w * d.Reward;
        }

        return new OffPolicyEstimate(log.Count == 0 ? double.NaN : sum / log.Count, used, log.Count);
    }

    /// <summary>Self-normalised inverse propensity scoring.</summary>
    public static OffPolicyEstimate SelfNormalized(IReadOnlyList<LoggedDecision> log, Func<LoggedDecision, double> targetProbability)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(targetProbability);
        double sum = 0, weights = 0;
        var used = 0;
        foreach (var d in log)
        {
            var w = Weight(d, targetProbability);
            if (w > 0)
            {
                used++;
            }

            sum += w * d.Reward;
            weights += w;
        }

        return new OffPolicyEstimate(weights == 0 ? double.NaN : sum / weights, used, log.Count);
    }

    private static double Weight(LoggedDecision d, Func<LoggedDecision, double> targetProbability)
    {
        if (d.Propensity <= 0 || d.Propensity > 1)
        {
            throw new ArgumentException($"Logged decision in context {d.Context} has propensity {d.Propensity}; it must be in (0, 1].");
        }

        return targetProbability(d) / d.Propensity;
    }
}
