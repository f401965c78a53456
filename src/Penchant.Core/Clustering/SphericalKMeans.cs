using System.Buffers;
using System.Numerics.Tensors;
using Penchant.Core.Embeddings;
using Penchant.Core.Numerics;

namespace Penchant.Core.Clustering;

/// <summary>Options for <see cref="SphericalKMeans"/>.</summary>
/// <param name="Clusters">The number of clusters k (fewer when fewer items have embeddings).</param>
/// <param name="MaxIterations">Upper bound on assignment/update rounds.</param>
public sealed record KMeansOptions(int Clusters = 100, int MaxIterations = 30);

/// <summary>The outcome of a k-means run.</summary>
/// <param name="Assignments">The cluster of each item, -1 for items without an embedding.</param>
/// <param name="Centroids">Unit centroids, one row per cluster.</param>
/// <param name="Iterations">Rounds run.</param>
public sealed record KMeansResult(int[] Assignments, ItemEmbeddings Centroids, int Iterations)
{
    /// <summary>The number of clusters.</summary>
    public int ClusterCount => Centroids.ItemCount;
}

/// <summary>
/// Spherical (cosine) k-means with k-means++ seeding over unit embeddings. Deterministic for a seed: seeding
/// draws from the given <see cref="Random"/>, assignments are independent per item, and centroid sums run in
/// item order.
/// </summary>
/// <remarks>
/// Dhillon and Modha, "Concept decompositions for large sparse text data using clustering", Machine Learning
/// 2001 (spherical k-means); Arthur and Vassilvitskii, "k-means++: the advantages of careful seeding", SODA 2007.
/// For unit vectors the squared distance is 2 - 2 cos, so seeding samples by (1 - best cosine).
/// </remarks>
public sealed class SphericalKMeans(KMeansOptions? options = null)
{
    public KMeansOptions Options { get; } = options ?? new KMeansOptions();

    /// <summary>Clusters the non-zero rows of <paramref name="embeddings"/>.</summary>
    /// <param name="embeddings">Unit (or zero) item rows.</param>
    /// <param name="seed">Seeds k-means++.</param>
    /// <param name="initial">
    /// Centroids to start from (row-major, unit rows), e.g. the previous clusters placed in the current space;
    /// k-means++ adds the rest. Warm starts keep a retrain's clusters close to the previous ones.
    /// </param>
    /// <param name="cancellation">Cancels the run.</param>
    public KMeansResult Fit(ItemEmbeddings embeddings, int seed, ItemEmbeddings? initial = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.Clusters, 1);
        var n = embeddings.ItemCount;
        var d = embeddings.Dimensions;
        var points = Enumerable.Range(0, n).Where(embeddings.Has).ToArray();
        var assignments = new int[n];
        Array.Fill(assignments, -1);
        var k = Math.Min(Options.Clusters, points.Length);
        if (k == 0)
        {
            return new KMeansResult(assignments, new ItemEmbeddings(0, d, []), 0);
        }

        var centroids = Seed(embeddings, points, k, new Random(seed), initial);
        var best = new float[n];
        var iterations = 0;
        for (var round = 0; round < Options.MaxIterations; round++)
        {
            cancellation.ThrowIfCancellationRequested();
            iterations++;
            var changed = Assign(embeddings, points, centroids, k, assignments, best, cancellation);
            Update(embeddings, points, assignments, best, centroids, k);
            if (changed == 0)
            {
                break;
            }
        }

