using Penchant.Core.Privacy;

namespace Penchant.Core.Tests.Privacy;

public sealed class PseudonymCacheTests
{
    private static readonly Pseudonymizer Pseudonyms = new(Enumerable.Range(1, 32).Select(static i => (byte)i).ToArray());

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(PseudonymCache.DefaultCapacity)]
    public void Every_answer_is_the_pseudonymizers_whatever_the_capacity(int capacity)
    {
        var cache = new PseudonymCache(Pseudonyms, capacity);
        var ids = Enumerable.Range(0, 20).Select(static i => $"user-{i % 7}").ToArray();
        foreach (var id in ids)
        {
            Assert.Equal(Pseudonyms.Pseudonymize(id), cache.Pseudonymize(id));
        }
    }

    [Fact]
    public void A_cached_id_gets_the_same_string_instance_every_time()
    {
        var cache = new PseudonymCache(Pseudonyms);
        var first = cache.Pseudonymize("ann");
        Assert.Same(first, cache.Pseudonymize(new string("ann".AsSpan())));
    }

    [Fact]
    public void Without_capacity_nothing_is_remembered()
    {
        var cache = new PseudonymCache(Pseudonyms, capacity: 0);
        Assert.NotSame(cache.Pseudonymize("ann"), cache.Pseudonymize("ann"));
    }

    [Fact]
    public void Concurrent_callers_agree()
    {
        var cache = new PseudonymCache(Pseudonyms, capacity: 50);
        var results = new string[8][];
        Parallel.For(0, results.Length, t => results[t] = [.. Enumerable.Range(0, 500).Select(i => cache.Pseudonymize($"u{(i * 7 + t) % 120}"))]);
        for (var t = 0; t < results.Length; t++)
        {
            for (var i = 0; i < 500; i++)
            {
                Assert.Equal(Pseudonyms.Pseudonymize($"u{(i * 7 + t) % 120}"), results[t][i]);
            }
        }
    }
}
