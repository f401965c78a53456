using Penchant.Core.Evaluation;
using Penchant.Core.Recommenders;

namespace Penchant.Core.Tests.Evaluation;

public sealed class ModelSelectorTests
{
    // Validation held-out: a {i1}. Test held-out: a {i3, i5}, b {i4, i0}.
    private static readonly Dictionary<string, float> FavoursI1 = new() { ["i1"] = 9, ["i4"] = 1 };
    private static readonly Dictionary<string, float> FavoursI4 = new() { ["i4"] = 9, ["i1"] = 1 };

    [Fact]
    public void Best_configuration_is_chosen_on_validation_then_refitted_and_tested()
    {
        var split = EvaluationSplit.Build(EvaluationSplitTests.Sample(), "sample");
        var worse = new FixedScoreRecommender("worse", FavoursI4);
        var better = new FixedScoreRecommender("better", FavoursI1);
        var entry = new ModelCatalogEntry("fixed", [new ModelCandidate("favours i4", worse), new ModelCandidate("favours i1", better)]);
        var selection = new ModelSelector(new Evaluator(new EvaluationOptions(K: 1))).Select(entry, split);
        Assert.Equal("favours i1", selection.Best.Label);
        Assert.Equal(2, selection.Trials.Count);
        Assert.Equal(1.0, selection.Validation!.Metrics.Ndcg, 10);
        Assert.Equal(0.0, selection.Trials[0].Metrics.Ndcg, 10);
        Assert.Equal(2, better.FitCount); // validation fit, then refit on the full training set
        Assert.Equal(1, worse.FitCount);
        Assert.Equal(2, selection.Test.Metrics.Users); // a and b on the test records
    }

    [Fact]
    public void With_several_carves_the_configuration_best_on_their_mean_wins_over_the_first_carves_choice()
    {
        // Carve A holds out a's i1 (training i0, i4); carves B and C hold out a's i4 (training i0, i1). With K = 1 and
        // training items excluded, "favours i1" hits on A only and "favours i4" on B and C only.
        var test = EvaluationSplitTests.Sample().Test;
        RecordSplit Carve(string trained, string held) =>
            new([new("a", "i0", 1, 1), new("b", "i2", 1, 1), new("a", trained, 1, 1)], [new("a", held, 1, 2)], test);
        var carveA = Carve("i4", "i1");
        var carveB = Carve("i1", "i4");
        var scoresI1 = new Dictionary<string, float> { ["i1"] = 9, ["i3"] = 5 };
        var scoresI4 = new Dictionary<string, float> { ["i4"] = 9, ["i3"] = 5 };
        var selector = new ModelSelector(new Evaluator(new EvaluationOptions(K: 1)));

        var onA = selector.Select(Entry(new FixedScoreRecommender("x", scoresI1), new FixedScoreRecommender("y", scoresI4)), EvaluationSplit.Build(carveA, "A"));
        Assert.Equal("favours i1", onA.Best.Label);

        var favoursI1 = new FixedScoreRecommender("x", scoresI1);
        var favoursI4 = new FixedScoreRecommender("y", scoresI4);
        var split = EvaluationSplit.Build([carveA, carveB, carveB with { }], "A, B, C");
        var mean = selector.Select(Entry(favoursI1, favoursI4), split);
        Assert.Equal("favours i4", mean.Best.Label);
        Assert.Equal(1.0 / 3, mean.Trials[0].Metrics.Ndcg, 10);
        Assert.Equal(2.0 / 3, mean.Validation!.Metrics.Ndcg, 10);
        Assert.Equal(3, mean.Validation.Metrics.Users); // user a once per carve
        Assert.Equal(4, favoursI4.FitCount); // three validation folds, then the full training set
        Assert.Equal(3, favoursI1.FitCount);
    }

    private static ModelCatalogEntry Entry(IRecommender favoursI1, IRecommender favoursI4) =>
        new("fixed", [new ModelCandidate("favours i1", favoursI1), new ModelCandidate("favours i4", favoursI4)]);

    [Fact]
    public void Mean_of_one_result_is_that_result_and_of_several_sums_counts_and_times()
    {
        var split = EvaluationSplit.Build(EvaluationSplitTests.Sample(), "sample");
        var evaluator = new Evaluator(new EvaluationOptions(K: 1));
        var a = evaluator.Evaluate("a", new FixedScoreRecommender("a", FavoursI1), split.Validation!);
        var b = evaluator.Evaluate("b", new FixedScoreRecommender("b", FavoursI4), split.Validation!);
        Assert.Same(a, ModelSelector.Mean("a", [a]));
        var mean = ModelSelector.Mean("both", [a, b]);
        Assert.Equal("both", mean.Label);
        Assert.Equal((a.Metrics.Ndcg + b.Metrics.Ndcg) / 2, mean.Metrics.Ndcg, 12);
        Assert.Equal(a.SeenItemsRemoved + b.SeenItemsRemoved, mean.SeenItemsRemoved);
        Assert.Equal(a.FitTime + b.FitTime, mean.FitTime);
        Assert.Same(a.Lists, mean.Lists);
        Assert.Throws<ArgumentException>(() => ModelSelector.Mean("none", []));
    }

