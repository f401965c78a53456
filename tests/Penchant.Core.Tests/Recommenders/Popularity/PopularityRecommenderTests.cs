using Penchant.Core.Data;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Popularity;

namespace Penchant.Core.Tests.Recommenders.Popularity;

public sealed class PopularityRecommenderTests : RecommenderContractTests
{
    protected override IRecommender CreateRecommender() => new PopularityRecommender();

    protected override bool IsPersonalized => false;

    [Fact]
    public void Most_interacted_item_ranks_first_and_recent_evidence_outweighs_old()
    {
        var t0 = DateTimeOffset.UnixEpoch.AddDays(1000);
        var builder = new InteractionBuilder(new EventWeights { HalfLifeDays = 10 });
        // "old" got three views 100 days ago; "new" two views today; "mid" one view today.
        for (var i = 0; i < 3; i++)
        {
            builder.Add(new Event($"o{i}", $"u{i}", "old", EventType.View, t0.AddDays(-100)));
        }

        builder.Add(new Event("n1", "u1", "new", EventType.View, t0));
        builder.Add(new Event("n2", "u2", "new", EventType.View, t0));
        builder.Add(new Event("m1", "u3", "mid", EventType.View, t0));
        var data = builder.Build();
        var model = new PopularityRecommender().Fit(data, TrainingContext.Default);
        var top = model.Recommend(UserQuery.Anonymous, 3);
        Assert.Equal(["new", "mid", "old"], top.Select(s => data.Items[s.Item]));

        var counted = new PopularityRecommender(new PopularityOptions(CountUsers: true)).Fit(data, TrainingContext.Default);
        Assert.Equal("old", data.Items[counted.Recommend(UserQuery.Anonymous, 1)[0].Item]);
    }
}
