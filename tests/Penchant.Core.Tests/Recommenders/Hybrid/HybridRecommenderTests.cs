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
    [InlineData(ScoreNormalization.ZScoreCandidates)]
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

    [Fact]
    public void Candidate_normalisation_takes_its_scale_from_the_items_outside_the_history_alone()
    {
        // Items 1 and 4 are the history: whatever they score, the candidates come out as a z-score over themselves.
        float[] values = [0.2f, 9f, 0.5f, 0.1f, -7f, 0.4f];
        int[] history = [1, 4];
        HybridModel.Normalize(values, ScoreNormalization.ZScoreCandidates, history);
        float[] candidates = [0.2f, 0.5f, 0.1f, 0.4f];
        HybridModel.Normalize(candidates, ScoreNormalization.ZScore);
        Assert.Equal(candidates, [values[0], values[2], values[3], values[5]], new FloatTolerance(1e-4f));

        // The history is mapped by the same affine map, so nothing is lost where a blend ranks it.
        Assert.Equal((values[2] - values[0]) / (0.5f - 0.2f), (values[1] - values[0]) / (9f - 0.2f), 3);
        Assert.Equal((values[2] - values[0]) / (0.5f - 0.2f), (values[4] - values[0]) / (-7f - 0.2f), 3);

        // A constant candidate set zeroes all; with fewer than two candidates the scale is taken over all items.
        float[] flat = [1f, 5f, 1f, 1f];
        HybridModel.Normalize(flat, ScoreNormalization.ZScoreCandidates, [1]);
        Assert.All(flat, v => Assert.Equal(0f, v));
        float[] tiny = [1f, 2f, 3f];
        float[] plain = [1f, 2f, 3f];
        HybridModel.Normalize(tiny, ScoreNormalization.ZScoreCandidates, [0, 2]);
        HybridModel.Normalize(plain, ScoreNormalization.ZScore);
        Assert.Equal(plain, tiny);
    }

    [Fact]
    public void A_blend_over_candidates_ignores_how_a_component_scores_the_history()
    {
        // ALS-like component scoring the history far above everything else: the blend's candidate order must equal
        // the blend computed from the candidates' scores alone.
        var data = Checkerboard();
        var model = new HybridRecommender(new HybridOptions(
        [
            (new EaseRecommender(new EaseOptions(5f)), 0.5),
            (new ItemKnnRecommender(new ItemKnnOptions(Neighbors: 20, Shrinkage: 0f)), 0.5),
        ])).Fit(data, TrainingContext.Default);
        Assert.Equal(ScoreNormalization.ZScoreCandidates, new HybridOptions([]).Normalization);
        var components = new IRecommenderModel[]
        {
            new EaseRecommender(new EaseOptions(5f)).Fit(data, TrainingContext.Default with { Seed = unchecked(TrainingContext.Default.Seed * 31) }),
            new ItemKnnRecommender(new ItemKnnOptions(Neighbors: 20, Shrinkage: 0f)).Fit(data, TrainingContext.Default with { Seed = unchecked((TrainingContext.Default.Seed * 31) + 1) }),
        };
        for (var u = 0; u < data.UserCount; u++)
        {
            var q = UserQuery.FromTraining(data, u);
            var blended = new float[data.ItemCount];
            model.Score(q, blended);
            var candidates = Enumerable.Range(0, data.ItemCount).Except(q.Items).ToArray();
            var expected = new double[candidates.Length];
            foreach (var component in components)
            {
                var s = new float[data.ItemCount];
                component.Score(q, s);
                var part = candidates.Select(i => s[i]).ToArray();
                HybridModel.Normalize(part, ScoreNormalization.ZScore);
                for (var j = 0; j < part.Length; j++)
                {
                    expected[j] += 0.5 * part[j];
                }
            }

            for (var j = 0; j < candidates.Length; j++)
            {
                Assert.Equal(expected[j], blended[candidates[j]], 3);
            }
        }
    }

    [Fact]
    public void The_harness_builds_blends_on_the_scale_it_is_given()
    {
        IReadOnlyList<(IRecommender, double)> parts = [(new PopularityRecommender(), 1.0)];
        var byDefault = Assert.IsType<HybridRecommender>(Penchant.Core.Evaluation.ModelCatalog.HybridFactory()(parts));
        var overAll = Assert.IsType<HybridRecommender>(Penchant.Core.Evaluation.ModelCatalog.HybridFactory(ScoreNormalization.ZScore)(parts));
        Assert.Equal(ScoreNormalization.ZScoreCandidates, byDefault.Options.Normalization);
        Assert.Equal(ScoreNormalization.ZScore, overAll.Options.Normalization);
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