    [Fact]
    public void Grid_entries_label_candidates_with_their_options()
    {
        var entry = ModelCatalogEntry.Grid("knn", [new Penchant.Core.Recommenders.ItemKnn.ItemKnnOptions(Neighbors: 5)], o => new Penchant.Core.Recommenders.ItemKnn.ItemKnnRecommender(o));
        Assert.Contains("Neighbors = 5", entry.Candidates[0].Label, StringComparison.Ordinal);
        Assert.All(ModelCatalog.All, static e => Assert.NotEmpty(e.Candidates));
        Assert.NotNull(ModelCatalog.Find("ItemKNN"));
    }

    [Fact]
    public void Edlae_is_found_on_request_and_every_candidate_is_unconstrained_ease_with_dropout()
    {
        var entry = ModelCatalog.Find("edlae");
        Assert.NotNull(entry);
        Assert.DoesNotContain(ModelCatalog.All, static e => e.Name == "edlae");
        Assert.All(entry.Candidates, static c =>
        {
            var options = Assert.IsType<Penchant.Core.Recommenders.Ease.EaseRecommender>(c.Recommender).Options;
            Assert.True(options.Dropout > 0);
            Assert.False(options.ZeroDiagonal);
        });
    }
}

public sealed class HybridWeightSearchTests
{
    [Theory]
    [InlineData(2, 0.1, 9)]
    [InlineData(3, 0.1, 36)]
    [InlineData(3, 0.2, 6)] // compositions of 5 into 3 positive parts: C(4, 2)
    [InlineData(2, 0.5, 1)]
    public void Weight_grid_covers_the_positive_simplex(int count, double step, int expected)
    {
        var grid = HybridWeightSearch.WeightGrid(count, step);
        Assert.Equal(expected, grid.Count);
        Assert.All(grid, w => Assert.Equal(1.0, w.Sum(), 10));
        Assert.All(grid, w => Assert.All(w, x => Assert.True(x > 0)));
    }

    [Fact]
    public void Search_picks_the_weights_best_on_validation_and_fits_each_component_once_per_fold()
    {
        var split = EvaluationSplit.Build(EvaluationSplitTests.Sample(), "sample");
        // Validation wants i1 first. Blend scores: i1 = w_good, i4 = 0.6 w_good + w_bad, so only 0.75/0.25 ranks i1 first.
        var good = new FixedScoreRecommender("good", new Dictionary<string, float> { ["i1"] = 1, ["i4"] = 0.6f });
        var bad = new FixedScoreRecommender("bad", new Dictionary<string, float> { ["i4"] = 1, ["i1"] = 0 });
        var search = new HybridWeightSearch(new Evaluator(new EvaluationOptions(K: 1)), static parts => new SumBlendRecommender(parts));
        var selection = search.Search([("good", good), ("bad", bad)], split, step: 0.25);
        Assert.Equal("hybrid(good+bad)", selection.Name);
        Assert.Equal(3, selection.Trials.Count);
        Assert.Equal("0.75 good + 0.25 bad", selection.Best.Label);
        Assert.Equal(2, good.FitCount); // once on the validation fold, once on the full training set
        Assert.Equal(2, bad.FitCount);
    }

    [Fact]
    public void Blend_weights_are_chosen_on_the_mean_of_the_carves()
    {
        // As in the selector test: carve A rewards ranking i1 first, carves B and C reward i4 first.
        var test = EvaluationSplitTests.Sample().Test;
        RecordSplit Carve(string trained, string held) =>
            new([new("a", "i0", 1, 1), new("b", "i2", 1, 1), new("a", trained, 1, 1)], [new("a", held, 1, 2)], test);
        var i1 = new FixedScoreRecommender("i1", new Dictionary<string, float> { ["i1"] = 1, ["i3"] = 0.6f });
        var i4 = new FixedScoreRecommender("i4", new Dictionary<string, float> { ["i4"] = 1, ["i3"] = 0.6f });
        var search = new HybridWeightSearch(new Evaluator(new EvaluationOptions(K: 1)), static parts => new SumBlendRecommender(parts));
        var onA = search.Search([("i1", i1), ("i4", i4)], EvaluationSplit.Build(Carve("i4", "i1"), "A"), step: 0.25);
        Assert.Equal(1.0, onA.Validation!.Metrics.Ndcg, 10);
        Assert.Equal("0.75 i1 + 0.25 i4", onA.Best.Label);

        var split = EvaluationSplit.Build([Carve("i4", "i1"), Carve("i1", "i4"), Carve("i1", "i4")], "A, B, C");
        var mean = search.Search([("i1", i1), ("i4", i4)], split, step: 0.25);
        Assert.Equal("0.25 i1 + 0.75 i4", mean.Best.Label);
        Assert.Equal(2.0 / 3, mean.Validation!.Metrics.Ndcg, 10);
    }

