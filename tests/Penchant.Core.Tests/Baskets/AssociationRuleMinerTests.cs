using Penchant.Core.Baskets;

namespace Penchant.Core.Tests.Baskets;

public sealed class AssociationRuleMinerTests
{
    [Fact]
    public void Support_confidence_and_lift_of_a_small_example_are_the_counted_shares()
    {
        // bread 0, butter 1, milk 2: {0,1}, {0,1,2}, {0,2}, {1}
        int[][] baskets = [[0, 1], [0, 1, 2], [0, 2], [1]];
        var rules = new AssociationRuleMiner(new AssociationRuleOptions(MinSupport: 0, MinConfidence: 0)).Mine(FrequentItemsetMinerTests.Matrix(baskets, 3));

        var breadToButter = Assert.Single(rules, r => r.Antecedent.SequenceEqual([0]) && r.Consequent == 1);
        Assert.Equal(2, breadToButter.Count);
        Assert.Equal(0.5, breadToButter.Support, 12);
        Assert.Equal(2.0 / 3, breadToButter.Confidence, 12);
        Assert.Equal(2.0 / 3 / 0.75, breadToButter.Lift, 12);

        var pairToMilk = Assert.Single(rules, r => r.Antecedent.SequenceEqual([0, 1]) && r.Consequent == 2);
        Assert.Equal(0.5, pairToMilk.Confidence, 12);
        Assert.Equal(1.0, pairToMilk.Lift, 12);

        // Every rule of an itemset with two or more items: 3 pairs give 6 rules, the triple 3 (milk and butter are together once, so all pairs are present).
        Assert.Equal(9, rules.Count);
    }

    [Theory]
    [InlineData(7, 0.03, 0.3, 10, 0.0)]
    [InlineData(8, 0.05, 0.6, 3, 1.1)]
    [InlineData(9, 0.01, 0.0, 2, 0.0)]
    public void Rules_are_exactly_those_enumeration_finds_and_come_by_lift(int seed, double support, double confidence, int maxLength, double lift)
    {
        const int items = 10;
        var baskets = FrequentItemsetMinerTests.RandomBaskets(seed, 120, items);
        var options = new AssociationRuleOptions(support, confidence, maxLength, lift);
        var rules = new AssociationRuleMiner(options).Mine(FrequentItemsetMinerTests.Matrix(baskets, items));

        var minCount = new FrequentItemsetOptions(support).MinimumCount(baskets.Length);
        var itemsets = FrequentItemsetMinerTests.BruteForce(baskets, items, minCount, maxLength);
        var expected = new HashSet<string>();
        foreach (var (key, count) in itemsets)
        {
            var set = key.Split(',').Select(int.Parse).ToArray();
            if (set.Length < 2)
            {
                continue;
            }

            foreach (var y in set)
            {
                var x = set.Where(i => i != y).ToArray();
                var xCount = baskets.Count(b => x.All(b.Contains));
                var yShare = baskets.Count(b => b.Contains(y)) / (double)baskets.Length;
                var conf = count / (double)xCount;
                if (conf >= confidence - 1e-12 && conf / yShare >= lift)
                {
                    expected.Add($"{string.Join(",", x)}>{y}:{count}/{xCount}");
                }
            }
        }

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Order(), rules.Select(r => $"{string.Join(",", r.Antecedent)}>{r.Consequent}:{r.Count}/{r.AntecedentCount}").Order());
        for (var r = 1; r < rules.Count; r++)
        {
            Assert.True(rules[r - 1].Lift >= rules[r].Lift);
        }
    }

    [Fact]
    public void Itemsets_missing_a_subset_are_refused()
    {
        var miner = new AssociationRuleMiner(new AssociationRuleOptions(0, 0));
        var error = Assert.Throws<ArgumentException>(() => miner.FromItemsets([new Itemset([0], 3), new Itemset([0, 1], 2)], 5));
        Assert.Contains("subset", error.Message);
    }
}
