using Penchant.Core.Clustering;
using Penchant.Core.Data;
using Penchant.Core.Exploration;

namespace Penchant.Server.Services;

/// <summary>
/// What the exploration policy needs, built at training time: a cluster for each item (the interest clusters when
/// there are at least two, the leaf categories otherwise) and the novel-cluster predictor fitted on every shopper's
/// first entries into clusters.
/// </summary>
public sealed class ExplorationModel
{
    /// <summary>More clusters than this are not modelled: the transition table grows with their square.</summary>
    public const int MaxClusters = 4000;

    /// <summary>This model with <paramref name="learned"/> as its cluster ranker.</summary>
    public ExplorationModel WithLearned(LearnedClusterScoring? learned) => new(Clusters, Predictor, Source) { Learned = learned };

    private ExplorationModel(ClusterMap clusters, NovelClusterPredictor predictor, string source)
    {
        Clusters = clusters;
        Predictor = predictor;
        Source = source;
    }

    /// <summary>The cluster of each item.</summary>
    public ClusterMap Clusters { get; }

    /// <summary>Scores clusters new to a shopper from their recent clusters.</summary>
    public NovelClusterPredictor Predictor { get; }

    /// <summary>The learned cluster ranker when one was fitted (<c>Penchant:Exploration:LearnedRanker</c>), else null.</summary>
    public LearnedClusterScoring? Learned { get; init; }

    /// <summary>Where the clusters come from: <c>interest-clusters</c> or <c>leaf-categories</c>.</summary>
    public string Source { get; }

    /// <summary>Builds the model, or returns null when the items fall into fewer than two (or too many) clusters.</summary>
    /// <param name="sequences">Every shopper's items in time order.</param>
    /// <param name="catalogue">The catalogue aligned with the item ids.</param>
    /// <param name="interest">The interest clusters of this training run, if built.</param>
    /// <param name="interestLabels">Their distinct labels.</param>
    /// <returns>The model, or null.</returns>
    public static ExplorationModel? Build(IReadOnlyList<int[]> sequences, Item?[] catalogue, InterestClusters? interest, IReadOnlyList<string> interestLabels)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(catalogue);
        ClusterMap map;
        string source;
        if (interest is { Clusters.Count: >= 2 })
        {
            var assigned = new int[catalogue.Length];
            for (var i = 0; i < assigned.Length; i++)
            {
                assigned[i] = interest.ClusterOf(i);
            }

            map = new ClusterMap(assigned, interestLabels);
            source = "interest-clusters";
        }
        else
        {
            map = ClusterMap.FromLabels([.. catalogue.Select(static item => item?.LeafCategory)]);
            source = "leaf-categories";
        }

        if (map.ClusterCount is < 2 or > MaxClusters)
        {
            return null;
        }

        return new ExplorationModel(map, NovelClusterPredictor.Fit(sequences, map), source);
    }
}
