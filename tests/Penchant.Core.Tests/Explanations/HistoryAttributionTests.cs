using Penchant.Core.Data;
using Penchant.Core.Explanations;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.ItemKnn;

namespace Penchant.Core.Tests.Explanations;

public sealed class HistoryAttributionTests
{
    [Fact]
    public void Each_recommendation_is_attributed_to_the_history_item_it_co_occurs_with()
    {
        // Items 0 and 1 always go together, as do 2 and 3; item 4 is bought by everyone.
        var sequences = new List<int[]>();
        for (var u = 0; u < 20; u++)
        {
            sequences.Add(u % 2 == 0 ? [0, 1, 4] : [2, 3, 4]);
        }

        var data = InteractionData.FromSequences(sequences, 5);
        var model = new ItemKnnRecommender(new ItemKnnOptions(Shrinkage: 0)).Fit(data, TrainingContext.Default);
        var query = UserQuery.FromSequence(-1, [0, 2]);
        var attributions = HistoryAttribution.Attribute(model, query, [1, 3]);
        Assert.Equal(0, attributions[0]!.Value.HistoryItem);
        Assert.Equal(2, attributions[1]!.Value.HistoryItem);
        Assert.True(attributions[0]!.Value.Contribution > 0);
    }

    [Fact]
    public void Nothing_is_attributed_without_history_or_similarity()
    {
        var data = InteractionData.FromSequences([[0, 1], [2, 3]], 4);
        var model = new ItemKnnRecommender().Fit(data, TrainingContext.Default);
        Assert.All(HistoryAttribution.Attribute(model, UserQuery.Anonymous, [1, 2]), a => Assert.Null(a));
        Assert.Null(HistoryAttribution.Attribute(model, UserQuery.FromSequence(-1, [0]), [3])[0]);
    }
}
