using Penchant.Core.Synthetic;

namespace Penchant.Core.Tests.Synthetic;

public sealed class ShopRandomTests
{
    [Fact]
    public void Same_seed_and_stream_repeat_and_other_streams_differ()
    {
        var a = new ShopRandom(3, 1);
        var b = new ShopRandom(3, 1);
        var c = new ShopRandom(3, 2);
        var first = Enumerable.Range(0, 50).Select(_ => a.NextUInt64()).ToList();
        Assert.Equal(first, Enumerable.Range(0, 50).Select(_ => b.NextUInt64()));
        Assert.NotEqual(first, Enumerable.Range(0, 50).Select(_ => c.NextUInt64()));
    }

    [Fact]
    public void Draws_stay_in_range_and_follow_their_weights()
    {
        var rng = new ShopRandom(9);
        var counts = new int[3];
        double[] cumulative = [1, 3, 6]; // weights 1, 2, 3
        for (var i = 0; i < 60_000; i++)
        {
            Assert.InRange(rng.Between(2, 4), 2, 4);
            var u = rng.NextDouble();
            Assert.True(u is >= 0 and < 1);
            counts[rng.PickCumulative(cumulative)]++;
        }

        Assert.InRange(counts[0] / 60_000.0, 1 / 6.0 - 0.01, 1 / 6.0 + 0.01);
        Assert.InRange(counts[2] / 60_000.0, 0.5 - 0.01, 0.5 + 0.01);

        var weighted = new int[3];
        for (var i = 0; i < 60_000; i++)
        {
            weighted[rng.PickWeighted([0, 1, 3])]++;
        }

        Assert.Equal(0, weighted[0]);
        Assert.InRange(weighted[2] / 60_000.0, 0.74, 0.76);
        var gaussians = Enumerable.Range(0, 60_000).Select(_ => rng.Gaussian()).ToList();
        Assert.InRange(gaussians.Average(), -0.02, 0.02);
        Assert.InRange(gaussians.Select(g => g * g).Average(), 0.97, 1.03);
    }
}
