using Penchant.Core.Numerics;

namespace Penchant.Core.Tests.Numerics;

public sealed class Xorshift64StarTests
{
    [Fact]
    public void Same_seed_same_stream_and_different_seeds_differ()
    {
        var a = new Xorshift64Star(5);
        var b = new Xorshift64Star(5);
        var c = new Xorshift64Star(6);
        var sa = Enumerable.Range(0, 50).Select(_ => a.NextUInt64()).ToArray();
        var sb = Enumerable.Range(0, 50).Select(_ => b.NextUInt64()).ToArray();
        var sc = Enumerable.Range(0, 50).Select(_ => c.NextUInt64()).ToArray();
        Assert.Equal(sa, sb);
        Assert.NotEqual(sa, sc);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public void Integers_stay_in_range_and_cover_it_evenly(int bound)
    {
        var rng = new Xorshift64Star(0);
        var counts = new int[bound];
        var draws = 2000 * bound;
        for (var d = 0; d < draws; d++)
        {
            var v = rng.NextInt(bound);
            Assert.InRange(v, 0, bound - 1);
            counts[v]++;
        }

        // Each bucket expects 2000 draws; 5 standard deviations is about 224.
        Assert.All(counts, n => Assert.InRange(n, 2000 - 250, 2000 + 250));
        var unit = Enumerable.Range(0, 1000).Select(_ => rng.NextDouble()).ToArray();
        Assert.All(unit, u => Assert.InRange(u, 0.0, 0.9999999999));
        Assert.InRange(unit.Average(), 0.45, 0.55);
    }
}
