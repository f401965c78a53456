using Penchant.Core.Audiences;
using Penchant.Core.Data;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.ItemKnn;

namespace Penchant.Core.Tests.Audiences;

public sealed class AudienceBuilderTests
{
    // Forty items: shoppers 0-29 like even items, 30-59 odd ones; each took 8 of their taste's items at random.
    // The target "brand" is the even items 30-38, which shoppers 0-9 have already bought from.
    private static readonly int[] Brand = [30, 32, 34, 36, 38];

    private static InteractionData Shop()
    {
        var rng = new Random(3);
        var sequences = new int[60][];
        for (var u = 0; u < 60; u++)
        {
            var taste = Enumerable.Range(0, 40).Where(i => i % 2 == (u < 30 ? 0 : 1) && !Brand.Contains(i)).ToArray();
            var took = taste.OrderBy(_ => rng.Next()).Take(8).ToList();
            if (u < 10)
            {
                took.Add(Brand[u % Brand.Length]);
            }

            sequences[u] = [.. took];
        }

        return InteractionData.FromSequences(sequences, 40);
    }

    [Fact]
    public void The_audience_is_the_shoppers_whose_own_recommendations_rank_the_target_highest_with_the_numbers_behind_it()
    {
        var data = Shop();
        var model = new ItemKnnRecommender(new ItemKnnOptions(Neighbors: 20)).Fit(data, TrainingContext.Default);
        var audience = new AudienceBuilder(new AudienceOptions(Depth: 10)).Build(model, data, Brand);

        Assert.NotEmpty(audience);
        Assert.All(audience, m => Assert.True(m.User < 30, $"shopper {m.User} likes odd items"));
        foreach (var member in audience)
        {
            // Recompute the affinity from the shopper's own top 10.
            var top = model.Recommend(UserQuery.FromTraining(data, member.User), 10);
            var ranks = top.Select((s, r) => (s.Item, Rank: r + 1)).Where(p => Brand.Contains(p.Item)).Select(p => p.Rank).ToArray();
            Assert.Equal(ranks.Sum(r => 1.0 / Math.Log2(r + 1)), member.Affinity, 9);
            Assert.Equal(ranks.Length, member.TargetInTop);
            Assert.Equal(ranks.Min(), member.BestRank);
            Assert.Equal(member.User < 10, member.TookTarget);
        }

        for (var i = 1; i < audience.Count; i++)
        {
            Assert.True(audience[i - 1].Affinity >= audience[i].Affinity);
        }
    }

    [Fact]
    public void Prospects_only_eligibility_and_size_bound_the_audience()
    {
        var data = Shop();
        var model = new ItemKnnRecommender(new ItemKnnOptions(Neighbors: 20)).Fit(data, TrainingContext.Default);
        var all = new AudienceBuilder(new AudienceOptions(Depth: 10)).Build(model, data, Brand);
        Assert.Contains(all, static m => m.TookTarget);

        var prospects = new AudienceBuilder(new AudienceOptions(Depth: 10, ProspectsOnly: true)).Build(model, data, Brand);
        Assert.NotEmpty(prospects);
        Assert.All(prospects, static m => Assert.False(m.TookTarget));

        var eligible = new AudienceBuilder(new AudienceOptions(Depth: 10)).Build(model, data, Brand, static u => u % 2 == 0);
        Assert.All(eligible, static m => Assert.Equal(0, m.User % 2));
        Assert.Equal(all.Where(static m => m.User % 2 == 0).Select(static m => m.User), eligible.Select(static m => m.User));

        var three = new AudienceBuilder(new AudienceOptions(Depth: 10, Size: 3)).Build(model, data, Brand);
        Assert.Equal(all.Take(3).Select(static m => m.User), three.Select(static m => m.User));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AudienceBuilder(new AudienceOptions(Depth: 0)));
    }
}
