using BenchmarkDotNet.Attributes;
using Penchant.Core.Exploration;
using Penchant.Core.Numerics;

namespace Penchant.Bench.Exploration;

/// <summary>
/// The learned ranker's per-pass work over a catalogue the size of the server benchmark's (100,000 items in 40 or 200
/// interest clusters): finding every candidate cluster's best item and the clusters' share of the 200 best items, by
/// a scan of every cluster plus a separate top-200 selection (the route before session 6), and by one top-200
/// selection that settles most clusters' best items (<see cref="ClusterMap.BestItems"/>), as
/// <see cref="ClusterFeaturizer.Compute"/> now does. Both give the same items and mass.
/// </summary>
[MemoryDiagnoser]
public class ClusterFeaturizerBenchmarks
{
    private const int Items = 100_000;
    private const int MassItems = 200;
    private float[] _scores = [];
    private float[] _popularity = [];
    private bool[] _wanted = [];
    private ClusterMap _clusters = null!;

    [Params(40, 200)]
    public int ClusterCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Xorshift64Star(5);
        _clusters = SyntheticCatalogue.Clusters(rng, Items, ClusterCount);
        _scores = SyntheticCatalogue.Uniform(rng, Items);
        _popularity = SyntheticCatalogue.Uniform(rng, Items);
        _wanted = [.. Enumerable.Range(0, ClusterCount).Select(c => c % 5 != 0)];
    }

    [Benchmark(Baseline = true)]
    public float ScanEveryCluster()
    {
        var sum = 0f;
        for (var c = 0; c < ClusterCount; c++)
        {
            sum += _wanted[c] ? _clusters.BestItem(c, _scores, _popularity) : 0;
        }

        return sum + _clusters.TopMass(_scores, MassItems, 0f, 1f)[0];
    }

    [Benchmark]
    public float ReadFromTopItems()
    {
        var top = TopK.Select(_scores, MassItems);
        var best = _clusters.BestItems(_scores, _popularity, top, MassItems, _wanted);
        return best.Sum() + _clusters.TopMass(top, 0f, 1f)[0];
    }
}