    [Fact]
    public void Greedy_selection_partners_the_best_model_with_the_one_that_adds_most_not_the_second_best()
    {
        var split = EvaluationSplit.Build(EvaluationSplitTests.Sample(), "sample");
        // Validation wants i1 first. Alone, "best" and its "twin" rank i4 first and "complement" ranks i2 first, so
        // none scores; best + twin still ranks i4 first whatever the weights, while 0.5 best + 0.5 complement gives
        // i1 0.7, i4 0.5, i2 0.5.
        var best = new FixedScoreRecommender("best", new Dictionary<string, float> { ["i4"] = 1, ["i1"] = 0.9f });
        var twin = new FixedScoreRecommender("twin", new Dictionary<string, float> { ["i4"] = 1, ["i1"] = 0.8f });
        var complement = new FixedScoreRecommender("complement", new Dictionary<string, float> { ["i2"] = 1, ["i1"] = 0.5f });
        var search = new HybridWeightSearch(new Evaluator(new EvaluationOptions(K: 1)), static parts => new SumBlendRecommender(parts));
        var selection = search.SearchGreedy([("best", best), ("twin", twin), ("complement", complement)], split, maxComponents: 3, step: 0.25);
        Assert.Equal("hybrid(best+complement)", selection.Name);
        Assert.Equal(1.0, selection.Validation!.Metrics.Ndcg, 10);
        // No third component can beat a perfect pair, so none joins; each model is fitted once on the validation
        // fold, and only the chosen ones again on the full training set.
        Assert.Equal(2, best.FitCount);
        Assert.Equal(2, complement.FitCount);
        Assert.Equal(1, twin.FitCount);
    }

    [Fact]
    public void Equal_weighting_validates_one_blend_per_set_and_chooses_only_the_components()
    {
        var split = EvaluationSplit.Build(EvaluationSplitTests.Sample(), "sample");
        var good = new FixedScoreRecommender("good", new Dictionary<string, float> { ["i1"] = 1, ["i4"] = 0.6f });
        var bad = new FixedScoreRecommender("bad", new Dictionary<string, float> { ["i4"] = 1, ["i1"] = 0 });
        var search = new HybridWeightSearch(new Evaluator(new EvaluationOptions(K: 1)), static parts => new SumBlendRecommender(parts));

        // The grid would find 0.75/0.25 (the test above); equal weights give i4 0.8 against i1 0.5, a miss.
        var pair = search.Search([("good", good), ("bad", bad)], split, step: 0.25, weighting: BlendWeighting.Equal);
        Assert.Single(pair.Trials);
        Assert.Equal("0.5 good + 0.5 bad", pair.Best.Label);
        Assert.Equal(0.0, pair.Validation!.Metrics.Ndcg, 10);

        // Greedy: 0.5 best + 0.5 complement ranks i1 first (0.7), 0.5 best + 0.5 twin does not (i4 1 against i1 0.85).
        var best = new FixedScoreRecommender("best", new Dictionary<string, float> { ["i4"] = 1, ["i1"] = 0.9f });
        var twin = new FixedScoreRecommender("twin", new Dictionary<string, float> { ["i4"] = 1, ["i1"] = 0.8f });
        var complement = new FixedScoreRecommender("complement", new Dictionary<string, float> { ["i2"] = 1, ["i1"] = 0.5f });
        var greedy = search.SearchGreedy([("best", best), ("twin", twin), ("complement", complement)], split, maxComponents: 3, weighting: BlendWeighting.Equal);
        Assert.Equal("hybrid(best+complement)", greedy.Name);
        Assert.Equal("0.5 best + 0.5 complement", greedy.Best.Label);
        Assert.Equal(1.0, greedy.Validation!.Metrics.Ndcg, 10);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Equal_weights_sum_to_one(int count)
    {
        var weights = HybridWeightSearch.EqualWeights(count);
        Assert.Equal(count, weights.Length);
        Assert.All(weights, w => Assert.Equal(1.0 / count, w, 12));
    }

    [Fact]
    public void One_component_is_refused()
    {
        var split = EvaluationSplit.Build(EvaluationSplitTests.Sample(), "sample");
        var search = new HybridWeightSearch(new Evaluator(), static parts => new SumBlendRecommender(parts));
        Assert.Throws<ArgumentException>(() => search.Search([("x", (IRecommender)new FixedScoreRecommender("x", new Dictionary<string, float>()))], split));
    }
}
