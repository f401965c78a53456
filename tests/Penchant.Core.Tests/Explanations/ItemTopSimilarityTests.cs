using Penchant.Core.Explanations;
using Penchant.Core.Recommenders;

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
}
