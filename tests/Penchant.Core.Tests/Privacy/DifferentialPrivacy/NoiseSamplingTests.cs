using Penchant.Core.Privacy.DifferentialPrivacy;

namespace Penchant.Core.Tests.Privacy.DifferentialPrivacy;

public sealed class NoiseSamplingTests
{
    private sealed class ScriptedSource(params ulong[] words) : INoiseSource
    {
        private int _next;

        public ulong NextUInt64() => words[_next++];
    }

    [Fact]
    public void Uniform_picks_the_binade_from_leading_zeros_and_the_mantissa_from_the_next_word()
    {
        // 64 + 1 leading zeros: the binade [2^-66, 2^-65); mantissa bits are the top 52 of the next word.
        var mantissa = 0xABCDEUL;
        var source = new ScriptedSource(0UL, 1UL << 62, mantissa << 12);
        var u = NoiseSampling.Uniform(source);
        Assert.Equal(Math.ScaleB(1 + (mantissa / Math.ScaleB(1, 52)), -66), u);
    }

    [Fact]
    public void Uniform_is_uniform_in_the_open_unit_interval_and_reaches_below_the_53_bit_grid()
    {
        var source = new SeededNoiseSource(31);
        const int n = 200_000;
        double sum = 0;
        var belowTenth = 0;
        var offGrid = 0;
        for (var i = 0; i < n; i++)
        {
            var u = NoiseSampling.Uniform(source);
            Assert.True(u is > 0 and < 1);
            sum += u;
            belowTenth += u < 0.1 ? 1 : 0;
            offGrid += u * Math.ScaleB(1, 53) % 1 != 0 ? 1 : 0;
        }

        Assert.InRange(sum / n, 0.5 - 0.005, 0.5 + 0.005);
        Assert.InRange(belowTenth / (double)n, 0.1 - 0.005, 0.1 + 0.005);
        // Values below 1/2 carry bits finer than 2^-53: about a third of all draws do.
        Assert.InRange(offGrid / (double)n, 0.3, 0.37);
    }

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(1.0000001, 2.0)]
    [InlineData(0.3, 0.5)]
    [InlineData(5.0, 8.0)]
    public void Grid_is_the_smallest_power_of_two_not_below_the_scale(double scale, double grid) =>
        Assert.Equal(grid, NoiseSampling.GridFor(scale));

    [Theory]
    [InlineData(3.3, 1.5, 1e6, 4.0)]
    [InlineData(-0.9, 0.3, 1e6, -1.0)]
    [InlineData(1e9, 1.0, 1000.0, 1000.0)]
    [InlineData(-1e9, 1.0, 1000.0, -1000.0)]
    public void Snap_rounds_to_the_grid_and_clamps(double value, double scale, double bound, double expected) =>
        Assert.Equal(expected, NoiseSampling.Snap(value, scale, bound));

    [Fact]
    public void Releases_land_on_the_grid_whatever_the_true_value()
    {
        var mechanism = new LaplaceMechanism(1, 0.5);
        var source = new SeededNoiseSource(32);
        for (var i = 0; i < 1000; i++)
        {
            var released = mechanism.Release(100.123456789 + i, source);
            Assert.Equal(0, released % 2);
        }
    }
}
