using Penchant.Core.Data;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Ease;

namespace Penchant.Core.Tests.Recommenders.Ease;

public sealed class EaseRecommenderTests : RecommenderContractTests
{
    protected override IRecommender CreateRecommender() => new EaseRecommender(new EaseOptions(Lambda: 5f));

    [Theory]
    [InlineData(0f, true, 0f)]
    [InlineData(0.25f, true, 0f)]
    [InlineData(0.25f, false, 0f)]
    [InlineData(0.6f, false, 0f)]
    [InlineData(0f, true, 2f)]
    [InlineData(0.25f, false, 3f)]
    public void Weights_match_the_closed_form_computed_plainly_in_double_precision(float dropout, bool zeroDiagonal, float timeScale)
    {
        var rng = new Random(3);
        var sequences = Enumerable.Range(0, 60).Select(_ => Enumerable.Range(0, 9).Where(_ => rng.NextDouble() < 0.4).OrderBy(_ => rng.Next()).ToArray()).ToList();
        var data = InteractionData.FromSequences(sequences, 9);
        const double lambda = 3;
        var model = (EaseModel)new EaseRecommender(new EaseOptions((float)lambda, Dropout: dropout, ZeroDiagonal: zeroDiagonal, TimeScale: timeScale)).Fit(data, TrainingContext.Default);

        // G = XᵀX, or with a time scale τ the sum over sequences of exp(-|tᵢ - tⱼ| / τ), t being the item's position;
        // Λ = λ + p/(1-p)·diag(G); P = (G + Λ)⁻¹ by Gauss-Jordan (augmented with I).
        const int n = 9;
        var gram = new double[n, n];
        foreach (var seq in sequences)
        {
            for (var a = 0; a < seq.Length; a++)
            {
                for (var b = 0; b < seq.Length; b++)
                {
                    gram[seq[a], seq[b]] += timeScale > 0 ? Math.Exp(-Math.Abs(a - b) / (double)timeScale) : 1;
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

                Assert.Equal(expected, model.Weight(i, j), 1e-4);
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
    public void With_a_time_scale_items_taken_up_together_weigh_more_than_items_taken_up_apart()
    {
        // Every shopper has items 0, 1 and 2, so plain EASE cannot tell 1 from 2 as a partner of 0. Fifteen take up 0
        // and 1 within a minute and 2 a month later; five take up 0 and 2 together and 1 a month later.
        var interactions = new List<Interaction>();
        for (var u = 0; u < 20; u++)
        {
            var (near, far) = u < 15 ? (1, 2) : (2, 1);
            long t = 1_000_000 * u;
            interactions.Add(new Interaction(u, 0, 1f, t));
            interactions.Add(new Interaction(u, near, 1f, t + 30));
            interactions.Add(new Interaction(u, far, 1f, t + (30 * 86400)));
            interactions.Add(new Interaction(u, 3 + (u % 4), 1f, t + 60));
        }

        var data = InteractionData.FromInteractions(interactions, new IdMap(Enumerable.Range(0, 20).Select(static u => $"u{u}")), new IdMap(Enumerable.Range(0, 7).Select(static i => $"i{i}")));
        var plain = (EaseModel)new EaseRecommender(new EaseOptions(2f)).Fit(data, TrainingContext.Default);
        var timed = (EaseModel)new EaseRecommender(new EaseOptions(2f, TimeScale: 3600f)).Fit(data, TrainingContext.Default);
        Assert.Equal(plain.Weight(0, 1), plain.Weight(0, 2), 5);
        Assert.True(timed.Weight(0, 1) > timed.Weight(0, 2) + 0.05f, $"{timed.Weight(0, 1)} vs {timed.Weight(0, 2)}");
    }

    [Fact]
    public void With_recency_each_items_row_counts_by_how_many_events_came_after_its_latest_occurrence()
    {
        var rng = new Random(5);
        var sequences = Enumerable.Range(0, 50).Select(_ => Enumerable.Range(0, 8).Select(_ => rng.Next(12)).ToArray()).ToList();
        var data = InteractionData.FromSequences(sequences, 12);
        var recent = (EaseModel)new EaseRecommender(new EaseOptions(4f, Recency: 2f)).Fit(data, TrainingContext.Default);
        var plain = (EaseModel)new EaseRecommender(new EaseOptions(4f)).Fit(data, TrainingContext.Default);

        // Item 7 twice (its latest is the newest event), item 4 fifteen times (its latest five events before the end);
        // item 9, twenty events before the end, lies outside the 10ρ window and counts nothing.
        int[] sequence = [9, .. Enumerable.Repeat(4, 15), 7, 3, 5, 1, 7];
        var query = UserQuery.FromSequence(-1, sequence);
        var expected = new double[12];
        foreach (var (item, after) in new[] { (7, 0), (1, 1), (5, 2), (3, 3), (4, 5) })
        {
            for (var j = 0; j < 12; j++)
            {
                expected[j] += Math.Exp(-after / 2.0) * plain.Weight(item, j);
            }
        }

        var actual = new float[12];
        recent.Score(query, actual);
        for (var j = 0; j < 12; j++)
        {
            Assert.Equal(expected[j], actual[j], 1e-5);
        }

        // Without a sequence the history counts evenly, as in plain EASE.
        var evenly = new float[12];
        var plainScores = new float[12];
        recent.Score(query with { Sequence = [] }, evenly);
        plain.Score(query, plainScores);
        Assert.Equal(plainScores, evenly);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(0.5f)]
    [InlineData(2f)]
    [InlineData(7f)]
    public void Scores_are_the_history_weights_times_the_rows_of_b(float recency)
    {
        var rng = new Random(17);
        var sequences = Enumerable.Range(0, 60).Select(_ => Enumerable.Range(0, 7).Select(_ => rng.Next(20)).ToArray()).ToList();
        var model = (EaseModel)new EaseRecommender(new EaseOptions(4f, Recency: recency)).Fit(InteractionData.FromSequences(sequences, 20), TrainingContext.Default);
        var scores = new float[20];
        for (var trial = 0; trial < 100; trial++)
        {
            var query = UserQuery.FromSequence(-1, [.. Enumerable.Range(0, 1 + rng.Next(40)).Select(_ => rng.Next(20))]);
            model.Score(query, scores);
            for (var j = 0; j < 20; j++)
            {
                var expected = Enumerable.Range(0, 20).Sum(h => (double)model.HistoryWeight(query, h) * model.Weight(h, j));
                Assert.Equal(expected, scores[j], 1e-4);
            }
        }
    }

    [Fact]
    public void Recency_survives_a_save_and_load_and_a_version_2_file_loads_without_it()
    {
        var data = InteractionData.FromSequences([[0, 1, 2], [1, 2, 3], [0, 3]], 4);
        var model = (EaseModel)new EaseRecommender(new EaseOptions(2f, Recency: 3f)).Fit(data, TrainingContext.Default);
        using var saved = new MemoryStream();
        ModelFile.Save(model, saved);
        saved.Position = 0;
        Assert.Equal(3f, Assert.IsType<EaseModel>(ModelFile.Load(saved)).Recency);

        float[] weights = [.. Enumerable.Range(0, 16).Select(static a => (float)Math.Cos(a))];
        using var old = RecommenderContractTests.OlderModelFile(2, EaseModel.KindName, writer =>
        {
            writer.Write(4);
            writer.Write(true);
            ModelFile.WriteArray(writer, weights);
        });
        var loaded = Assert.IsType<EaseModel>(ModelFile.Load(old));
        Assert.Equal(0f, loaded.Recency);
        Assert.Equal(old.Length, old.Position);
        Assert.Equal(weights[6], loaded.Weight(1, 2));
    }

    [Fact]
    public void Scoring_with_recency_allocates_nothing() =>
        RecommenderContractTests.AssertScoringAllocatesNothing(new EaseRecommender(new EaseOptions(5f, Recency: 3f)));

    [Fact]
    public void A_negative_time_scale_or_recency_is_rejected()
    {
        var data = InteractionData.FromSequences([[0, 1], [1, 2]], 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => new EaseRecommender(new EaseOptions(TimeScale: -1f)).Fit(data, TrainingContext.Default));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EaseRecommender(new EaseOptions(Recency: -1f)).Fit(data, TrainingContext.Default));
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

/// <summary>The contract suite for EASE with its Gram matrix weighted by how close in time items were taken up.</summary>
public sealed class TimeEaseRecommenderTests : RecommenderContractTests
{
    protected override IRecommender CreateRecommender() => new EaseRecommender(new EaseOptions(Lambda: 5f, TimeScale: 20f));
}

/// <summary>The contract suite for time-local EASE scored with the newest items weighing most.</summary>
public sealed class SessionEaseRecommenderTests : RecommenderContractTests
{
    protected override IRecommender CreateRecommender() => new EaseRecommender(new EaseOptions(Lambda: 5f, TimeScale: 20f, Recency: 5f));
}
