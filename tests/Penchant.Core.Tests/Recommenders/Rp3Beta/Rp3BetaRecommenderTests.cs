using Penchant.Core.Data;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.ItemKnn;
using Penchant.Core.Recommenders.Rp3Beta;

namespace Penchant.Core.Tests.Recommenders.Rp3Beta;

public sealed class Rp3BetaRecommenderTests : RecommenderContractTests
{
    protected override IRecommender CreateRecommender() => new Rp3BetaRecommender(new Rp3BetaOptions(Neighbors: 30));

    [Theory]
    [InlineData(1f, 0f, false)]
    [InlineData(0.7f, 0.4f, false)]
    [InlineData(0.5f, 0.3f, true)]
    public void Weights_match_the_walk_computed_plainly_in_double_precision(float alpha, float beta, bool normalize)
    {
        var rng = new Random(11);
        const int n = 10;
        var sequences = Enumerable.Range(0, 40).Select(_ => Enumerable.Range(0, n).Where(_ => rng.NextDouble() < 0.35).ToArray()).ToList();
        var data = InteractionData.FromSequences(sequences, n);
        var model = (ItemKnnModel)new Rp3BetaRecommender(new Rp3BetaOptions(alpha, beta, Neighbors: n, normalize)).Fit(data, TrainingContext.Default);

        // Dense walk: P_iu = 1/deg(i), P_uj = 1/deg(u), each to the power α; W = P_iu P_uj / deg(j)^β, zero diagonal.
        var itemDegree = new double[n];
        foreach (var seq in sequences)
        {
            foreach (var i in seq)
            {
                itemDegree[i]++;
            }
        }

        for (var i = 0; i < n; i++)
        {
            var expected = new double[n];
            foreach (var seq in sequences.Where(s => s.Contains(i)))
            {
                foreach (var j in seq)
                {
                    expected[j] += Math.Pow(1.0 / itemDegree[i], alpha) * Math.Pow(1.0 / seq.Length, alpha);
                }
            }

            for (var j = 0; j < n; j++)
            {
                expected[j] = j == i || itemDegree[j] == 0 ? 0 : expected[j] / Math.Pow(itemDegree[j], beta);
            }

            var sum = expected.Sum();
            var actual = new float[n];
            model.ScoreSimilar(i, actual);
            for (var j = 0; j < n; j++)
            {
                var want = normalize && sum > 0 ? expected[j] / sum : expected[j];
                Assert.Equal(want, actual[j], (want * 1e-5) + 1e-7);
            }
        }
    }

    [Fact]
    public void Each_item_keeps_at_most_the_requested_neighbours_best_first()
    {
        var data = Checkerboard(30);
        var model = (ItemKnnModel)new Rp3BetaRecommender(new Rp3BetaOptions(Neighbors: 4)).Fit(data, TrainingContext.Default);
        for (var i = 0; i < data.ItemCount; i++)
        {
            var sims = model.SimilaritiesOf(i).ToArray();
            Assert.InRange(sims.Length, 1, 4);
            Assert.DoesNotContain(i, model.NeighborsOf(i).ToArray());
            Assert.Equal(sims.OrderByDescending(static s => s), sims);
        }
    }

    [Fact]
    public void A_higher_beta_pushes_popular_items_down_the_neighbour_lists()
    {
        // Item 0 is in every basket; items 1..9 each in a few. With β = 0 the walk favours
        // item 0 (it co-occurs with everything); co-occurrence grows like degree, so β = 2 more than cancels that.
        var rng = new Random(4);
        var sequences = Enumerable.Range(0, 60).Select(_ => new[] { 0 }.Concat(Enumerable.Range(1, 9).Where(_ => rng.NextDouble() < 0.3)).ToArray()).ToList();
        var data = InteractionData.FromSequences(sequences, 10);
        int RankOfPopular(float beta)
        {
            var model = (ItemKnnModel)new Rp3BetaRecommender(new Rp3BetaOptions(Beta: beta, Neighbors: 9)).Fit(data, TrainingContext.Default);
            return model.NeighborsOf(5).IndexOf(0);
        }

        Assert.Equal(0, RankOfPopular(0f));
        Assert.True(RankOfPopular(2f) > 0);
    }
}
