namespace Penchant.Core.Privacy.DifferentialPrivacy;

/// <summary>A differentially private histogram: a noisy count of distinct users per key.</summary>
/// <param name="Status">Whether anything was released.</param>
/// <param name="Counts">Noisy counts (rounded, never negative) of the keys that met the minimum group size.</param>
/// <param name="SuppressedKeys">How many keys were withheld for having fewer than k contributors.</param>
/// <param name="Charged">The budget spent for the whole histogram.</param>
/// <param name="Budget">The consumer's budget after the request.</param>
public sealed record PrivateHistogram<TKey>(
    ReleaseStatus Status,
    IReadOnlyDictionary<TKey, long> Counts,
    int SuppressedKeys,
    PrivacyCost Charged,
    BudgetDecision Budget)
    where TKey : notnull;
