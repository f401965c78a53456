using Penchant.Core.Evaluation;
using Penchant.Core.Recommenders.ItemKnn;
using Penchant.Core.Recommenders.Popularity;

namespace Penchant.Core.Tests.Evaluation;

public sealed class UserBootstrapTests
{
    /// <summary>200 users over 40 items with a few tastes, 20% of each user's records held out at random.</summary>
    private static EvaluationSplit Shop()
    {
        var random = new Random(7);
        List<InteractionRecord> train = [], test = [];
        for (var u = 0; u < 200; u++)
        {
            var taste = u % 4;
            var items = Enumerable.Range(0, 40).Where(i => i % 4 == taste ? random.NextDouble() < 0.6 : random.NextDouble() < 0.1).ToList();
            foreach (var i in items)
            {
                (random.NextDouble() < 0.2 ? test : train).Add(new InteractionRecord("u" + u, "i" + i, 1, 0));
            }
        }

        return EvaluationSplit.Build(new RecordSplit(train, [], test), "generated");
    }

    [Fact]
    public void Per_user_precision_averages_to_the_evaluators_precision()
    {
        var split = Shop();
        foreach (var recommender in new Penchant.Core.Recommenders.IRecommender[] { new PopularityRecommender(), new ItemKnnRecommender() })
        {
            var result = new Evaluator(new EvaluationOptions(K: 5)).Evaluate("m", recommender, split.Test);
            var values = UserBootstrap.PerUserPrecision(split.Test, result.Lists, 5);
            Assert.Equal(result.Metrics.Users, values.Length);
            Assert.Equal(result.Metrics.Precision, values.Average(), 12);
            var interval = UserBootstrap.Mean(values);
            Assert.Equal(result.Metrics.Precision, interval.Estimate, 12);
            Assert.True(interval.Low < interval.Estimate && interval.Estimate < interval.High);
        }
    }

    [Fact]
    public void Interval_covers_the_true_mean_about_as_often_as_its_confidence_says()
    {
        // 300 draws of 150 users whose values are Bernoulli(0.3): a 90% interval should miss the true mean in about
        // 30 of them; fewer than 12 or more than 54 misses (beyond about 4 standard deviations) means it is wrong.
        var random = new Random(11);
        var misses = 0;
        for (var t = 0; t < 300; t++)
        {
            var values = Enumerable.Range(0, 150).Select(_ => random.NextDouble() < 0.3 ? 1.0 : 0.0).ToArray();
            var interval = UserBootstrap.Mean(values, new BootstrapOptions(Resamples: 500, Confidence: 0.9, Seed: t));
            misses += interval.Low <= 0.3 && 0.3 <= interval.High ? 0 : 1;
        }

        Assert.InRange(misses, 12, 54);
    }

    [Fact]
    public void Paired_difference_is_narrower_than_either_interval_when_users_vary_together()
    {
        // Each user has a difficulty shared by both models; model a is 0.02 better on every user.
        var random = new Random(3);
        var b = Enumerable.Range(0, 400).Select(_ => random.NextDouble() * 0.8).ToArray();
        var a = b.Select(static x => x + 0.02).ToArray();
        var diff = UserBootstrap.MeanDifference(a, b);
        var alone = UserBootstrap.Mean(a);
        Assert.Equal(0.02, diff.Estimate, 12);
        Assert.Equal(0.02, diff.Low, 9);
        Assert.Equal(0.02, diff.High, 9);
        Assert.True(alone.High - alone.Low > 0.03);

        Assert.Equal(UserBootstrap.Mean(a, new BootstrapOptions(Seed: 5)), UserBootstrap.Mean(a, new BootstrapOptions(Seed: 5)));
        Assert.Throws<ArgumentException>(() => UserBootstrap.MeanDifference(a, b[1..]));
        Assert.Throws<ArgumentOutOfRangeException>(() => UserBootstrap.Mean(a, new BootstrapOptions(Confidence: 1)));
        Assert.True(double.IsNaN(UserBootstrap.Mean([]).Estimate));
    }
}
