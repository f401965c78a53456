using Penchant.Core.Data;
using Penchant.Core.Evaluation;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Content;

namespace Penchant.Core.Tests.Recommenders.Content;

/// <summary>
/// The content recommender under the shared contract. A content model sees item text, not co-occurrence, so
/// the checkerboard's two tastes are given text: even items are trail running shoes, odd items camping
/// stoves (ids "0".."39" as <see cref="RecommenderContractTests.Checkerboard"/> names them). Item 40 is a shoe
/// nobody has touched.
/// </summary>
public sealed class ContentRecommenderTests : RecommenderContractTests
{
    private static readonly string[] Colours = ["black", "white", "grey", "navy", "red"];

    internal static IReadOnlyList<Item> CheckerboardCatalogue(int size = 41) =>
    [
        .. Enumerable.Range(0, size).Select(i => i % 2 == 0
            ? new Item(i.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Trail running shoe {Colours[i % 5]}", "Grippy waterproof trail shoe.", ["Sports", "Running", "Trail shoes"], "Salomon")
            : new Item(i.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Camping gas stove {Colours[i % 5]}", "Compact burner for camping.", ["Outdoor", "Camping", "Stoves"], "Primus")),
    ];

    protected override IRecommender CreateRecommender() => new ContentRecommender(CheckerboardCatalogue());

    [Fact]
    public void Item_nobody_interacted_with_is_recommended_to_a_matching_shopper()
    {
        // 41 columns; item 40 (a shoe) appears in no sequence.
        var sequences = Checkerboard().Sequences;
        var data = InteractionData.FromSequences(sequences, 41);
        var model = CreateRecommender().Fit(data, TrainingContext.Default);
        Assert.Equal(41, model.ItemCount);
        var top = model.Recommend(UserQuery.FromSequence(-1, [0, 2, 4, 6]), 10);
        Assert.Contains(top, s => s.Item == 40);
        Assert.All(top, s => Assert.True(s.Item % 2 == 0, $"item {s.Item} is a stove"));
        Assert.Contains(model.SimilarItems(40, 3), s => s.Item % 2 == 0);
    }

    [Fact]
    public void Recent_history_outweighs_older_history_by_the_half_life()
    {
        var data = InteractionData.FromSequences(Checkerboard().Sequences, 41);
        // Six shoes long ago, then two stoves.
        var query = UserQuery.FromSequence(-1, [0, 2, 4, 6, 8, 10, 1, 3]);
        var recent = new ContentRecommender(CheckerboardCatalogue(), new ContentOptions(RecencyHalfLife: 1f)).Fit(data, TrainingContext.Default);
        var flat = new ContentRecommender(CheckerboardCatalogue(), new ContentOptions(RecencyHalfLife: 0f)).Fit(data, TrainingContext.Default);
        Assert.True(recent.Recommend(query, 1)[0].Item % 2 == 1, "with a short half-life the recent stoves should lead");
        Assert.True(flat.Recommend(query, 1)[0].Item % 2 == 0, "with equal weights the six shoes should lead");
    }

    [Fact]
    public void Item_missing_from_the_catalogue_scores_zero_and_combined_source_fits()
    {
        var data = InteractionData.FromSequences(Checkerboard().Sequences, 41);
        var catalogue = CheckerboardCatalogue().Where(i => i.Id != "40").ToList();
        var model = new ContentRecommender(catalogue, new ContentOptions(ContentSource.Combined, Embeddings: new(MinPairedItems: 5))).Fit(data, new TrainingContext(Seed: 3));
        var scores = ScoresOf(model, UserQuery.FromSequence(-1, [0, 2]));
        Assert.Equal(0f, scores[40]);
        Assert.True(scores[4] > scores[5], "a shoe should outscore a stove for a shoe shopper");
    }

    [Fact]
    public void Catalogue_entry_builds_content_candidates()
    {
        var entry = ModelCatalog.Content(CheckerboardCatalogue());
        Assert.Equal("content", entry.Name);
        Assert.All(entry.Candidates, c => Assert.IsType<ContentRecommender>(c.Recommender));
        Assert.Contains(ModelCatalog.ForCatalogue(CheckerboardCatalogue()), e => e.Name == "content");
    }
}
