using Penchant.Core.Numerics;

namespace Penchant.Core.Recommenders.SasRec;

/// <summary>
/// Predicts a shopper's next interest cluster (for now an item's category) with the SASRec transformer trained
/// over cluster sequences: each item sequence becomes the sequence of its items' clusters with consecutive
/// repeats collapsed, so the model learns how interests move rather than how long they last.
/// </summary>
/// <param name="itemClusters">Cluster id per dense item id; a negative id marks an item without a cluster.</param>
/// <param name="clusterCount">Number of clusters (ids 0..clusterCount-1).</param>
/// <param name="options">Transformer options; sizes are usually far smaller than for items.</param>
public sealed class NextInterestPredictor(int[] itemClusters, int clusterCount, SasRecOptions? options = null)
{
    private readonly int[] _itemClusters = itemClusters ?? throw new ArgumentNullException(nameof(itemClusters));

    public int ClusterCount { get; } = clusterCount > 0 ? clusterCount : throw new ArgumentOutOfRangeException(nameof(clusterCount));

    public SasRecOptions Options { get; } = options ?? new SasRecOptions(Dimensions: 32, Blocks: 2, Heads: 1, MaxLength: 20, Dropout: 0.2f, Epochs: 30);

    /// <summary>The clusters of <paramref name="items"/> in order, consecutive repeats and unknown items dropped.</summary>
    public static int[] ToClusterSequence(IReadOnlyList<int> items, IReadOnlyList<int> itemClusters, int clusterCount)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(itemClusters);
        var result = new List<int>(items.Count);
        foreach (var item in items)
        {
            if ((uint)item >= (uint)itemClusters.Count)
            {
                continue;
            }

            var cluster = itemClusters[item];
            if ((uint)cluster < (uint)clusterCount && (result.Count == 0 || result[^1] != cluster))
            {
                result.Add(cluster);
            }
        }

        return [.. result];
    }

    /// <summary>Trains the transformer over the cluster sequences of <paramref name="itemSequences"/>.</summary>
    public NextInterestModel Fit(IReadOnlyList<int[]> itemSequences, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(itemSequences);
        var clusterSequences = itemSequences.Select(s => ToClusterSequence(s, _itemClusters, ClusterCount)).ToList();
        var model = new SasRecRecommender(Options).FitSequences(clusterSequences, ClusterCount, context);
        return new NextInterestModel(model, _itemClusters);
    }
}

/// <summary>A trained next-interest model: cluster scores from a shopper's item history. Immutable and thread-safe.</summary>
public sealed class NextInterestModel(SasRecModel model, int[] itemClusters)
{
    /// <summary>The transformer over cluster ids.</summary>
    public SasRecModel Model { get; } = model ?? throw new ArgumentNullException(nameof(model));

    public int ClusterCount => Model.ItemCount;

    /// <summary>Writes a score per cluster (higher = more likely next) for an item history, oldest first.</summary>
    public void ScoreClusters(IReadOnlyList<int> itemSequence, Span<float> scores)
    {
        var clusters = NextInterestPredictor.ToClusterSequence(itemSequence, itemClusters, ClusterCount);
        Model.Score(new UserQuery(-1, [], [], clusters), scores);
    }

    /// <summary>The <paramref name="count"/> most likely next clusters, best first.</summary>
    public ScoredItem[] PredictNext(IReadOnlyList<int> itemSequence, int count)
    {
        var scores = new float[ClusterCount];
        ScoreClusters(itemSequence, scores);
        return TopK.Select(scores, count);
    }
}
