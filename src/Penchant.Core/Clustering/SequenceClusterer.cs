using Penchant.Core.Data;
using Penchant.Core.Embeddings;

namespace Penchant.Core.Clustering;

/// <summary>Options for <see cref="SequenceClusterer"/>.</summary>
/// <param name="Clusters">The number of interest clusters k.</param>
/// <param name="Embeddings">How the item embeddings are built (item2vec and text; defaults as in serving).</param>
/// <param name="MaxIterations">Upper bound on k-means rounds.</param>
public sealed record SequenceClusterOptions(int Clusters = 100, ItemEmbeddingOptions? Embeddings = null, int MaxIterations = 30);

/// <summary>
/// Interest clusters learnt from shoppers' item sequences (and the catalogue's text, where it has any) the way
/// serving learns them: combined item embeddings (<see cref="ItemEmbeddingBuilder"/>: item2vec over the
/// sequences, text projected into it for items without behaviour), then spherical k-means with labels
/// (<see cref="InterestClusterer"/>). Everything is learnt from the sequences given, so an evaluation that passes
/// a fold's training sequences gets clusters that know nothing of the held-out items' positions. Items with
/// neither enough behaviour nor text get no cluster (-1).
/// </summary>
public sealed class SequenceClusterer(SequenceClusterOptions? options = null)
{
    public SequenceClusterOptions Options { get; } = options ?? new SequenceClusterOptions();

    /// <summary>Clusters the items.</summary>
    /// <param name="items">The catalogue item of each dense id (an empty title when there is no text).</param>
    /// <param name="sequences">Chronological item sequences over the same dense ids.</param>
    /// <param name="seed">Seeds item2vec and k-means.</param>
    /// <param name="cancellation">Cancels the run.</param>
    public InterestClusters Fit(IReadOnlyList<Item> items, IReadOnlyList<int[]> sequences, int seed, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.Clusters, 1);
        var set = new ItemEmbeddingBuilder(Options.Embeddings).Build(items, sequences, seed, cancellation);
        var clusterer = new InterestClusterer(new InterestClusterOptions(new KMeansOptions(Options.Clusters, Options.MaxIterations), WarmStart: false));
        return clusterer.Fit(set.Combined, items, set.TextModel, seed, previous: null, cancellation);
    }
}
