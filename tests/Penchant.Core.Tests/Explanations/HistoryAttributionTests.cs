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

    /// <summary>The pairwise path (item-kNN answers pairs) and the full-row path (a wrapper that cannot) agree.</summary>
    [Fact]
    public void Pairwise_and_full_row_attribution_agree()
    {
        var sequences = Enumerable.Range(0, 30).Select(u => new[] { u % 5, (u % 5) + 5, ((u * 3) % 7) + 3, 12 }).ToList();
        var data = InteractionData.FromSequences(sequences, 13);
        var model = new ItemKnnRecommender().Fit(data, TrainingContext.Default);
        var query = UserQuery.FromSequence(-1, [0, 5, 3, 9, 12]);
        int[] recommended = [1, 2, 4, 6, 7, 8, 10, 11];
        Assert.IsAssignableFrom<IItemPairSimilarity>(model);
        var pairwise = HistoryAttribution.Attribute(model, query, recommended);
        var rows = HistoryAttribution.Attribute(new RowsOnly(model), query, recommended);
        Assert.Equal(rows, pairwise);
        Assert.Contains(pairwise, static a => a is not null);
    }

    /// <summary>Only history within the cap counts: the oldest item is out of reach with a cap of 1.</summary>
    [Fact]
    public void Only_the_most_recent_history_items_are_attributed()
    {
        var sequences = new List<int[]>();
        for (var u = 0; u < 20; u++)
        {
            sequences.Add(u % 2 == 0 ? [0, 1] : [2, 3]);
        }

        var model = new ItemKnnRecommender(new ItemKnnOptions(Shrinkage: 0)).Fit(InteractionData.FromSequences(sequences, 4), TrainingContext.Default);
        var query = UserQuery.FromSequence(-1, [0, 2]);
        Assert.Equal(0, HistoryAttribution.Attribute(model, query, [1], maxHistory: 2)[0]!.Value.HistoryItem);
        Assert.Null(HistoryAttribution.Attribute(model, query, [1], maxHistory: 1)[0]);
    }

    private sealed class RowsOnly(IRecommenderModel inner) : IRecommenderModel
    {
        public string Kind => "rows-only";

        public int ItemCount => inner.ItemCount;

        public void Score(UserQuery query, Span<float> scores) => inner.Score(query, scores);

        public void ScoreSimilar(int item, Span<float> scores) => inner.ScoreSimilar(item, scores);

        public void Write(BinaryWriter writer) => inner.Write(writer);
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
