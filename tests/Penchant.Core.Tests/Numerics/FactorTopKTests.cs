using Penchant.Core.Numerics;

namespace Penchant.Core.Tests.Numerics;

public sealed class FactorTopKTests
{
    [Theory]
    [InlineData(1000, 64, 10, true, true)]
    [InlineData(1003, 64, 10, false, true)]
    [InlineData(517, 16, 25, true, false)]
    [InlineData(301, 12, 7, true, true)]
    [InlineData(6, 8, 10, false, false)]
    public void Fused_pass_keeps_the_same_items_as_the_scalar_reference(int rows, int factors, int k, bool withBias, bool withExclusions)
    {
        var rng = new Random(rows + factors);
        var items = TopKAsserts.Uniform(rng, rows * factors);
        var user = TopKAsserts.Uniform(rng, factors);
        var bias = withBias ? TopKAsserts.Uniform(rng, rows) : [];
        var excluded = withExclusions ? Enumerable.Range(0, rows).Where(_ => rng.NextDouble() < 0.2).ToArray() : [];

        var fast = new ScoredItem[k];
        var plain = new ScoredItem[k];
        var found = FactorTopK.Select(items, factors, user, bias, excluded, fast);
        var expected = FactorTopK.SelectReference(items, factors, user, bias, excluded, plain);
        TopKAsserts.SameAsReference(fast, found, plain, expected, excluded);
    }

    [Fact]
    public void Ties_go_to_the_lower_index_as_in_plain_selection()
    {
        // Every item identical: the lowest 3 indices that are not excluded must be kept.
        const int rows = 40;
        const int factors = 8;
        var items = Enumerable.Repeat(0.25f, rows * factors).ToArray();
        var user = Enumerable.Repeat(1f, factors).ToArray();
        var heap = new ScoredItem[3];
        var found = FactorTopK.Select(items, factors, user, [], [0, 2], heap);
        Assert.Equal(3, found);
        Assert.Equal([1, 3, 4], heap.Select(static s => s.Item).Order());
    }

    [Theory]
    [InlineData(20_000, 16, 10, 2, true)]
    [InlineData(30_001, 8, 25, 3, false)]
    [InlineData(9_000, 64, 10, 2, true)]
    public void Parallel_slices_keep_the_same_items_as_the_scalar_reference(int rows, int factors, int k, int parts, bool withBias)
    {
        var rng = new Random(rows + parts);
        var items = Enumerable.Range(0, rows * factors).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var user = Enumerable.Range(0, factors).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var bias = withBias ? Enumerable.Range(0, rows).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray() : [];
        var excluded = Enumerable.Range(0, rows).Where(_ => rng.NextDouble() < 0.1).ToArray();

        var fast = new ScoredItem[k];
        var plain = new ScoredItem[k];
        var found = FactorTopK.SelectParallel(items, factors, user, bias, excluded, fast, parts);
        var expected = FactorTopK.SelectReference(items, factors, user, bias, excluded, plain);

        Assert.Equal(expected, found);
        Assert.Equal(
            plain.Take(expected).OrderByDescending(static s => s.Score).Select(static s => s.Item),
            fast.Take(found).OrderByDescending(static s => s.Score).Select(static s => s.Item));
    }

    [Fact]
    public void Parallel_slices_break_ties_like_one_pass()
    {
        const int rows = 20_000;
        const int factors = 8;
        var items = Enumerable.Repeat(0.25f, rows * factors).ToArray();
        var user = Enumerable.Repeat(1f, factors).ToArray();
        var heap = new ScoredItem[3];
        var found = FactorTopK.SelectParallel(items, factors, user, ReadOnlyMemory<float>.Empty, new[] { 0, 2 }, heap, 4);
        Assert.Equal(3, found);
        Assert.Equal([1, 3, 4], heap.Select(static s => s.Item).Order());
    }
}
