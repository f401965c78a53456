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
}
