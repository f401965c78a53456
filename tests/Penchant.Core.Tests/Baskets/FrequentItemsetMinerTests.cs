using Penchant.Core.Baskets;
using Penchant.Core.Data;

namespace Penchant.Core.Tests.Baskets;

public sealed class FrequentItemsetMinerTests
{
    /// <summary>Random baskets over <paramref name="items"/> items, each item in a basket with its own probability.</summary>
    public static int[][] RandomBaskets(int seed, int baskets, int items)
    {
        var rng = new Random(seed);
        var share = Enumerable.Range(0, items).Select(_ => 0.05 + (0.5 * rng.NextDouble())).ToArray();
        return [.. Enumerable.Range(0, baskets).Select(_ => Enumerable.Range(0, items).Where(i => rng.NextDouble() < share[i]).ToArray())];
    }

    public static InteractionMatrix Matrix(int[][] baskets, int items) => InteractionData.FromSequences(baskets, items).Matrix;

    /// <summary>Every itemset of up to <paramref name="maxLength"/> items with at least <paramref name="minCount"/> baskets, by enumerating all subsets.</summary>
    public static Dictionary<string, int> BruteForce(int[][] baskets, int items, int minCount, int maxLength)
    {
        var found = new Dictionary<string, int>();
        for (var mask = 1; mask < 1 << items; mask++)
        {
            var set = Enumerable.Range(0, items).Where(i => (mask & (1 << i)) != 0).ToArray();
            if (set.Length > maxLength)
            {
                continue;
            }

            var count = baskets.Count(b => set.All(b.Contains));
            if (count >= minCount)
            {
                found[string.Join(",", set)] = count;
            }
        }

        return found;
    }

    [Theory]
    [InlineData(1, 0.05, 10)]
    [InlineData(2, 0.10, 3)]
    [InlineData(3, 0.02, 4)]
    [InlineData(4, 0.30, 10)]
    [InlineData(5, 0.00, 2)]
    public void Finds_exactly_the_itemsets_enumeration_finds_with_their_counts(int seed, double support, int maxLength)
    {
        const int items = 11;
        var baskets = RandomBaskets(seed, 150, items);
        var options = new FrequentItemsetOptions(support, maxLength);
        var mined = new FrequentItemsetMiner(options).Mine(Matrix(baskets, items));

        var expected = BruteForce(baskets, items, options.MinimumCount(baskets.Length), maxLength);
        var actual = mined.ToDictionary(s => string.Join(",", s.Items), s => s.Count);
        Assert.Equal(mined.Count, actual.Count); // no itemset twice
        Assert.Equal(expected.OrderBy(p => p.Key), actual.OrderBy(p => p.Key));
        Assert.All(mined, s => Assert.Equal(s.Items.Order(), s.Items));
    }

    [Fact]
    public void An_itemset_exactly_at_the_support_bound_is_kept_and_one_basket_below_it_is_not()
    {
        // Item 0 in 3 of 100 baskets, item 1 in 2.
        var baskets = Enumerable.Range(0, 100).Select(b => b < 3 ? new[] { 0 } : b < 5 ? new[] { 1 } : new[] { 2 }).ToArray();
        var mined = new FrequentItemsetMiner(new FrequentItemsetOptions(MinSupport: 0.03)).Mine(Matrix(baskets, 3));
        Assert.Contains(mined, s => s.Items.SequenceEqual([0]) && s.Count == 3);
        Assert.DoesNotContain(mined, s => s.Items.SequenceEqual([1]));
        Assert.Equal(3, new FrequentItemsetOptions(0.03).MinimumCount(100));
        Assert.Equal(4, new FrequentItemsetOptions(0.0301).MinimumCount(100));
    }

    [Fact]
    public void Gives_up_with_a_clear_error_past_the_itemset_cap_and_not_below_it()
    {
        // Three baskets of the same 12 items hold all 4,095 non-empty subsets of them.
        var baskets = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, 12).ToArray()).ToArray();
        var matrix = Matrix(baskets, 12);
        Assert.Equal(4095, new FrequentItemsetMiner(new FrequentItemsetOptions(0.5, 12, MaxItemsets: 4095)).Mine(matrix).Count);
        var error = Assert.Throws<InvalidOperationException>(() => new FrequentItemsetMiner(new FrequentItemsetOptions(0.5, 12, MaxItemsets: 4094)).Mine(matrix));
        Assert.Contains("raise the support or lower the maximum length", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_options_out_of_range_naming_them()
    {
        Assert.Contains("MinSupport", Assert.Throws<ArgumentOutOfRangeException>(() => new FrequentItemsetMiner(new FrequentItemsetOptions(1.5))).Message);
        Assert.Contains("MaxLength", Assert.Throws<ArgumentOutOfRangeException>(() => new FrequentItemsetMiner(new FrequentItemsetOptions(0.1, 0))).Message);
    }
}
