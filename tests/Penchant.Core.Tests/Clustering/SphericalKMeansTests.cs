using Penchant.Core.Clustering;
using Penchant.Core.Embeddings;

namespace Penchant.Core.Tests.Clustering;

public sealed class SphericalKMeansTests
{
    /// <summary>Four tight directions in 8-d with 25 noisy points each; item i belongs to blob i % 4.</summary>
    internal static ItemEmbeddings Blobs(int seed = 1)
    {
        var rng = new Random(seed);
        var rows = new List<float[]>();
        for (var i = 0; i < 100; i++)
        {
            var row = new float[8];
            row[2 * (i % 4)] = 1f;
            for (var d = 0; d < 8; d++)
            {
                row[d] += (float)(0.1 * (rng.NextDouble() - 0.5));
            }

            rows.Add(row);
        }

        rows.Add(new float[8]);
        return ItemEmbeddings.FromRows(rows, 8);
    }

    /// <summary>The blocked matrix-product assignment step agrees with one dot product per pair.</summary>
    [Fact]
    public void Blocked_assignment_agrees_with_the_reference()
    {
        var rng = new Random(7);
        const int d = 50;
        const int k = 37;
        var rows = Enumerable.Range(0, 700).Select(i => i % 97 == 5 ? new float[d] : Enumerable.Range(0, d).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray()).ToList();
        var embeddings = ItemEmbeddings.FromRows(rows, d);
        var points = Enumerable.Range(0, rows.Count).Where(embeddings.Has).ToArray();
        var centroids = Enumerable.Range(0, k * d).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var fast = Enumerable.Repeat(-1, rows.Count).ToArray();
        var slow = Enumerable.Repeat(-1, rows.Count).ToArray();
        var fastBest = new float[rows.Count];
        var slowBest = new float[rows.Count];

        var changedFast = SphericalKMeans.Assign(embeddings, points, centroids, k, fast, fastBest);
        var changedSlow = SphericalKMeans.AssignReference(embeddings, points, centroids, k, slow, slowBest);
        Assert.Equal(points.Length, changedSlow);
        Assert.Equal(changedSlow, changedFast);
        Assert.Equal(slow, fast);
        foreach (var i in points)
        {
            Assert.Equal(slowBest[i], fastBest[i], 4);
        }

        Assert.Equal(0, SphericalKMeans.Assign(embeddings, points, centroids, k, fast, fastBest));
    }

    [Fact]
    public void Separated_blobs_are_recovered_exactly_and_zero_rows_stay_unassigned()
    {
        var result = new SphericalKMeans(new KMeansOptions(Clusters: 4)).Fit(Blobs(), seed: 3);
        Assert.Equal(4, result.ClusterCount);
        Assert.Equal(-1, result.Assignments[100]);
        for (var blob = 0; blob < 4; blob++)
        {
            var clusters = Enumerable.Range(0, 100).Where(i => i % 4 == blob).Select(i => result.Assignments[i]).Distinct().ToList();
            Assert.Single(clusters);
        }

        Assert.Equal(4, result.Assignments.Take(100).Distinct().Count());
    }

    [Fact]
    public void Same_seed_same_clusters_and_k_is_capped_by_the_points()
    {
        var a = new SphericalKMeans(new KMeansOptions(Clusters: 6)).Fit(Blobs(), seed: 11);
        var b = new SphericalKMeans(new KMeansOptions(Clusters: 6)).Fit(Blobs(), seed: 11);
        Assert.Equal(a.Assignments, b.Assignments);
        Assert.Equal(a.Centroids.Values.ToArray(), b.Centroids.Values.ToArray());
        var few = new SphericalKMeans(new KMeansOptions(Clusters: 50)).Fit(ItemEmbeddings.FromRows([[1f, 0f], [0f, 1f], [0f, 0f]], 2), seed: 1);
        Assert.Equal(2, few.ClusterCount);
        Assert.NotEqual(few.Assignments[0], few.Assignments[1]);
    }
}
