namespace Penchant.Core.Privacy.DifferentialPrivacy;

/// <summary>
/// Tracks the privacy budget spent by each consumer under basic sequential composition (ε and δ add up,
/// Dwork and Roth 2014, Theorem 3.16) and refuses any spend that would pass the consumer's limit.
/// </summary>
/// <remarks>
/// A spend is all or nothing: the check and the addition happen under one lock, so concurrent requests can never
/// overshoot together, and a refused request changes nothing. Spend before computing a release, so a refused
/// consumer learns nothing. A relative slack of 10⁻⁹ absorbs rounding, so ten spends of ε = 0.1 fit a limit of 1.
/// The accountant is in memory; <see cref="Snapshot"/> and the constructor's <c>alreadySpent</c> let a store persist it.
/// </remarks>
public sealed class PrivacyBudgetAccountant
{
    private const double Slack = 1e-9;

    private readonly PrivacyBudgetOptions _options;
    private readonly Dictionary<string, PrivacyCost> _spent = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public PrivacyBudgetAccountant(PrivacyBudgetOptions options, IEnumerable<KeyValuePair<string, PrivacyCost>>? alreadySpent = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        foreach (var (consumer, cost) in alreadySpent ?? [])
        {
            _spent[consumer] = cost;
        }
    }

    /// <summary>Spends <paramref name="cost"/> for <paramref name="consumer"/> when it fits the limit; otherwise spends nothing.</summary>
    public BudgetDecision TrySpend(string consumer, PrivacyCost cost)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        var limit = _options.LimitFor(consumer);
        lock (_gate)
        {
            var spent = _spent.GetValueOrDefault(consumer);
            var after = spent + cost;
            var fits = Fits(after.Epsilon, limit.Epsilon) && Fits(after.Delta, limit.Delta);
            if (fits)
            {
                _spent[consumer] = after;
            }

            return new BudgetDecision(consumer, fits, cost, fits ? after : spent, limit);
        }
    }

    /// <summary>Like <see cref="TrySpend"/> but throws <see cref="PrivacyBudgetExceededException"/> when refused.</summary>
    public BudgetDecision Spend(string consumer, PrivacyCost cost)
    {
        var decision = TrySpend(consumer, cost);
        return decision.Granted ? decision : throw new PrivacyBudgetExceededException(decision);
    }

    /// <summary>What <paramref name="consumer"/> has spent so far.</summary>
    public PrivacyCost SpentBy(string consumer)
    {
        lock (_gate)
        {
            return _spent.GetValueOrDefault(consumer);
        }
    }

    /// <summary>Every consumer's spending, for persisting.</summary>
    public IReadOnlyDictionary<string, PrivacyCost> Snapshot()
    {
        lock (_gate)
        {
            return new Dictionary<string, PrivacyCost>(_spent, StringComparer.Ordinal);
        }
    }

    private static bool Fits(double total, double limit) => total <= limit + (Slack * Math.Max(limit, 1e-300));
}
