using Penchant.Core.Numerics;

namespace Penchant.Core.Tests.Numerics;

public sealed class TopKTests
{
    [Fact]
    public void Matches_a_full_sort_on_random_inputs_with_ties_and_exclusions()
    {
        var rng = new Random(3);
        for (var trial = 0; trial < 200; trial++)
        {
            var n = rng.Next(0, 60);
            var scores = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.1 ? float.NegativeInfinity : rng.Next(0, 10) / 2f).ToArray();
            var k = rng.Next(0, 15);
            var expected = scores.Select((s, i) => new ScoredItem(i, s))
                .Where(x => !float.IsNegativeInfinity(x.Score))
                .OrderByDescending(x => x.Score).ThenBy(x => x.Item)
                .Take(k).ToArray();
            Assert.Equal(expected, TopK.Select(scores, k));
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1000)]
    public void The_vector_skip_keeps_exactly_what_the_plain_heap_keeps(int distinctScores)
    {
        // Few distinct scores make ties at the heap's root common, the case the skip must get right.
        var rng = new Random(distinctScores);
        for (var trial = 0; trial < 100; trial++)
        {
            var n = rng.Next(0, 3000);
            var scores = Enumerable.Range(0, n).Select(_ => rng.NextDouble() switch
            {
                < 0.05 => float.NegativeInfinity,
                < 0.07 => float.NaN,
                < 0.075 => float.PositiveInfinity,
                _ => rng.Next(0, distinctScores) / 7f,
            }).ToArray();
            var k = rng.Next(0, 40);
            var fast = new ScoredItem[k];
            var plain = new ScoredItem[k];
            var fastSize = TopK.SelectInto(scores, fast);
            var plainSize = TopK.SelectIntoScalar(scores, plain);
            Assert.Equal(plainSize, fastSize);
            Assert.Equal(plain.Take(plainSize).OrderBy(x => x.Item), fast.Take(fastSize).OrderBy(x => x.Item));
        }
    }
}
