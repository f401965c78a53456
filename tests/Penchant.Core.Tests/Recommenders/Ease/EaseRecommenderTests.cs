using Penchant.Core.Data;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Ease;

namespace Penchant.Core.Tests.Recommenders.Ease;

public sealed class EaseRecommenderTests : RecommenderContractTests
{
    protected override IRecommender CreateRecommender() => new EaseRecommender(new EaseOptions(Lambda: 5f));

    [Theory]
    [InlineData(0f, true)]
    [InlineData(0.25f, true)]
    [InlineData(0.25f, false)]
    [InlineData(0.6f, false)]
    public void Weights_match_the_closed_form_computed_plainly_in_double_precision(float dropout, bool zeroDiagonal)
    {
        var rng = new Random(3);
        var sequences = Enumerable.Range(0, 60).Select(_ => Enumerable.Range(0, 9).Where(_ => rng.NextDouble() < 0.4).ToArray()).ToList();
        var data = InteractionData.FromSequences(sequences, 9);
        const double lambda = 3;
        var model = (EaseModel)new EaseRecommender(new EaseOptions((float)lambda, Dropout: dropout, ZeroDiagonal: zeroDiagonal)).Fit(data, TrainingContext.Default);

        // G = XᵀX; Λ = λ + p/(1-p)·diag(G); P = (G + Λ)⁻¹ by Gauss-Jordan (augmented with I).
        const int n = 9;
        var gram = new double[n, n];
        foreach (var seq in sequences)
        {
            foreach (var i in seq)
            {
                foreach (var j in seq)
                {
                    gram[i, j] += 1;
                }
            }
        }

        var penalty = new double[n];
        var g = new double[n, 2 * n];
        for (var i = 0; i < n; i++)
        {
            penalty[i] = lambda + (dropout / (1.0 - dropout) * gram[i, i]);
            for (var j = 0; j < n; j++)
            {
                g[i, j] = gram[i, j] + (i == j ? penalty[i] : 0);
            }

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

        // With the constraint: B = -P / diag(P), diag(B) = 0. Without: the ridge solution B = P·G, computed as the
        // product rather than through the I - PΛ identity the implementation uses.
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double expected;
                if (zeroDiagonal)
                {
                    expected = i == j ? 0 : -g[i, n + j] / g[j, n + j];
                }
                else
                {
                    expected = 0;
                    for (var m = 0; m < n; m++)
                    {
                        expected += g[i, n + m] * gram[m, j];
                    }
                }

                Assert.Equal(expected, model.Weight(i, j), 4);
            }
        }
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1f)]
    public void Dropout_outside_zero_to_one_is_rejected(float dropout)
    {
        var data = InteractionData.FromSequences([[0, 1], [1, 2]], 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => new EaseRecommender(new EaseOptions(Dropout: dropout)).Fit(data, TrainingContext.Default));
    }

    [Fact]
    public void Lambda_too_small_for_a_singular_gram_is_reported_not_returned_as_garbage()
    {
        var data = InteractionData.FromSequences([[0, 1], [0, 1]], 3);
        var ex = Assert.Throws<InvalidOperationException>(() => new EaseRecommender(new EaseOptions(Lambda: 0f)).Fit(data, TrainingContext.Default));
        Assert.Contains("Lambda", ex.Message);
    }
}

/// <summary>The contract suite for the emphasised-denoising variant without the zero-diagonal constraint (EDLAE).</summary>
public sealed class EdlaeRecommenderTests : RecommenderContractTests
{
    protected override IRecommender CreateRecommender() => new EaseRecommender(new EaseOptions(Lambda: 5f, Dropout: 0.25f, ZeroDiagonal: false));
}
