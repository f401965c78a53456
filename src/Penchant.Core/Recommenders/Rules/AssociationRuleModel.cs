using Penchant.Core.Baskets;

namespace Penchant.Core.Recommenders.Rules;

/// <summary>
/// A trained <see cref="AssociationRuleRecommender"/>: the rules, indexed by the first (smallest) item of their
/// antecedent, and each item's basket count for the popularity fallback.
/// </summary>
public sealed class AssociationRuleModel : IRecommenderModel, IItemPairSimilarity
{
    public const string KindName = AssociationRuleRecommender.KindName;

    // Scores of items no rule reaches: their share of baskets times this, below any rule's confidence worth keeping.
    private const float FallbackScale = 1e-3f;

    private readonly int[] _counts;
    private readonly int _baskets;
    private readonly AssociationRule[] _rules;
    private readonly int[][] _byFirstItem; // rule indices whose antecedent starts with the item

    public AssociationRuleModel(int[] itemCounts, int baskets, IReadOnlyList<AssociationRule> rules)
    {
        ArgumentNullException.ThrowIfNull(itemCounts);
        ArgumentNullException.ThrowIfNull(rules);
        _counts = itemCounts;
        _baskets = Math.Max(baskets, 1);
        _rules = [.. rules];
        var lists = new List<int>[itemCounts.Length];
        for (var r = 0; r < _rules.Length; r++)
        {
            var rule = _rules[r];
            if (rule.Antecedent.Length == 0 || rule.Antecedent.Any(i => (uint)i >= (uint)itemCounts.Length) || (uint)rule.Consequent >= (uint)itemCounts.Length)
            {
                throw new ArgumentException($"Rule {r} names an item outside 0..{itemCounts.Length - 1} or has no antecedent.", nameof(rules));
            }

            (lists[rule.Antecedent[0]] ??= []).Add(r);
        }

        _byFirstItem = [.. lists.Select(static l => l is null ? Array.Empty<int>() : l.ToArray())];
    }

    public string Kind => KindName;

    public int ItemCount => _counts.Length;

    /// <summary>The rules, strongest lift first.</summary>
    public IReadOnlyList<AssociationRule> Rules => _rules;

    /// <summary>Baskets the rules were mined from.</summary>
    public int Baskets => _baskets;

    /// <summary>Writes the fallback scores, then for each item the best confidence of a rule that applies to the cart <paramref name="query"/>.</summary>
    public void Score(UserQuery query, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(query);
        Fallback(scores);
        ApplyRules(query.Items, scores);
    }

    /// <summary>
    /// Writes for each item the best confidence of a rule that applies to the cart <paramref name="query"/>, and 0
    /// where none does (no popularity fallback).
    /// </summary>
    public void ScoreByRules(UserQuery query, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(query);
        scores.Clear();
        ApplyRules(query.Items, scores);
    }

    private void ApplyRules(ReadOnlySpan<int> cart, Span<float> scores)
    {
        foreach (var first in cart)
        {
            if ((uint)first >= (uint)_byFirstItem.Length)
            {
                continue;
            }

            foreach (var r in _byFirstItem[first])
            {
                var rule = _rules[r];
                var confidence = (float)rule.Confidence;
                if (confidence > scores[rule.Consequent] && Contains(cart, rule.Antecedent))
                {
                    scores[rule.Consequent] = confidence;
                }
            }
        }
    }

    /// <summary>The rule behind <paramref name="item"/>'s score for the cart <paramref name="query"/>, or null when popularity placed it.</summary>
    public AssociationRule? BestRule(UserQuery query, int item)
    {
        ArgumentNullException.ThrowIfNull(query);
        AssociationRule? best = null;
        foreach (var first in query.Items)
        {
            if ((uint)first >= (uint)_byFirstItem.Length)
            {
                continue;
            }

            foreach (var r in _byFirstItem[first])
            {
                var rule = _rules[r];
                if (rule.Consequent == item && (best is null || rule.Confidence > best.Confidence) && Contains(query.Items, rule.Antecedent))
                {
                    best = rule;
                }
            }
        }

        return best;
    }

    /// <summary>The confidence of the rule {item} → j for every j (the fallback where there is none).</summary>
    public void ScoreSimilar(int item, Span<float> scores)
    {
        Fallback(scores);
        if ((uint)item >= (uint)_byFirstItem.Length)
        {
            return;
        }

        foreach (var r in _byFirstItem[item])
        {
            var rule = _rules[r];
            if (rule.Antecedent.Length == 1)
            {
                scores[rule.Consequent] = (float)rule.Confidence;
            }
        }
    }

    public float Similarity(int a, int b)
    {
        if ((uint)a >= (uint)_counts.Length || (uint)b >= (uint)_counts.Length)
        {
            return 0f;
        }

        foreach (var r in _byFirstItem[a])
        {
            var rule = _rules[r];
            if (rule.Antecedent.Length == 1 && rule.Consequent == b)
            {
                return (float)rule.Confidence;
            }
        }

        return FallbackScale * _counts[b] / _baskets;
    }

    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_baskets);
        ModelFile.WriteArray(writer, _counts);
        writer.Write(_rules.Length);
        foreach (var rule in _rules)
        {
            ModelFile.WriteArray(writer, rule.Antecedent);
            writer.Write(rule.Consequent);
            writer.Write(rule.Count);
            writer.Write(rule.AntecedentCount);
        }
    }

    public static AssociationRuleModel Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var baskets = reader.ReadInt32();
        var counts = ModelFile.ReadInts(reader);
        var n = reader.ReadInt32();
        if (n < 0)
        {
            throw new InvalidDataException($"Rule count {n} is negative.");
        }

        var rules = new AssociationRule[n];
        for (var r = 0; r < n; r++)
        {
            var antecedent = ModelFile.ReadInts(reader);
            var consequent = reader.ReadInt32();
            var count = reader.ReadInt32();
            var antecedentCount = reader.ReadInt32();
            if ((uint)consequent >= (uint)counts.Length)
            {
                throw new InvalidDataException($"Rule {r} names item {consequent}, outside the model's {counts.Length} items.");
            }

            rules[r] = new AssociationRule(antecedent, consequent, count, antecedentCount, counts[consequent], baskets);
        }

        return new AssociationRuleModel(counts, baskets, rules);
    }

    private void Fallback(Span<float> scores)
    {
        var scale = FallbackScale / _baskets;
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = scale * _counts[i];
        }
    }

    // Whether every item of the ascending antecedent is in the ascending cart.
    private static bool Contains(ReadOnlySpan<int> cart, ReadOnlySpan<int> antecedent)
    {
        var j = 0;
        foreach (var item in antecedent)
        {
            while (j < cart.Length && cart[j] < item)
            {
                j++;
            }

            if (j == cart.Length || cart[j] != item)
            {
                return false;
            }

            j++;
        }

        return true;
    }
}
