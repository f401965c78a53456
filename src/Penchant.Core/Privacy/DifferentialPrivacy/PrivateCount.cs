namespace Penchant.Core.Privacy.DifferentialPrivacy;

/// <summary>A differentially private count.</summary>
/// <param name="Status">Whether it was released.</param>
/// <param name="Value">The noisy count (rounded, never negative), when released.</param>
/// <param name="Charged">The budget spent (zero when the budget was exhausted).</param>
/// <param name="Budget">The consumer's budget after the request.</param>
public sealed record PrivateCount(ReleaseStatus Status, long? Value, PrivacyCost Charged, BudgetDecision Budget);
