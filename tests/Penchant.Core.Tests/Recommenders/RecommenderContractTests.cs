using Penchant.Core.Data;
using Penchant.Core.Numerics;
using Penchant.Core.Recommenders;

namespace Penchant.Core.Tests.Recommenders;

/// <summary>
/// The contract every recommender passes. Each algorithm's test class derives from this and supplies
/// <see cref="CreateRecommender"/>; algorithm-specific tests sit beside it.
/// </summary>
public abstract class RecommenderContractTests
{
    /// <summary>The recommender under test, configured to train quickly on small data.</summary>
    protected abstract IRecommender CreateRecommender();

    /// <summary>False for non-personalised models (popularity), which skip the checkerboard.</summary>
    protected virtual bool IsPersonalized => true;

    /// <summary>
    /// A checkerboard: user u interacted with every item i where (u + i) is even, except item u itself
    /// (the withheld diagonal). Items of the same parity form one taste; the withheld item is the obvious
    /// next one. Sequences run through the user's items in ascending order.
    /// </summary>
    public static InteractionData Checkerboard(int size = 40)
    {
        var sequences = new int[size][];
        for (var u = 0; u < size; u++)
        {
            sequences[u] = [.. Enumerable.Range(0, size).Where(i => (u + i) % 2 == 0 && i != u)];
        }

        return InteractionData.FromSequences(sequences, size);
    }

    /// <summary>
    /// A model file as an older format <paramref name="version"/> wrote it: the header, then the payload
    /// <paramref name="payload"/> writes; positioned at its start.
    /// </summary>
    public static MemoryStream OlderModelFile(int version, string kind, Action<BinaryWriter> payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("PNCHMDL1"u8);
            writer.Write(version);
            writer.Write(kind);
            payload(writer);
        }

