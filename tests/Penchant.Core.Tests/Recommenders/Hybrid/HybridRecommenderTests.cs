using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Ease;
using Penchant.Core.Recommenders.Hybrid;
using Penchant.Core.Recommenders.ItemKnn;
using Penchant.Core.Recommenders.Popularity;

namespace Penchant.Core.Tests.Recommenders.Hybrid;

public sealed class HybridRecommenderTests : RecommenderContractTests
{
    protected override IRecommender CreateRecommender() => new HybridRecommender(new HybridOptions(
    [
        (new EaseRecommender(new EaseOptions(5f)), 0.6),
        (new ItemKnnRecommender(new ItemKnnOptions(Neighbors: 20, Shrinkage: 0f)), 0.3),
        (new PopularityRecommender(), 0.1),
    ]));

    [Fact]
    public void A_blend_with_all_weight_on_one_component_ranks_like_that_component()
    {
        var data = Checkerboard();
        var ease = new EaseRecommender(new EaseOptions(5f));
        var only = new HybridRecommender(new HybridOptions([(ease, 1.0), (new PopularityRecommender(), 0.0)])).Fit(data, TrainingContext.Default);
        var plain = ease.Fit(data, TrainingContext.Default);
        for (var u = 0; u < data.UserCount; u += 4)
        {
            var q = UserQuery.FromTraining(data, u);
            Assert.Equal(plain.Recommend(q, 8).Select(s => s.Item), only.Recommend(q, 8).Select(s => s.Item));
        }
    }

    [Theory]
    [InlineData(ScoreNormalization.ZScore)]
    [InlineData(ScoreNormalization.MinMax)]
    public void Normalisation_puts_scores_on_one_scale_and_zeroes_constant_vectors(ScoreNormalization normalization)
    {
        float[] big = [100f, 300f, 200f];
        HybridModel.Normalize(big, normalization);
        float[] small = [0.01f, 0.03f, 0.02f];
        HybridModel.Normalize(small, normalization);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(big[i], small[i], 4);
        }

        float[] flat = [2f, 2f, 2f];
        HybridModel.Normalize(flat, normalization);
        Assert.All(flat, v => Assert.Equal(0f, v));
    }
}
