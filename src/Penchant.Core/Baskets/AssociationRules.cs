using Penchant.Core.Data;

namespace Penchant.Core.Baskets;

/// <summary>Options for <see cref="AssociationRuleMiner"/>.</summary>
/// <param name="MinSupport">Smallest share of baskets holding the whole rule (antecedent and consequent).</param>
/// <param name="MinConfidence">Smallest share of the antecedent's baskets that also hold the consequent.</param>
/// <param name="MaxLength">Most items in a rule, antecedent and consequent together.</param>
/// <param name="MinLift">Smallest lift; 0 keeps every rule that passes the other bounds.</param>
/// <param name="MinCount">Smallest number of baskets holding the whole rule, whatever the share.</param>
/// <param name="MaxItemsets">The most frequent itemsets mined before giving up (see <see cref="FrequentItemsetOptions.MaxItemsets"/>).</param>
public sealed record AssociationRuleOptions(double MinSupport = 0.01, double MinConfidence = 0.5, int MaxLength = 10, double MinLift = 0, int MinCount = 1, int MaxItemsets = 2_000_000);

/// <summary>
/// "Baskets holding every item of <see cref="Antecedent"/> also hold <see cref="Consequent"/>", with its counts.
/// </summary>
/// <param name="Antecedent">The items on the left (dense ids, ascending, at least one).</param>
/// <param name="Consequent">The item on the right.</param>
/// <param name="Count">Baskets holding the antecedent and the consequent.</param>
/// <param name="AntecedentCount">Baskets holding the antecedent.</param>
/// <param name="ConsequentCount">Baskets holding the consequent.</param>
/// <param name="Baskets">Baskets in all.</param>
public sealed record AssociationRule(int[] Antecedent, int Consequent, int Count, int AntecedentCount, int ConsequentCount, int Baskets)
{
    /// <summary>Share of all baskets that hold the whole rule.</summary>
    public double Support => (double)Count / Baskets;

    /// <summary>Share of the antecedent's baskets that hold the consequent: the estimate of P(consequent | antecedent).</summary>
    public double Confidence => (double)Count / AntecedentCount;

    /// <summary>Confidence over the consequent's own share of baskets: how many times likelier it is with the antecedent.</summary>
    public double Lift => Confidence / ((double)ConsequentCount / Baskets);

    /// <summary>Items in the rule, both sides.</summary>
    public int Length => Antecedent.Length + 1;
}

/// <summary>
/// Association rules with one item on the right (as R's arules makes them by default), from frequent itemsets:
/// every frequent itemset Z of two or more items gives Z \ {y} → y for each y in Z that passes the confidence and
/// lift bounds.
/// </summary>
/// <remarks>Agrawal and Srikant, "Fast algorithms for mining association rules", VLDB 1994.</remarks>
public sealed class AssociationRuleMiner(AssociationRuleOptions? options = null)
{
    public AssociationRuleOptions Options { get; } = Validate(options ?? new AssociationRuleOptions());

    /// <summary>The rules of <paramref name="baskets"/> (rows are baskets), strongest lift first, then confidence.</summary>
    /// <exception cref="InvalidOperationException">More frequent itemsets than <see cref="AssociationRuleOptions.MaxItemsets"/>.</exception>
    public IReadOnlyList<AssociationRule> Mine(InteractionMatrix baskets, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(baskets);
        var itemsets = new FrequentItemsetMiner(new FrequentItemsetOptions(Options.MinSupport, Options.MaxLength, Options.MinCount, Options.MaxItemsets)).Mine(baskets, cancellation);
        return FromItemsets(itemsets, baskets.Rows);
    }

    /// <summary>The rules of frequent itemsets mined from <paramref name="baskets"/> baskets (every subset of each must be present, as mining leaves them).</summary>
    public IReadOnlyList<AssociationRule> FromItemsets(IReadOnlyList<Itemset> itemsets, int baskets)
    {
        ArgumentNullException.ThrowIfNull(itemsets);
        var counts = new Dictionary<int[], int>(itemsets.Count, ItemsComparer.Instance);
        foreach (var set in itemsets)
        {
            counts[set.Items] = set.Count;
        }

        var rules = new List<AssociationRule>();
        foreach (var set in itemsets)
        {
            if (set.Items.Length < 2 || set.Items.Length > Options.MaxLength)
            {
                continue;
            }

            for (var k = 0; k < set.Items.Length; k++)
            {
                var consequent = set.Items[k];
                var antecedent = new int[set.Items.Length - 1];
                set.Items.AsSpan(0, k).CopyTo(antecedent);
                set.Items.AsSpan(k + 1).CopyTo(antecedent.AsSpan(k));
                if (!counts.TryGetValue(antecedent, out var antecedentCount) || !counts.TryGetValue([consequent], out var consequentCount))
                {
                    throw new ArgumentException($"Itemset {{{string.Join(", ", set.Items)}}} is missing a subset; pass every frequent itemset.", nameof(itemsets));
                }

                var rule = new AssociationRule(antecedent, consequent, set.Count, antecedentCount, consequentCount, baskets);
                // Compare counts, not rounded shares, so a rule exactly at the bound is kept.
                if (set.Count >= (Options.MinConfidence * antecedentCount) - 1e-9 && rule.Lift >= Options.MinLift)
                {
                    rules.Add(rule);
                }
            }
        }

        rules.Sort(static (a, b) =>
        {
            var byLift = b.Lift.CompareTo(a.Lift);
            return byLift != 0 ? byLift : b.Confidence.CompareTo(a.Confidence);
        });
        return rules;
    }

    private static AssociationRuleOptions Validate(AssociationRuleOptions options)
    {
        if (!(options.MinConfidence is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"MinConfidence must lie in [0, 1]; it was {options.MinConfidence}.");
        }

        if (options.MaxLength < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"MaxLength must be at least 2 (a rule has an item on each side); it was {options.MaxLength}.");
        }

        if (!(options.MinLift >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"MinLift must not be negative; it was {options.MinLift}.");
        }

        return options;
    }

    /// <summary>Compares item arrays by content.</summary>
    internal sealed class ItemsComparer : IEqualityComparer<int[]>
    {
        public static ItemsComparer Instance { get; } = new();

        public bool Equals(int[]? x, int[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

        public int GetHashCode(int[] obj)
        {
            var hash = default(HashCode);
            hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(obj.AsSpan()));
            return hash.ToHashCode();
        }
    }
}
