using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Als;

namespace Penchant.Core.Tests.Recommenders.Als;

/// <summary>ALS with <see cref="AlsOptions.Bag"/> above 1: the shared contract plus what a bag means.</summary>
public sealed class AlsBagModelTests : RecommenderContractTests
{
    protected override IRecommender CreateRecommender() =>
        new AlsRecommender(new AlsOptions(Factors: 4, Regularization: 1f, Iterations: 10, Bag: 3));

    [Fact]
    public void A_bag_scores_the_mean_of_its_members_each_fitted_with_its_own_seed()
    {
        var (train, _) = PlantedClusters.Generate(seed: 9);
        var options = new AlsOptions(Factors: 8, Regularization: 1f, Iterations: 6, Bag: 3);
        var bag = Assert.IsType<AlsBagModel>(new AlsRecommender(options).Fit(train, new TrainingContext(Seed: 5)));
        Assert.Equal(AlsBagModel.KindName, bag.Kind);
        Assert.Equal(3, bag.Members.Count);

        var members = Enumerable.Range(0, 3)
            .Select(b => new AlsRecommender(options with { Bag = 1 }).Fit(train, new TrainingContext(Seed: AlsRecommender.MemberSeed(5, b))))
            .ToArray();
        Assert.Equal(5, AlsRecommender.MemberSeed(5, 0));
        for (var u = 0; u < train.UserCount; u += 7)
        {
            var query = UserQuery.FromTraining(train, u);
            var expected = new float[bag.ItemCount];
            foreach (var member in members)
            {
                var part = ScoresOf(member, query);
                for (var i = 0; i < expected.Length; i++)
                {
                    expected[i] += part[i] / members.Length;
                }
            }

            var actual = ScoresOf(bag, query);
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * (1 + Math.Abs(expected[i])), $"user {u}, item {i}: {actual[i]} vs {expected[i]}");
            }
        }

        // The members differ (different random starts), so the mean is not just one of them.
        var q = UserQuery.FromTraining(train, 0);
        Assert.NotEqual(ScoresOf(members[0], q), ScoresOf(members[1], q));
    }

    [Fact]
    public void A_bag_of_one_is_the_plain_model_and_an_empty_bag_is_refused()
    {
        var data = Checkerboard(12);
        var single = new AlsRecommender(new AlsOptions(Factors: 4, Regularization: 1f, Iterations: 4, Bag: 1)).Fit(data, TrainingContext.Default);
        Assert.IsType<AlsModel>(single);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlsRecommender(new AlsOptions(Bag: 0)).Fit(data, TrainingContext.Default));
    }
}