        return new KMeansResult(assignments, new ItemEmbeddings(k, d, centroids), iterations);
    }

    /// <summary>Points per block of the assignment step: a block's rows times the centroids is one matrix product.</summary>
    private const int AssignBlock = 256;

    /// <summary>
    /// Assigns every point to its nearest centroid (largest cosine) and records that cosine in <paramref name="best"/>;
    /// returns how many assignments changed. Blocks of points are multiplied by the transposed centroids with
    /// <see cref="Gemm"/>, which on a large catalogue is many times faster than one dot product per pair
    /// (<see cref="AssignReference"/>, which it agrees with up to float rounding).
    /// </summary>
    internal static int Assign(ItemEmbeddings embeddings, int[] points, float[] centroids, int k, int[] assignments, float[] best, CancellationToken cancellation = default)
    {
        var d = embeddings.Dimensions;
        var transposed = new float[d * k];
        Gemm.Transpose(k, d, centroids, d, transposed, k);
        var blocks = (points.Length + AssignBlock - 1) / AssignBlock;
        var changed = 0;
        Parallel.For(0, blocks, new ParallelOptions { CancellationToken = cancellation }, block =>
        {
            var from = block * AssignBlock;
            var count = Math.Min(AssignBlock, points.Length - from);
            var rows = ArrayPool<float>.Shared.Rent(count * d);
            var scores = ArrayPool<float>.Shared.Rent(count * k);
            try
            {
                for (var p = 0; p < count; p++)
                {
                    embeddings.Row(points[from + p]).CopyTo(rows.AsSpan(p * d, d));
                }

                Gemm.Multiply(count, k, d, rows, d, transposed, k, scores, k, accumulate: false);
                for (var p = 0; p < count; p++)
                {
                    var row = scores.AsSpan(p * k, k);
                    var at = TensorPrimitives.IndexOfMax(row);
                    var i = points[from + p];
                    best[i] = row[at];
                    if (assignments[i] != at)
                    {
                        assignments[i] = at;
                        Interlocked.Increment(ref changed);
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(rows);
                ArrayPool<float>.Shared.Return(scores);
            }
        });
        return changed;
    }

    /// <summary>The plain assignment step, one dot product per (point, centroid), that <see cref="Assign"/> must agree with.</summary>
    internal static int AssignReference(ItemEmbeddings embeddings, int[] points, float[] centroids, int k, int[] assignments, float[] best)
    {
        var d = embeddings.Dimensions;
        var changed = 0;
        foreach (var i in points)
        {
            var row = embeddings.Row(i);
            var at = 0;
            var top = float.NegativeInfinity;
            for (var c = 0; c < k; c++)
            {
                var s = TensorPrimitives.Dot(row, centroids.AsSpan(c * d, d));
                if (s > top)
                {
                    top = s;
                    at = c;
                }
            }

            best[i] = top;
            if (assignments[i] != at)
            {
                assignments[i] = at;
                changed++;
            }
        }

        return changed;
    }

    private static float[] Seed(ItemEmbeddings embeddings, int[] points, int k, Random rng, ItemEmbeddings? initial)
    {
        var d = embeddings.Dimensions;
        var centroids = new float[k * d];
        var distance = new double[points.Length];
        Array.Fill(distance, double.PositiveInfinity);
        var given = 0;
        if (initial is not null)
        {
            if (initial.Dimensions != d)
            {
                throw new ArgumentException($"Initial centroids have {initial.Dimensions} dimensions, not {d}.", nameof(initial));
            }

            for (var c = 0; c < initial.ItemCount && given < k; c++)
            {
                if (initial.Has(c))
                {
                    initial.Row(c).CopyTo(centroids.AsSpan(given * d, d));
                    given++;
                }
            }
        }

        var chosen = points[rng.Next(points.Length)];
        for (var c = 0; c < k; c++)
        {
            if (c >= given)
            {
                embeddings.Row(chosen).CopyTo(centroids.AsSpan(c * d, d));
            }

            if (c == k - 1)
            {
                break;
            }

            var total = 0.0;
            for (var p = 0; p < points.Length; p++)
            {
                var s = TensorPrimitives.Dot(embeddings.Row(points[p]), centroids.AsSpan(c * d, d));
                distance[p] = Math.Min(distance[p], Math.Max(0.0, 1.0 - s));
                total += distance[p];
            }

            if (total <= 0)
            {
                // Fewer distinct points than clusters: take the next points in order.
                chosen = points[(c + 1) % points.Length];
                continue;
            }

            var target = rng.NextDouble() * total;
            var acc = 0.0;
            chosen = points[^1];
            for (var p = 0; p < points.Length; p++)
            {
                acc += distance[p];
                if (acc >= target && distance[p] > 0)
                {
                    chosen = points[p];
                    break;
                }
            }
        }

        return centroids;
    }

    private static void Update(ItemEmbeddings embeddings, int[] points, int[] assignments, float[] best, float[] centroids, int k)
    {
        var d = embeddings.Dimensions;
        var sums = new float[k * d];
        var sizes = new int[k];
        foreach (var i in points)
        {
            var c = assignments[i];
            sizes[c]++;
            TensorPrimitives.Add(sums.AsSpan(c * d, d), embeddings.Row(i), sums.AsSpan(c * d, d));
        }

        var taken = new HashSet<int>();
        for (var c = 0; c < k; c++)
        {
            var target = centroids.AsSpan(c * d, d);
            if (sizes[c] == 0)
            {
                // An empty cluster restarts at the point its own centroid currently fits worst.
                var worst = -1;
                foreach (var i in points)
                {
                    if (!taken.Contains(i) && (worst < 0 || best[i] < best[worst]))
                    {
                        worst = i;
                    }
                }

                if (worst >= 0)
                {
                    taken.Add(worst);
                    embeddings.Row(worst).CopyTo(target);
                }

                continue;
            }

            var sum = sums.AsSpan(c * d, d);
            var norm = TensorPrimitives.Norm(sum);
            if (norm > 0f)
            {
                TensorPrimitives.Divide(sum, norm, target);
            }
        }
    }
}
