using Penchant.Core.Data;
using Penchant.Core.Explanations;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Content;
using Penchant.Core.Recommenders.Ease;
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

    /// <summary>
    /// With session EASE the newest items weigh most in the score, and the attribution uses the same weights: each
    /// named item's contribution is exp(−k/ρ)·B[h, r], the largest over the history, not the item with most evidence.
    /// </summary>
    [Fact]
    public void Attribution_uses_the_weights_the_model_scored_with()
    {
        var rng = new Random(9);
        var sequences = Enumerable.Range(0, 80).Select(_ => Enumerable.Range(0, 6).Select(_ => rng.Next(15)).ToArray()).ToList();
        var data = InteractionData.FromSequences(sequences, 15);
        var model = (EaseModel)new EaseRecommender(new EaseOptions(3f, Recency: 1.5f)).Fit(data, TrainingContext.Default);

        // Item 0 three times long ago (the most evidence), then 4, 7, 2.
        var query = UserQuery.FromSequence(-1, [0, 0, 0, 4, 7, 2]);
        int[] recommended = [.. Enumerable.Range(0, 15).Where(static i => i is not (0 or 2 or 4 or 7))];
        var attributions = HistoryAttribution.Attribute(model, query, recommended, minSimilarityShare: 0f);
        var back = new Dictionary<int, int> { [2] = 0, [7] = 1, [4] = 2, [0] = 3 };
        var named = 0;
        for (var r = 0; r < recommended.Length; r++)
        {
            var best = back.Max(h => MathF.Exp(-h.Value / 1.5f) * model.Weight(h.Key, recommended[r]));
            if (best <= 0)
            {
                Assert.Null(attributions[r]);
                continue;
            }

            var a = attributions[r]!.Value;
            Assert.Equal(MathF.Exp(-back[a.HistoryItem] / 1.5f) * model.Weight(a.HistoryItem, recommended[r]), a.Contribution, 1e-6f);
            Assert.Equal(best, a.Contribution, 1e-6f);
            named++;
        }

        Assert.True(named >= 5, $"only {named} attributed");
        Assert.Equal(1f, model.HistoryWeight(query, 2));
        Assert.Equal(MathF.Exp(-3 / 1.5f), model.HistoryWeight(query, 0));
        Assert.Equal(0f, model.HistoryWeight(query, 9));
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

    /// <summary>
    /// Ten trail shoes (even ids) and ten mystery novels (odd ids). They share no rare word, but the random
    /// projection of the text embeddings gives some (novel, shoe) pairs a small positive similarity all the same.
    /// </summary>
    internal static IReadOnlyList<Item> ShoesAndBooks() =>
    [
        .. Enumerable.Range(0, 20).Select(i => i % 2 == 0
            ? new Item(i.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Trail running shoe {Colours[i / 2 % 5]}", "Grippy waterproof trail running shoe with a rock plate.", ["Sport", "Shoes", "Trail shoes"], "Salomon")
            : new Item(i.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Mystery novel volume {i}", "A detective keeps running after the trail of a killer through a foggy city; a gripping crime story.", ["Books", "Fiction", "Mystery"], "Penguin")),
    ];

    private static readonly string[] Colours = ["black", "white", "grey", "navy", "red"];

    internal static IRecommenderModel ShoesAndBooksModel() =>
        new ContentRecommender(ShoesAndBooks()).Fit(InteractionData.FromSequences([.. Enumerable.Range(0, 20).Select(static i => new[] { i })], 20), TrainingContext.Default);

    /// <summary>
    /// The (novel, shoe) pairs whose similarity is positive but below <see cref="HistoryAttribution.DefaultMinSimilarityShare"/>
    /// of the shoe's top similarity: the weak links that named a novel as the reason for a shoe.
    /// </summary>
    internal static List<(int Novel, int Shoe)> WeakLinks(IRecommenderModel model)
    {
        var pairs = (IItemPairSimilarity)model;
        var links = new List<(int, int)>();
        for (var shoe = 0; shoe < 20; shoe += 2)
        {
            var top = Enumerable.Range(0, 20).Where(j => j != shoe).Max(j => pairs.Similarity(j, shoe));
            for (var novel = 1; novel < 20; novel += 2)
            {
                var similarity = pairs.Similarity(novel, shoe);
                if (similarity > 0 && similarity < HistoryAttribution.DefaultMinSimilarityShare * top)
                {
                    links.Add((novel, shoe));
                }
            }
        }

        return links;
    }

    /// <summary>
    /// The weak link seen before: a shopper who viewed only a novel is recommended a shoe, and with no bar the
    /// shoe is "because you viewed" the novel. With the default bar the link is dropped, while a shoe viewed
    /// before still explains another shoe and a novel another novel.
    /// </summary>
    [Fact]
    public void A_weak_positive_similarity_is_not_an_attribution_by_default()
    {
        var model = ShoesAndBooksModel();
        var links = WeakLinks(model);
        Assert.NotEmpty(links);
        foreach (var (novel, shoe) in links)
        {
            var reader = UserQuery.FromSequence(-1, [novel]);
            Assert.Equal(novel, HistoryAttribution.Attribute(model, reader, [shoe], minSimilarityShare: 0)[0]!.Value.HistoryItem);
            Assert.Null(HistoryAttribution.Attribute(model, reader, [shoe])[0]);
            Assert.Null(HistoryAttribution.Attribute(new RowsOnly(model), reader, [shoe])[0]);

            var otherShoe = (shoe + 2) % 20;
            var otherNovel = (novel + 2) % 20;
            var attributions = HistoryAttribution.Attribute(model, UserQuery.FromSequence(-1, [novel, otherShoe]), [shoe, otherNovel]);
            Assert.Equal(otherShoe, attributions[0]!.Value.HistoryItem);
            Assert.Equal(novel, attributions[1]!.Value.HistoryItem);
        }
    }

    internal sealed class RowsOnly(IRecommenderModel inner) : IRecommenderModel
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

    /// <summary>
    /// A mouse bought many times (weight 10) and a cat food viewed once (weight 1), recommended another cat food: the
    /// mouse co-occurs with it now and then, the viewed cat food almost always. By contribution alone the mouse is
    /// named; with the closest-share rule the cat food is, since the mouse is not half as similar as it.
    /// </summary>
    [Fact]
    public void A_heavy_but_distant_history_item_gives_way_to_a_much_closer_one()
    {
        // 0 = mouse, 1 = viewed cat food, 2 = recommended cat food; 3 = filler.
        var sequences = new List<int[]>();
        for (var u = 0; u < 40; u++)
        {
            sequences.Add(u < 4 ? [0, 2] : u < 20 ? [1, 2] : [0, 3]);
        }

        var model = new ItemKnnRecommender(new ItemKnnOptions(Shrinkage: 0)).Fit(InteractionData.FromSequences(sequences, 4), TrainingContext.Default);
        var pairs = (IItemPairSimilarity)model;
        Assert.True(pairs.Similarity(1, 2) > 2 * pairs.Similarity(0, 2), "the viewed cat food must be much closer than the mouse");
        Assert.True(10 * pairs.Similarity(0, 2) > pairs.Similarity(1, 2), "the mouse's weight must make its contribution the larger");
        var shopper = new UserQuery(-1, [0, 1], [10f, 1f], [0, 1]);
        Assert.Equal(0, HistoryAttribution.Attribute(model, shopper, [2], minSimilarityShare: 0)[0]!.Value.HistoryItem);
        Assert.Equal(1, HistoryAttribution.Attribute(model, shopper, [2], minSimilarityShare: 0, minShareOfClosest: 0.5f)[0]!.Value.HistoryItem);
        Assert.Equal(1, HistoryAttribution.Attribute(new RowsOnly(model), shopper, [2], minSimilarityShare: 0, minShareOfClosest: 0.5f)[0]!.Value.HistoryItem);
    }
}
