using Penchant.Core.Evaluation;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Als;
using Penchant.Core.Recommenders.Ease;
using Penchant.Core.Recommenders.Hybrid;
using Penchant.Core.Recommenders.Popularity;

namespace Penchant.Core.Tests.Evaluation;

public sealed class RidgeRefitTests
{
    [Fact]
    public void Profile_ratio_is_the_validation_users_history_share_in_the_carves_averaged_over_the_carves()
    {
        // a has four training records; b, never a validation user, has five (they do not count).
        List<InteractionRecord> a = [.. Enumerable.Range(0, 4).Select(static i => new InteractionRecord("a", $"i{i}", 1, i))];
        List<InteractionRecord> b = [.. Enumerable.Range(0, 5).Select(static i => new InteractionRecord("b", $"i{i}", 1, i))];
        List<InteractionRecord> test = [new("a", "i9", 1, 9), new("b", "i8", 1, 9)];
        var holdsOne = new RecordSplit([.. a.Take(3), .. b], [a[3]], test);
        var holdsTwo = new RecordSplit([.. a.Take(2), .. b], [.. a.Skip(2)], test);

        Assert.Equal(0.75, RidgeRefit.ProfileRatio(EvaluationSplit.Build(holdsOne, "one")), 12);
        Assert.Equal((0.75 + 0.5) / 2, RidgeRefit.ProfileRatio(EvaluationSplit.Build([holdsOne, holdsTwo], "two")), 12);
        Assert.Equal(1, RidgeRefit.ProfileRatio(EvaluationSplit.Build(new RecordSplit([.. a, .. b], [], test), "none")));
    }

    [Fact]
    public void Scale_multiplies_an_ease_lambda_looks_through_fit_once_and_leaves_models_without_a_ridge_as_they_are()
    {
        var ease = new EaseRecommender(new EaseOptions(400f, Dropout: 0.5f, ZeroDiagonal: false));
        var scaled = Assert.IsType<EaseRecommender>(RidgeRefit.Scale(ease, 0.5));
        Assert.Equal(ease.Options with { Lambda = 200f }, scaled.Options);
        Assert.Equal(1000f, Assert.IsType<EaseRecommender>(RidgeRefit.Scale(new FitOnceRecommender(ease), 2.5)).Options.Lambda);
        Assert.Equal(40f, Assert.IsType<EaseRecommender>(RidgeRefit.Scale(new FitOnceRecommender(new FitOnceRecommender(ease)), 0.1)).Options.Lambda, 3);
        Assert.Same(ease, RidgeRefit.Scale(ease, 1));

        var als = new FitOnceRecommender(new AlsRecommender(new AlsOptions(8, 1f, 2f)));
        Assert.Same(als, RidgeRefit.Scale(als, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => RidgeRefit.Scale(ease, 0));
    }

    [Fact]
    public void The_selector_refits_the_chosen_configuration_with_the_scaled_lambda_and_says_so()
    {
        var split = Split();
        var evaluator = new Evaluator(new EvaluationOptions(K: 5));
        var entry = new ModelCatalogEntry("ease", [new ModelCandidate("λ 2", new EaseRecommender(new EaseOptions(2f)))]);
        var selection = new ModelSelector(evaluator) { RefitRidgeScale = 40 }.Select(entry, split);

        Assert.Equal("λ 2", selection.Best.Label);
        Assert.Equal("λ 2, refitted with λ × 40", selection.Test.Label);
        var scaled = evaluator.Evaluate("λ 80", new EaseRecommender(new EaseOptions(80f)), split.Test);
        var chosen = evaluator.Evaluate("λ 2", new EaseRecommender(new EaseOptions(2f)), split.Test);
        Assert.Equal(scaled.Lists, selection.Test.Lists);
        Assert.NotEqual(chosen.Lists, selection.Test.Lists); // the factor changes what is tested here

        // A model without a ridge penalty is refitted as chosen, and its label does not mention a factor.
        var popularity = new ModelCatalogEntry("popularity", [new ModelCandidate("counts", new PopularityRecommender())]);
        Assert.Equal("counts", new ModelSelector(evaluator) { RefitRidgeScale = 40 }.Select(popularity, split).Test.Label);
    }

    [Fact]
    public void The_blend_is_refitted_with_its_ridge_components_scaled_and_its_chosen_weights()
    {
        var split = Split();
        var evaluator = new Evaluator(new EvaluationOptions(K: 5));
        static IRecommender Blend(IReadOnlyList<(IRecommender Recommender, double Weight)> parts) => new HybridRecommender(new HybridOptions([.. parts]));
        var popularity = new PopularityRecommender();
        var search = new HybridWeightSearch(evaluator, Blend) { RefitRidgeScale = 40 };
        // Wrapped as the evaluation hands chosen configurations to the blend search, which wraps them once more.
        var selection = search.Search([("ease", new FitOnceRecommender(new EaseRecommender(new EaseOptions(2f)))), ("popularity", popularity)], split, step: 0.5);

        Assert.Equal("0.5 ease + 0.5 popularity", selection.Best.Label);
        Assert.Equal("0.5 ease + 0.5 popularity, refitted with λ × 40", selection.Test.Label);
        var scaled = evaluator.Evaluate("scaled", Blend([(new EaseRecommender(new EaseOptions(80f)), 0.5), (popularity, 0.5)]), split.Test);
        var chosen = evaluator.Evaluate("chosen", Blend([(new EaseRecommender(new EaseOptions(2f)), 0.5), (popularity, 0.5)]), split.Test);
        Assert.Equal(scaled.Lists, selection.Test.Lists);
        Assert.NotEqual(chosen.Lists, selection.Test.Lists);
    }

    // 80 shoppers in two tastes over 40 items; each takes 12 items of their taste's half (mostly), the last 3 as the test.
    private static EvaluationSplit Split()
    {
        var random = new Random(7);
        var train = new List<InteractionRecord>();
        var test = new List<InteractionRecord>();
        for (var u = 0; u < 80; u++)
        {
            var taste = u % 2;
            var items = new HashSet<int>();
            while (items.Count < 12)
            {
                var own = random.NextDouble() < 0.85;
                var item = random.Next(20) + (own == (taste == 0) ? 0 : 20);
                items.Add(item);
            }

            var t = 0;
            foreach (var item in items)
            {
                var record = new InteractionRecord($"u{u}", $"i{item}", 1, t++);
                (t > 9 ? test : train).Add(record);
            }
        }

        return EvaluationSplit.Build(PredefinedSplit.Create(train, test, withValidation: true, seed: 3, ValidationCarve.TestUsers), "two tastes");
    }
}
