using Penchant.Core.Data;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Ease;

namespace Penchant.Core.Tests.Recommenders.Ease;

public sealed class EaseRecommenderTests : RecommenderContractTests
{
    protected override IRecommender CreateRecommender() => new EaseRecommender(new EaseOptions(Lambda: 5f));

    [Fact]
    public void Weights_match_the_closed_form_computed_plainly_in_double_precision()
    {
        var rng = new Random(3);
        var sequences = Enumerable.Range(0, 60).Select(_ => Enumerable.Range(0, 9).Where(_ => rng.NextDouble() < 0.4).ToArray()).ToList();
        var data = InteractionData.FromSequences(sequences, 9);
        const double lambda = 3;
        var model = (EaseModel)new EaseRecommender(new EaseOptions((float)lambda)).Fit(data, TrainingContext.Default);

        // G = XᵀX + λI, P = G⁻¹ by Gauss-Jordan, B = -P / diag(P), diag(B) = 0.
        const int n = 9;
        var g = new double[n, 2 * n];
        foreach (var seq in sequences)
        {
            foreach (var i in seq)
            {
                foreach (var j in seq)
                {
                    g[i, j] += 1;
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            g[i, i] += lambda;
            g[i, n + i] = 1;
        }

        for (var c = 0; c < n; c++)
        {
            var pivot = g[c, c];
            for (var k = 0; k < 2 * n; k++)
            {
                g[c, k] /= pivot;
            }

            for (var r = 0; r < n; r++)
            {
                if (r == c)
                {
                    continue;
                }

                var f = g[r, c];
                for (var k = 0; k < 2 * n; k++)
                {
                    g[r, k] -= f * g[c, k];
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var expected = i == j ? 0 : -g[i, n + j] / g[j, n + j];
                Assert.Equal(expected, model.Weight(i, j), 4);
            }
        }
    }

    [Fact]
    public void Lambda_too_small_for_a_singular_gram_is_reported_not_returned_as_garbage()
    {
        var data = InteractionData.FromSequences([[0, 1], [0, 1]], 3);
        var ex = Assert.Throws<InvalidOperationException>(() => new EaseRecommender(new EaseOptions(Lambda: 0f)).Fit(data, TrainingContext.Default));
        Assert.Contains("Lambda", ex.Message);
    }
}