        stream.Position = 0;
        return stream;
    }

    /// <summary>
    /// Fits <paramref name="recommender"/> on the <see cref="Checkerboard"/> and asserts that scoring each of
    /// <paramref name="queries"/> (a known user's, by default) allocates nothing once warm.
    /// </summary>
    public static void AssertScoringAllocatesNothing(IRecommender recommender, params UserQuery[] queries)
    {
        var data = Checkerboard();
        var model = recommender.Fit(data, TrainingContext.Default);
        queries = queries.Length == 0 ? [UserQuery.FromTraining(data, 5)] : queries;
        var scores = new float[model.ItemCount];
        foreach (var query in queries)
        {
            model.Score(query, scores);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var r = 0; r < 20; r++)
        {
            foreach (var query in queries)
            {
                model.Score(query, scores);
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public virtual void Withheld_diagonal_item_comes_first_and_other_parity_stays_out_of_the_top()
    {
        if (!IsPersonalized)
        {
            return;
        }

        var data = Checkerboard();
        var model = CreateRecommender().Fit(data, TrainingContext.Default);
        var misses = 0;
        for (var u = 0; u < data.UserCount; u++)
        {
            var top = model.Recommend(UserQuery.FromTraining(data, u), 1);
            Assert.Single(top);
            if (top[0].Item != u)
            {
                misses++;
            }
        }

        Assert.True(misses == 0, $"{misses} of {data.UserCount} users did not get their withheld diagonal item first.");
    }

    [Fact]
    public void Recommendations_exclude_seen_items_and_are_sorted()
    {
        var data = Checkerboard();
        var model = CreateRecommender().Fit(data, TrainingContext.Default);
        var query = UserQuery.FromTraining(data, 3);
        var top = model.Recommend(query, 10);
        Assert.NotEmpty(top);
        Assert.DoesNotContain(top, s => query.Items.Contains(s.Item));
        for (var i = 1; i < top.Length; i++)
        {
            Assert.True(top[i - 1].Score >= top[i].Score);
        }
    }

    [Fact]
    public void Unknown_user_gets_finite_scores_and_unknown_item_gets_no_neighbours()
    {
        var data = Checkerboard();
        var model = CreateRecommender().Fit(data, TrainingContext.Default);
        var scores = new float[model.ItemCount];
        model.Score(UserQuery.Anonymous, scores);
        Assert.All(scores, s => Assert.True(float.IsFinite(s)));
        Assert.Empty(model.SimilarItems(-1, 5));
        Assert.Empty(model.SimilarItems(model.ItemCount + 7, 5));
    }

    [Fact]
    public virtual void History_unseen_in_training_is_used_for_a_new_user()
    {
        if (!IsPersonalized)
        {
            return;
        }

        var data = Checkerboard();
        var model = CreateRecommender().Fit(data, TrainingContext.Default);
        // A new shopper who took even items 0..10: the rest of the top should be even too.
        var query = UserQuery.FromSequence(-1, [0, 2, 4, 6, 8, 10]);
        var top = model.Recommend(query, 5);
        Assert.Equal(5, top.Length);
        Assert.All(top, s => Assert.True(s.Item % 2 == 0, $"item {s.Item} is of the other taste"));
    }

    /// <summary>
    /// A model that answers one pair (<see cref="IItemPairSimilarity"/>, which explanations use) must agree with
    /// the full <see cref="IRecommenderModel.ScoreSimilar"/> row. The hybrid's pair similarity is deliberately
    /// unnormalised and has its own test.
    /// </summary>
    [Fact]
    public void Pair_similarity_agrees_with_the_similarity_row()
    {
        var data = Checkerboard(20);
        var model = CreateRecommender().Fit(data, TrainingContext.Default);
        if (model is not IItemPairSimilarity pairs || model is Penchant.Core.Recommenders.Hybrid.HybridModel)
        {
            return;
        }

        var row = new float[model.ItemCount];
        for (var a = 0; a < model.ItemCount; a++)
        {
            model.ScoreSimilar(a, row);
            for (var b = 0; b < model.ItemCount; b++)
            {
                Assert.Equal(row[b], pairs.Similarity(a, b), 4);
            }
        }

        Assert.Equal(0f, pairs.Similarity(-1, 0));
        Assert.Equal(0f, pairs.Similarity(0, model.ItemCount));
    }

    [Fact]
    public void Batch_equals_single()
    {
        var data = Checkerboard();
        var model = CreateRecommender().Fit(data, TrainingContext.Default);
        var queries = Enumerable.Range(0, data.UserCount).Select(u => UserQuery.FromTraining(data, u)).ToList();
        var batch = model.RecommendBatch(queries, 7);
        for (var u = 0; u < queries.Count; u++)
        {
            Assert.Equal(model.Recommend(queries[u], 7), batch[u]);
        }
    }

    [Fact]
    public void Same_seed_same_output()
    {
        var data = Checkerboard();
        var a = CreateRecommender().Fit(data, new TrainingContext(Seed: 7));
        var b = CreateRecommender().Fit(data, new TrainingContext(Seed: 7));
        for (var u = 0; u < data.UserCount; u += 5)
        {
            var q = UserQuery.FromTraining(data, u);
            Assert.Equal(ScoresOf(a, q), ScoresOf(b, q));
        }
    }

    [Fact]
    public void Save_load_round_trip_keeps_every_score()
    {
        var data = Checkerboard();
        var model = CreateRecommender().Fit(data, TrainingContext.Default);
        using var stream = new MemoryStream();
        ModelFile.Save(model, stream);
        stream.Position = 0;
        var loaded = ModelFile.Load(stream);
        Assert.Equal(model.Kind, loaded.Kind);
        Assert.Equal(model.ItemCount, loaded.ItemCount);
        for (var u = 0; u < data.UserCount; u += 3)
        {
            var q = UserQuery.FromTraining(data, u);
            Assert.Equal(ScoresOf(model, q), ScoresOf(loaded, q));
        }

        var sa = new float[model.ItemCount];
        var sb = new float[model.ItemCount];
        model.ScoreSimilar(2, sa);
        loaded.ScoreSimilar(2, sb);
        Assert.Equal(sa, sb);
    }

    protected static float[] ScoresOf(IRecommenderModel model, UserQuery query)
    {
        ArgumentNullException.ThrowIfNull(model);
        var scores = new float[model.ItemCount];
        model.Score(query, scores);
        return scores;
    }

    protected static ScoredItem[] Top(IRecommenderModel model, UserQuery query, int k) => model.Recommend(query, k);
}
