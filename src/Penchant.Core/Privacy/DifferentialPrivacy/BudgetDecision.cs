namespace Penchant.Core.Privacy.DifferentialPrivacy;

/// <summary>The outcome of asking a <see cref="PrivacyBudgetAccountant"/> to spend.</summary>
/// <param name="Consumer">Who asked.</param>
/// <param name="Granted">True when the cost was spent; false when it was refused and nothing was spent.</param>
/// <param name="Requested">The cost asked for.</param>
/// <param name="Spent">The consumer's total spending after the decision.</param>
/// <param name="Limit">The consumer's limit.</param>
public sealed record BudgetDecision(string Consumer, bool Granted, PrivacyCost Requested, PrivacyCost Spent, PrivacyCost Limit)
{
    /// <summary>What is left: the limit minus the spending, never negative.</summary>
    public PrivacyCost Remaining => new(Math.Max(0, Limit.Epsilon - Spent.Epsilon), Math.Max(0, Limit.Delta - Spent.Delta));
}
