using Penchant.Core.Explanations;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.ItemKnn;

namespace Penchant.Core.Tests.Explanations;

public sealed class ItemTopSimilarityTests
{
    /// <summary>The cached ceiling equals the brute-force maximum over the other items, for a pair model and a row-only one.</summary>
    [Fact]
    public void Ceiling_is_the_largest_similarity_of_any_other_item_and_stays_the_same_when_cached()
    {
        var model = HistoryAttributionTests.ShoesAndBooksModel();
        var pairs = (IItemPairSimilarity)model;
        var rowsOnly = new HistoryAttributionTests.RowsOnly(model);
        var fromPairs = new ItemTopSimilarity(model);
        var fromRows = new ItemTopSimilarity(rowsOnly);
        var row = new float[model.ItemCount];
        for (var item = 0; item < model.ItemCount; item++)
        {
            var expected = Math.Max(0f, Enumerable.Range(0, model.ItemCount).Where(j => j != item).Max(j => pairs.Similarity(j, item)));
            Assert.Equal(expected, fromPairs.Of(item), 5);
            Assert.Equal(fromPairs.Of(item), fromPairs.Of(item));

            rowsOnly.ScoreSimilar(item, row);
            var rowTop = Math.Max(0f, Enumerable.Range(0, model.ItemCount).Where(j => j != item).Max(j => row[j]));
            Assert.Equal(rowTop, fromRows.Of(item), 5);
            Assert.True(expected > 0);
        }

        Assert.Equal(0f, fromPairs.Of(-1));
        Assert.Equal(0f, fromPairs.Of(model.ItemCount));
        Assert.Throws<ArgumentException>(() => HistoryAttribution.Attribute(rowsOnly, UserQuery.FromSequence(-1, [1]), [4], ceilings: fromPairs));
    }

    /// <summary>Item-kNN fills every ceiling in one pass; it must equal asking every pair, also where lists are truncated (not symmetric).</summary>
    [Fact]
    public void Item_knn_ceilings_in_one_pass_equal_the_pairwise_maximum()
    {
        // Item 0 lists 1 and 2; item 1 lists only 0 (weaker than 0 gives 1); item 2 lists 3 and itself; item 3 lists nothing.
        var model = new ItemKnnModel([0, 2, 3, 5, 5], [1, 2, 0, 3, 2], [0.9f, 0.4f, 0.3f, 0.7f, 1f]);
        var eager = new ItemTopSimilarity(model);
        var pairwise = new ItemTopSimilarity(new PairsOnly(model));
        for (var item = 0; item < model.ItemCount; item++)
        {
            var expected = Math.Max(0f, Enumerable.Range(0, model.ItemCount).Where(j => j != item).Max(j => model.Similarity(j, item)));
            Assert.Equal(expected, eager.Of(item));
            Assert.Equal(expected, pairwise.Of(item));
        }

        Assert.Equal([0.3f, 0.9f, 0.4f, 0.7f], Enumerable.Range(0, 4).Select(eager.Of));
    }

    /// <summary>A model that answers pairs but cannot give ceilings at once, to reach the pairwise path.</summary>
    private sealed class PairsOnly(ItemKnnModel inner) : IRecommenderModel, IItemPairSimilarity
    {
        public string Kind => inner.Kind;

        public int ItemCount => inner.ItemCount;

        public void Score(UserQuery query, Span<float> scores) => inner.Score(query, scores);

        public void ScoreSimilar(int item, Span<float> scores) => inner.ScoreSimilar(item, scores);

        public float Similarity(int a, int b) => inner.Similarity(a, b);

        public void Write(BinaryWriter writer) => inner.Write(writer);
    }
}
