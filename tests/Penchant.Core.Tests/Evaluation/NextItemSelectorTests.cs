using Penchant.Core.Data;
using Penchant.Core.Evaluation;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.ItemKnn;
using Penchant.Core.Recommenders.Popularity;

namespace Penchant.Core.Tests.Evaluation;

public sealed class NextItemSelectorTests
{
    /// <summary>
    /// 200 shoppers, each taking two of 20 fixed pairs of items, one item of a pair right after the other: the newest
    /// item is the partner of the one before it, which item co-occurrence finds and popularity (all items about equally
    /// popular) does not.
    /// </summary>
    private static InteractionData Pairs(int seed = 3)
    {
        var random = new Random(seed);
        var sequences = new int[200][];
        for (var u = 0; u < sequences.Length; u++)
        {
            var first = random.Next(20);
            var second = (first + 1 + random.Next(19)) % 20;
            sequences[u] = [2 * first, (2 * first) + 1, 2 * second, (2 * second) + 1];
        }

        return InteractionData.FromSequences(sequences, 40);
    }

    [Fact]
    public void The_candidate_that_finds_held_out_items_wins_and_every_score_is_reported()
    {
        var selection = new NextItemSelector(new NextItemSelectionOptions(K: 1)).Select(
            [("popularity", new PopularityRecommender()), ("itemknn", new ItemKnnRecommender())], Pairs(), new TrainingContext(7));
        Assert.Equal("itemknn", selection.Chosen);
        Assert.Equal(200, selection.Users);
        Assert.Equal(["popularity", "itemknn"], selection.Scores.Select(static s => s.Name));
        var knn = selection.Scores[1].HitRate;
        var popularity = selection.Scores[0].HitRate;
        Assert.True(knn > 0.9, $"item-kNN found {knn:P0} of the partners");
        Assert.True(popularity < 0.2, $"popularity found {popularity:P0}");
    }

    [Fact]
    public void The_sample_is_capped_and_the_same_seed_gives_the_same_selection()
    {
        var options = new NextItemSelectionOptions(K: 1, MaxUsers: 50);
        (string, IRecommender)[] candidates = [("popularity", new PopularityRecommender()), ("itemknn", new ItemKnnRecommender())];
        var a = new NextItemSelector(options).Select(candidates, Pairs(), new TrainingContext(11));
        var b = new NextItemSelector(options).Select(candidates, Pairs(), new TrainingContext(11));
        Assert.Equal(50, a.Users);
        Assert.Equal(a.Scores, b.Scores);
    }

    [Fact]
    public void Too_few_shoppers_keep_the_first_candidate_without_a_contest()
    {
        // Ten shoppers, and one whose newest item repeats an earlier one (not held out): below the 20 needed.
        int[][] sequences = [.. Enumerable.Range(0, 10).Select(static u => new[] { u, u + 1 }), [3, 4, 3]];
        var selection = new NextItemSelector().Select(
            [("popularity", new PopularityRecommender()), ("itemknn", new ItemKnnRecommender())], InteractionData.FromSequences(sequences, 12), new TrainingContext());
        Assert.Equal(("popularity", 10), (selection.Chosen, selection.Users));
        Assert.Empty(selection.Scores);
    }

    [Theory]
    [InlineData(new[] { 0.9f, 0.5f, 0.7f }, 1, 1, false)] // two items above
    [InlineData(new[] { 0.9f, 0.5f, 0.7f }, 1, 3, true)]
    [InlineData(new[] { 0.5f, 0.5f, 0.1f }, 1, 1, true)] // a tie does not push it down
    [InlineData(new[] { 0.9f, float.NegativeInfinity }, 1, 2, false)] // a seen item is never found
    public void An_item_is_in_the_top_k_when_fewer_than_k_score_above_it(float[] scores, int item, int k, bool expected) =>
        Assert.Equal(expected, NextItemSelector.IsInTop(scores, item, k));
}
