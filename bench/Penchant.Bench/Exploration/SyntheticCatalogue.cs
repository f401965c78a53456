using Penchant.Core.Exploration;
using Penchant.Core.Numerics;

namespace Penchant.Bench.Exploration;

/// <summary>The exploration benchmarks' generated catalogue: items in uniformly random clusters, with scores and popularity.</summary>
internal static class SyntheticCatalogue
{
    /// <summary>Each of <paramref name="items"/> items in one of <paramref name="clusters"/> clusters, drawn from <paramref name="rng"/>.</summary>
    public static ClusterMap Clusters(Xorshift64Star rng, int items, int clusters)
    {
        var itemCluster = new int[items];
        for (var i = 0; i < items; i++)
        {
            itemCluster[i] = rng.NextInt(clusters);
        }

        return new ClusterMap(itemCluster, [.. Enumerable.Range(0, clusters).Select(c => $"cluster {c}")]);
    }

    /// <summary>One uniform value in [0, 1) per item.</summary>
    public static float[] Uniform(Xorshift64Star rng, int items) => [.. Enumerable.Range(0, items).Select(_ => (float)rng.NextDouble())];
}
