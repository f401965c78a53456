using Penchant.Core.Privacy.DifferentialPrivacy;

namespace Penchant.Core.Tests.Privacy.DifferentialPrivacy;

public sealed class NoiseSourceTests
{
    [Fact]
    public void Seeded_source_is_xoshiro256_starstar_seeded_by_splitmix64()
    {
        // Known answers computed independently (Python) from the published algorithms.
        var source = new SeededNoiseSource(42);
        Assert.Equal(0x15780b2e0c2ec716UL, source.NextUInt64());
        Assert.Equal(0x6104d9866d113a7eUL, source.NextUInt64());
        Assert.Equal(0xae17533239e499a1UL, source.NextUInt64());
        Assert.Equal(0x8f5520d52a7ead08UL, new SeededNoiseSource(-1).NextUInt64());
    }

    [Fact]
    public void Same_seed_same_stream_and_different_seeds_differ()
    {
        var a = new SeededNoiseSource(7);
        var b = new SeededNoiseSource(7);
        var c = new SeededNoiseSource(8);
        var first = Enumerable.Range(0, 100).Select(_ => a.NextUInt64()).ToArray();
        Assert.Equal(first, Enumerable.Range(0, 100).Select(_ => b.NextUInt64()));
        Assert.NotEqual(first, Enumerable.Range(0, 100).Select(_ => c.NextUInt64()));
    }

    [Fact]
    public void Secure_source_gives_balanced_bits_and_usable_noise()
    {
        var source = SecureNoiseSource.Instance;
        var words = Enumerable.Range(0, 2000).Select(_ => source.NextUInt64()).ToArray();
        Assert.Equal(words.Length, words.Distinct().Count());
        var ones = words.Sum(w => System.Numerics.BitOperations.PopCount(w));
        // 128 000 fair bits: mean 64 000, sd about 179.
        Assert.InRange(ones, 64_000 - 1_500, 64_000 + 1_500);
        var released = new LaplaceMechanism(1, 1).Release(50, source);
        Assert.InRange(released, 0, 100);
    }
}
