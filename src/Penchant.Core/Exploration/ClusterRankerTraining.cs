using Penchant.Core.Data;
using Penchant.Core.Recommenders;

namespace Penchant.Core.Exploration;

/// <summary>
/// Fits a <see cref="ClusterRanker"/> for serving, where there is no validation fold: each shopper's latest item is
/// held out, the exploit recommender and the transition model are fitted again on the rest, and every held-out item
/// that opens a cluster new to its shopper is one labelled choice (<see cref="ClusterFeaturizer.CollectGroups"/>).
/// The ranker then scores with features of the models fitted on all the data.
/// </summary>
public static class ClusterRankerTraining
{
    /// <summary>
    /// The learned scoring, or null when fewer than <paramref name="minChoices"/> choices can be collected (a shop
    /// too small or too new to learn from).
    /// </summary>
    /// <param name="recommender">The exploit recommender (fitted once more, without each shopper's latest item).</param>
    /// <param name="data">All training data.</param>
    /// <param name="features">The featurizer over the models fitted on all of <paramref name="data"/> (used at serving).</param>
    /// <param name="coveredSlots">How many exploit items a slate shows.</param>
    /// <param name="sharpness">How sharply the explore draw follows the ranker (<see cref="LearnedClusterScoring.Sharpness"/>).</param>
    /// <param name="options">Ranker options (the ridge, and at most how many choices: <see cref="ClusterRankerOptions.MaxGroups"/>).</param>
    /// <param name="minChoices">Fewest choices worth fitting on.</param>
    /// <param name="context">Seed, progress and cancellation for the second fit.</param>
    public static LearnedClusterScoring? FromLatestMoves(
        IRecommender recommender,
        InteractionData data,
        ClusterFeaturizer features,
        int coveredSlots,
        double sharpness,
        ClusterRankerOptions options,
        int minChoices,
        TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(recommender);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(context);
        var carved = new int[data.UserCount][];
        var pairs = new List<(int User, int Item)>();
        for (var u = 0; u < data.UserCount; u++)
        {
            var sequence = data.Sequences[u];
            if (sequence.Length >= 2)
            {
                carved[u] = sequence[..^1];
                pairs.Add((u, sequence[^1]));
            }
            else
            {
                carved[u] = sequence;
            }
        }

        if (pairs.Count < minChoices)
        {
            return null;
        }

        var train = InteractionData.FromSequences(carved, data.ItemCount, data.Users, data.Items);
        var model = recommender.Fit(train, context);
        var transitions = NovelClusterPredictor.Fit(train.Sequences, features.Clusters, features.Transitions.Options);
        var groups = new ClusterFeaturizer(transitions, options: features.Options).CollectGroups(model, train, pairs, coveredSlots);
        return groups.Count < minChoices ? null : new LearnedClusterScoring(features, ClusterRanker.Fit(groups, ClusterFeaturizer.Dimensions, options), sharpness);
    }
}
