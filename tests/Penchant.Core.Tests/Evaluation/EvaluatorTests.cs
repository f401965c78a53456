using Penchant.Core.Evaluation;

namespace Penchant.Core.Tests.Evaluation;

/// <summary>
/// The sample of <see cref="EvaluationSplitTests.Sample"/> ranked by fixed scores i0 6 > i1 5 > ... > i5 1, K = 2.
/// User a trains on {i0, i1}: candidates i2 i3 i4 i5, top-2 [i2, i3], relevant {i3, i5} at full ranks 2 and 4.
/// User b trains on {i2}: candidates i0 i1 i3 i4 i5, top-2 [i0, i1], relevant {i0, i4} (i2 is seen) at ranks 1 and 4.
/// User c is cold.
/// </summary>
public sealed class EvaluatorTests
{
    private static readonly Dictionary<string, float> Scores = new()
    {
        ["i0"] = 6,
        ["i1"] = 5,
        ["i2"] = 4,
        ["i3"] = 3,
        ["i4"] = 2,
        ["i5"] = 1,
    };

    private const double Log3 = 1.584962500721156;
    private const double Log5 = 2.321928094887362;

    private static EvaluationResult Run(EvaluationOptions options)
    {
        var split = EvaluationSplit.Build(EvaluationSplitTests.Sample(), "sample");
        return new Evaluator(options).Evaluate("fixed", new FixedScoreRecommender("fixed", Scores), split.Test);
    }

    [Fact]
    public void Full_ranking_metrics_match_the_hand_computed_figures()
    {
        var result = Run(new EvaluationOptions(K: 2));
        var m = result.Metrics;
        var idcg2 = 1 + (1 / Log3);
        Assert.Equal(2, m.Users);
        Assert.Equal(0.5, m.Precision, 10); // 1/2 and 1/2
        Assert.Equal(0.5, m.Recall, 10); // 1/2 and 1/2
        Assert.Equal(1.0, m.HitRate, 10);
        Assert.Equal(0.75, m.Mrr, 10); // 1/2 and 1
        Assert.Equal(0.375, m.Map, 10); // (1/2)/2 and 1/2
        Assert.Equal(((1 / Log3 / idcg2) + (1 / idcg2)) / 2, m.Ndcg, 10);
        Assert.Equal((((1 / Log3) + (1 / Log5)) / idcg2 + (1 + (1 / Log5)) / idcg2) / 2, m.NdcgFull, 10);
        Assert.Equal((0.25 + (4.0 / 6)) / 2, m.Auc, 10); // a: 1 of 4 pairs; b: 4 of 6 pairs
        Assert.Equal(4.0 / 6, m.Coverage, 10);
        Assert.Equal(1, result.ColdUsersSkipped);
        Assert.Equal(1, result.SeenItemsRemoved);
        Assert.Null(m.Sampled);
    }

    [Fact]
    public void Lists_are_top_k_without_training_items()
    {
        var split = EvaluationSplit.Build(EvaluationSplitTests.Sample(), "sample");
        var result = new Evaluator(new EvaluationOptions(K: 2)).Evaluate("fixed", new FixedScoreRecommender("fixed", Scores), split.Test);
        Assert.Equal(["i2", "i3"], result.Lists[0]!.Select(i => split.Items[i]));
        Assert.Equal(["i0", "i1"], result.Lists[1]!.Select(i => split.Items[i]));
        Assert.Null(result.Lists[2]);
    }

    [Fact]
    public void Dropping_unseen_items_removes_them_from_relevant_items_and_candidates()
    {
        // Candidates are i0 i1 i2 only. a: relevant {i3, i5} both unseen, so a is skipped.
        // b: candidates {i0, i1}, relevant {i0}: top-2 [i0, i1].
        var result = Run(new EvaluationOptions(K: 2, UnseenItems: UnseenItemPolicy.Drop));
        Assert.Equal(1, result.Metrics.Users);
        Assert.Equal(3, result.UnseenItemsRemoved);
        Assert.Equal(1, result.EmptyUsersSkipped);
        Assert.Equal(0.5, result.Metrics.Precision, 10);
        Assert.Equal(1.0, result.Metrics.Recall, 10);
        Assert.Equal(1.0, result.Metrics.Auc, 10);
        Assert.Equal(2.0 / 3, result.Metrics.Coverage, 10);
    }

    [Fact]
    public void Including_training_items_lets_them_rank()
    {
        // b now ranks i0 i1 i2 ...: i2 is relevant again and at rank 3.
        var result = Run(new EvaluationOptions(K: 2, ExcludeTrainingItems: false));
        Assert.Equal(0, result.SeenItemsRemoved);
        Assert.Equal(0.25, result.Metrics.Precision, 10); // a: [i0, i1] no hit; b: [i0, i1] one hit
    }

    [Fact]
    public void Sampled_mode_with_every_negative_sampled_equals_full_ranking_auc()
    {
        // With more negatives asked than exist, every non-relevant candidate is in the sample.
        // a: i3 beats i4, loses to i2 (rank 2, hit); i5 ranks 3. b: i0 rank 1; i4 rank 3 (behind i1, i3).
        var result = Run(new EvaluationOptions(K: 2, SampledNegatives: 50));
        var sampled = result.Metrics.Sampled!;
        Assert.Equal(50, sampled.Negatives);
        Assert.Equal(0.5, sampled.HitRate, 10);
        Assert.Equal(result.Metrics.Auc, sampled.Auc, 10);
        Assert.Equal(((1 / Log3 / 2) + 0.5) / 2, sampled.Ndcg, 10);
        Assert.Contains(result.Metrics.Entries(), static e => e.Name == "sampled50_hr@2");
    }

    [Fact]
    public void Sampled_mode_is_seeded()
    {
        var options = new EvaluationOptions(K: 1, SampledNegatives: 2, Seed: 9);
        Assert.Equal(Run(options).Metrics.Sampled, Run(options).Metrics.Sampled);
    }

    [Fact]
    public void Evaluation_is_deterministic_under_parallel_ranking()
    {
        var records = GeneratedRecords(60, 30, seed: 4);
        var split = EvaluationSplit.Build(records, new RandomSplitter(seed: 4), withValidation: false);
        var recommender = new Penchant.Core.Recommenders.ItemKnn.ItemKnnRecommender();
        var evaluator = new Evaluator(new EvaluationOptions(K: 5));
        var a = evaluator.Evaluate("knn", recommender, split.Test).Metrics;
        var b = evaluator.Evaluate("knn", recommender, split.Test).Metrics;
        Assert.Equal(a, b);
        Assert.True(a.Users > 30);
    }

    /// <summary>Two tastes: even users like even items, odd users odd items, with some noise.</summary>
    internal static List<InteractionRecord> GeneratedRecords(int users, int items, int seed)
    {
        var random = new Random(seed);
        var records = new List<InteractionRecord>();
        for (var u = 0; u < users; u++)
        {
            var seen = new HashSet<int>();
            for (var n = 0; n < 10; n++)
            {
                var item = random.Next(items);
                if (random.NextDouble() < 0.85 && item % 2 != u % 2)
                {
                    item = (item + 1) % items;
                }

                if (seen.Add(item))
                {
                    records.Add(new InteractionRecord("u" + u, "i" + item, 1, n));
                }
            }
        }

        return records;
    }
}
