namespace Penchant.Core.Privacy.DifferentialPrivacy;

/// <summary>The privacy budget each consumer (an export client, a dashboard, an API key) may spend in total.</summary>
/// <param name="Limit">Total (ε, δ) per consumer under basic sequential composition.</param>
/// <param name="ConsumerLimits">Optional per-consumer limits that replace <paramref name="Limit"/>.</param>
public sealed record PrivacyBudgetOptions(PrivacyCost Limit, IReadOnlyDictionary<string, PrivacyCost>? ConsumerLimits = null)
{
    /// <summary>ε = 1, δ = 10⁻⁶ per consumer: a conservative default; raise it knowingly.</summary>
    public static PrivacyBudgetOptions Default { get; } = new(new PrivacyCost(1.0, 1e-6));

    /// <summary>The limit that applies to <paramref name="consumer"/>.</summary>
    public PrivacyCost LimitFor(string consumer) =>
        ConsumerLimits is not null && ConsumerLimits.TryGetValue(consumer, out var limit) ? limit : Limit;
}
