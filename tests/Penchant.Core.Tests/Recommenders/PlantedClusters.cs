using Penchant.Core.Data;
using Penchant.Core.Recommenders;

namespace Penchant.Core.Tests.Recommenders;

/// <summary>
/// Generated data with planted tastes, for expected-quality bands: items fall into clusters, each user draws
/// most events from one cluster (popularity skewed inside it) and a few at random; one extra in-cluster item per
/// user is held out.
/// </summary>
internal static class PlantedClusters
{
    public static (InteractionData Train, int[] HeldOut) Generate(int seed, int users = 400, int items = 240, int clusters = 8, int events = 14)
    {
        var rng = new Random(seed);
        var perCluster = items / clusters;
        var sequences = new int[users][];
        var heldOut = new int[users];
        for (var u = 0; u < users; u++)
        {
            var cluster = rng.Next(clusters);
            var picked = new List<int>();
            while (picked.Count < events + 1)
            {
                var item = rng.NextDouble() < 0.85
                    ? (cluster * perCluster) + (int)(perCluster * Math.Pow(rng.NextDouble(), 1.5))
                    : rng.Next(items);
                if (!picked.Contains(item))
                {
                    picked.Add(item);
                }
            }

            // Hold out the last in-cluster pick.
            var last = picked.FindLastIndex(i => i / perCluster == cluster);
            heldOut[u] = picked[last];
            picked.RemoveAt(last);
            sequences[u] = [.. picked];
        }

        return (InteractionData.FromSequences(sequences, items), heldOut);
    }

    /// <summary>The share of users whose held-out item is in their top <paramref name="k"/> (seen items excluded).</summary>
    public static double HitRate(IRecommenderModel model, InteractionData train, int[] heldOut, int k, bool foldIn)
    {
        var hits = 0;
        for (var u = 0; u < train.UserCount; u++)
        {
            var query = UserQuery.FromTraining(train, u);
            if (foldIn)
            {
                query = query with { User = -1 };
            }

            if (model.Recommend(query, k).Any(s => s.Item == heldOut[u]))
            {
                hits++;
            }
        }

        return (double)hits / train.UserCount;
    }
}
