using Penchant.Core.Data;
using Penchant.Core.Exploration;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Popularity;

namespace Penchant.Core.Tests.Exploration;

public sealed class ClusterRankerTrainingTests
{
    // 10 clusters of 20 items: item i is in cluster i / 20. Shoppers who start in cluster a move on to a + 1, then a + 2.
    private static ClusterMap Clusters() => ClusterMap.FromLabels([.. Enumerable.Range(0, 200).Select(i => $"c{i / 20}")]);

    private static InteractionData Moves(int shoppers, int seed)
    {
        var rng = new Random(seed);
        return InteractionData.FromSequences(
            [.. Enumerable.Range(0, shoppers).Select(u =>
            {
                var a = u % 10;
                int Item(int cluster) => (cluster % 10 * 20) + rng.Next(20);
                return new[] { Item(a), Item(a), Item(a + 1), Item(a + 1), Item(a + 2) };
            })],
            200);
    }

    [Fact]
    public void The_latest_moves_teach_the_ranker_to_follow_the_transitions()
    {
        var data = Moves(600, 1);
        var clusters = Clusters();
        var features = new ClusterFeaturizer(NovelClusterPredictor.Fit(data.Sequences, clusters, new NovelClusterOptions(Diversify: 0)));
        var learned = ClusterRankerTraining.FromLatestMoves(new PopularityRecommender(), data, features, coveredSlots: 2, sharpness: 10, new ClusterRankerOptions(), minChoices: 50, TrainingContext.Default);
        Assert.NotNull(learned);
        Assert.Same(features, learned.Features);
        Assert.Equal(ClusterFeaturizer.Dimensions, learned.Ranker.Dimensions);
        Assert.Equal(10, learned.Sharpness);
        // Every held-out move (a + 1 to a + 2) follows the transitions the rest of the histories show (a to a + 1),
        // which only the ranker's transition feature knows about.
        var transition = learned.Ranker.Weights[0];
        Assert.True(transition > 0 && learned.Ranker.Weights.All(w => Math.Abs(w) <= transition), string.Join(", ", learned.Ranker.Weights));
    }

    [Fact]
    public void Too_few_moves_give_no_ranker()
    {
        var data = Moves(30, 2);
        var features = new ClusterFeaturizer(NovelClusterPredictor.Fit(data.Sequences, Clusters()));
        Assert.Null(ClusterRankerTraining.FromLatestMoves(new PopularityRecommender(), data, features, 2, 10, new ClusterRankerOptions(), minChoices: 50, TrainingContext.Default));
    }
}
