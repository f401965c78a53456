using Penchant.Core.Numerics;

namespace Penchant.Core.Exploration;

/// <summary>Options for <see cref="ClusterCooccurrence"/>.</summary>
/// <param name="Regularization">The ridge penalty λ added to the diagonal of the cluster Gram matrix.</param>
public sealed record ClusterCooccurrenceOptions(double Regularization = 50.0);

/// <summary>
/// Which clusters go together across shoppers: a linear autoencoder over the shopper × cluster matrix that
/// scores each cluster from the set of clusters a shopper has already engaged with.
/// </summary>
/// <remarks>
/// EASE (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019) applied to clusters
/// instead of items: with X the binary shopper × cluster matrix, P = (XᵀX + λI)⁻¹ and B_ij = −P_ij / P_jj
/// (zero diagonal), a shopper's score for cluster j is Σ_{i seen} B_ij. Where the transition model of
/// <see cref="NovelClusterPredictor"/> only sees the order in which clusters are first entered, this sees the
/// whole set, so shoppers whose mix of clusters resembles others' are pointed at what those others also hold.
/// The matrix is clusters × clusters, so fitting is instant for any catalogue.
/// </remarks>
public sealed class ClusterCooccurrence
{
    private readonly double[] _weights; // clusterCount x clusterCount, zero diagonal

    private ClusterCooccurrence(int clusterCount, double[] weights)
    {
        ClusterCount = clusterCount;
        _weights = weights;
    }

    /// <summary>Number of clusters.</summary>
    public int ClusterCount { get; }

    /// <summary>The weight from cluster <paramref name="from"/> to cluster <paramref name="to"/> (0 on the diagonal).</summary>
    public double Weight(int from, int to) => _weights[(from * ClusterCount) + to];

    /// <summary>Learns the weights from the clusters of chronological item sequences (one set per shopper).</summary>
    public static ClusterCooccurrence Fit(IReadOnlyList<int[]> sequences, ClusterMap clusters, ClusterCooccurrenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(clusters);
        options ??= new ClusterCooccurrenceOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Regularization);
        var n = clusters.ClusterCount;
        var gram = new double[n * n];
        foreach (var sequence in sequences)
        {
            var set = clusters.ClustersOf(sequence);
            foreach (var a in set)
            {
                foreach (var b in set)
                {
                    gram[(a * n) + b]++;
                }
            }
        }

        for (var c = 0; c < n; c++)
        {
            gram[(c * n) + c] += options.Regularization;
        }

        if (!SpdInverse.TryInvert<double>(gram, n))
        {
            throw new InvalidOperationException("The regularised cluster Gram matrix is not positive definite.");
        }

        var weights = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                weights[(i * n) + j] = i == j ? 0 : -gram[(i * n) + j] / gram[(j * n) + j];
            }
        }

        return new ClusterCooccurrence(n, weights);
    }

    /// <summary>Scores every cluster from the set of clusters <paramref name="seen"/> (higher = more likely to be held next).</summary>
    public void Score(IEnumerable<int> seen, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(seen);
        if (scores.Length != ClusterCount)
        {
            throw new ArgumentException($"scores must have {ClusterCount} entries.", nameof(scores));
        }

        scores.Clear();
        foreach (var from in seen)
        {
            if ((uint)from >= (uint)ClusterCount)
            {
                continue;
            }

            for (var to = 0; to < ClusterCount; to++)
            {
                scores[to] += (float)_weights[(from * ClusterCount) + to];
            }
        }
    }
}
