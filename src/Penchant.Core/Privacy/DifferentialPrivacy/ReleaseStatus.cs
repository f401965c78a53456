namespace Penchant.Core.Privacy.DifferentialPrivacy;

/// <summary>Whether a private aggregate was released.</summary>
public enum ReleaseStatus
{
    /// <summary>Noisy values were released (a histogram may still have suppressed some keys).</summary>
    Released,

    /// <summary>Fewer than the minimum group size contributed; nothing was released, but the budget was charged.</summary>
    BelowMinimumGroupSize,

    /// <summary>The consumer's budget would have been exceeded; nothing was computed, released or spent.</summary>
    BudgetExhausted,
}
