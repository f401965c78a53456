using System.Diagnostics;
using Penchant.Core.Numerics;
using Penchant.Core.Recommenders;

namespace Penchant.Core.Evaluation;

/// <summary>
/// Fits a model on a fold's training data, ranks the candidates for every held-out user in parallel and
/// computes <see cref="MetricReport"/>.
/// </summary>
/// <remarks>
/// Full ranking: every item is scored; the user's training items are removed when
/// <see cref="EvaluationOptions.ExcludeTrainingItems"/> is set, and, under <see cref="UnseenItemPolicy.Drop"/>,
/// items without training records. Ties rank the lower item index first, as <see cref="TopK"/> does, so the
/// top-K list and the full-list ranks agree. Each user is ranked with <see cref="UserQuery.FromTraining"/>.
/// </remarks>
public sealed class Evaluator(EvaluationOptions? options = null)
{
    public EvaluationOptions Options { get; } = options ?? new EvaluationOptions();

    /// <summary>Fits <paramref name="recommender"/> on <paramref name="fold"/>'s training data and evaluates it.</summary>
    public EvaluationResult Evaluate(string label, IRecommender recommender, EvaluationFold fold, TrainingContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(recommender);
        ArgumentNullException.ThrowIfNull(fold);
        var watch = Stopwatch.StartNew();
        var model = recommender.Fit(fold.Train, context ?? TrainingContext.Default);
        var fitTime = watch.Elapsed;
        return Evaluate(label, model, fold, context?.Cancellation ?? default) with { FitTime = fitTime };
    }

    /// <summary>Evaluates an already fitted <paramref name="model"/> on <paramref name="fold"/>.</summary>
    public EvaluationResult Evaluate(string label, IRecommenderModel model, EvaluationFold fold, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(fold);
        var watch = Stopwatch.StartNew();
        var train = fold.Train;
        var itemCount = train.ItemCount;
        if (model.ItemCount != itemCount)
        {
            throw new ArgumentException($"The model scores {model.ItemCount} items but the fold has {itemCount}.", nameof(model));
        }

        var k = Math.Max(1, Options.K);
        var popularity = fold.ItemUserCount;
        var globalCandidate = new bool[itemCount];
        for (var i = 0; i < itemCount; i++)
        {
            globalCandidate[i] = Options.UnseenItems == UnseenItemPolicy.Keep || popularity[i] > 0;
        }

        var catalogueSize = globalCandidate.Count(static c => c);
        var trainingUsers = 0;
        for (var u = 0; u < train.UserCount; u++)
        {
            trainingUsers += train.Matrix.RowLength(u) > 0 ? 1 : 0;
        }

        var percentiles = BeyondAccuracyMetrics.PopularityPercentiles(popularity);
        IItemSimilarity similarity = Options.ItemFeatures is { } features
            ? new FeatureJaccardSimilarity(features)
            : new InteractionCosineSimilarity(train.Matrix);

        var users = train.UserCount;
        var rows = new UserRow?[users];
        var lists = new int[]?[users];
        var cold = 0;
        var empty = 0;
        var seenRemoved = 0;
        var unseenRemoved = 0;
        Parallel.For(
            0,
            users,
            new ParallelOptions { CancellationToken = cancellation },
            () => new float[itemCount],
            (u, _, scores) =>
            {
                var heldOut = fold.HeldOut[u];
                if (heldOut.Length == 0)
                {
                    return scores;
                }

                if (train.Matrix.RowLength(u) == 0)
                {
                    Interlocked.Increment(ref cold);
                    return scores;
                }

                var query = UserQuery.FromTraining(train, u);
                model.Score(query, scores);
                var candidates = catalogueSize;
                for (var i = 0; i < itemCount; i++)
                {
                    // A candidate the model cannot score still ranks (last); excluded items never do.
                    scores[i] = !globalCandidate[i] ? float.NegativeInfinity
                        : float.IsNaN(scores[i]) || float.IsNegativeInfinity(scores[i]) ? float.MinValue
                        : scores[i];
                }

                if (Options.ExcludeTrainingItems)
                {
                    foreach (var item in query.Items)
                    {
                        if (globalCandidate[item])
                        {
                            scores[item] = float.NegativeInfinity;
                            candidates--;
                        }
                    }
                }

                var relevant = new List<int>(heldOut.Length);
                foreach (var item in heldOut)
                {
                    if (!globalCandidate[item])
                    {
                        Interlocked.Increment(ref unseenRemoved);
                    }
                    else if (Options.ExcludeTrainingItems && query.Items.AsSpan().BinarySearch(item) >= 0)
                    {
                        Interlocked.Increment(ref seenRemoved);
                    }
                    else
                    {
                        relevant.Add(item);
                    }
                }

                if (relevant.Count == 0)
                {
                    Interlocked.Increment(ref empty);
                    return scores;
                }

                var top = TopK.Select(scores, k);
                var list = Array.ConvertAll(top, static s => s.Item);
                lists[u] = list;
                rows[u] = Measure(u, scores, list, relevant, candidates, k, popularity, trainingUsers, percentiles, similarity);
                return scores;
            },
            static _ => { });

        var evaluated = rows.Where(static r => r is not null).Select(static r => r!.Value).ToArray();
        var metrics = new MetricReport
        {
            K = k,
            Users = evaluated.Length,
            Precision = Mean(evaluated, static r => r.Precision),
            Recall = Mean(evaluated, static r => r.Recall),
            Ndcg = Mean(evaluated, static r => r.Ndcg),
            Map = Mean(evaluated, static r => r.Map),
            HitRate = Mean(evaluated, static r => r.HitRate),
            Mrr = Mean(evaluated, static r => r.Mrr),
            Auc = Mean(evaluated, static r => r.Auc),
            NdcgFull = Mean(evaluated, static r => r.NdcgFull),
            Coverage = BeyondAccuracyMetrics.Coverage(lists, catalogueSize),
            Novelty = Mean(evaluated, static r => r.Novelty),
            Diversity = Mean(evaluated, static r => r.Diversity),
            Arp = Mean(evaluated, static r => r.Arp),
            PopularityPercentile = Mean(evaluated, static r => r.PopularityPercentile),
            Sampled = Options.SampledNegatives > 0
                ? new SampledMetricReport(
                    Options.SampledNegatives,
                    Mean(evaluated, static r => r.SampledHitRate),
                    Mean(evaluated, static r => r.SampledNdcg),
                    Mean(evaluated, static r => r.SampledMrr),
                    Mean(evaluated, static r => r.SampledAuc))
                : null,
        };

        return new EvaluationResult
        {
            Label = label,
            Metrics = metrics,
            Lists = lists,
            ColdUsersSkipped = cold,
            EmptyUsersSkipped = empty,
            SeenItemsRemoved = seenRemoved,
            UnseenItemsRemoved = unseenRemoved,
            RankTime = watch.Elapsed,
        };
    }

    private UserRow Measure(
        int user,
        float[] scores,
        int[] list,
        List<int> relevant,
        int candidates,
        int k,
        IReadOnlyList<int> popularity,
        int trainingUsers,
        double[] percentiles,
        IItemSimilarity similarity)
    {
        var relevantSet = new HashSet<int>(relevant);
        Span<bool> hits = list.Length <= 256 ? stackalloc bool[list.Length] : new bool[list.Length];
        for (var i = 0; i < list.Length; i++)
        {
            hits[i] = relevantSet.Contains(list[i]);
        }

        var ranks = FullRanks(scores, relevant);
        var percentile = 0.0;
        foreach (var item in list)
        {
            percentile += percentiles[item];
        }

        var row = new UserRow
        {
            Precision = RankingMetrics.Precision(hits, k),
            Recall = RankingMetrics.Recall(hits, relevant.Count, k),
            Ndcg = RankingMetrics.Ndcg(hits, relevant.Count, k),
            Map = RankingMetrics.AveragePrecision(hits, relevant.Count, k),
            HitRate = RankingMetrics.HitRate(hits, k),
            Mrr = RankingMetrics.ReciprocalRank(hits, k),
            Auc = RankingMetrics.Auc(ranks, candidates),
            NdcgFull = RankingMetrics.FullNdcg(ranks),
            Novelty = list.Length == 0 ? double.NaN : BeyondAccuracyMetrics.Novelty(list, popularity, trainingUsers),
            Diversity = BeyondAccuracyMetrics.IntraListDiversity(list, similarity),
            Arp = list.Length == 0 ? double.NaN : BeyondAccuracyMetrics.AveragePopularity(list, popularity),
            PopularityPercentile = list.Length == 0 ? double.NaN : percentile / list.Length,
        };

        if (Options.SampledNegatives > 0)
        {
            row = Sampled(row, user, scores, relevant, relevantSet, k);
        }

        return row;
    }

    /// <summary>
    /// The 1-based rank of each relevant item among the candidates (excluded items score -infinity, candidates
    /// never do), ties broken by lower index.
    /// </summary>
    private static int[] FullRanks(float[] scores, List<int> relevant)
    {
        var ranks = new int[relevant.Count];
        for (var r = 0; r < relevant.Count; r++)
        {
            var item = relevant[r];
            var s = scores[item];
            var above = 0;
            for (var j = 0; j < scores.Length; j++)
            {
                var t = scores[j];
                if (t > s || (t == s && j < item))
                {
                    above++;
                }
            }

            ranks[r] = above + 1;
        }

        return ranks;
    }

    private UserRow Sampled(UserRow row, int user, float[] scores, List<int> relevant, HashSet<int> relevantSet, int k)
    {
        // Per-user seed so parallel order does not matter.
        var random = new Random(unchecked(Options.Seed + (user * 1_000_003)));
        var pool = new List<int>();
        for (var i = 0; i < scores.Length; i++)
        {
            if (!float.IsNegativeInfinity(scores[i]) && !relevantSet.Contains(i))
            {
                pool.Add(i);
            }
        }

        double hr = 0, ndcg = 0, mrr = 0, auc = 0;
        var n = Math.Min(Options.SampledNegatives, pool.Count);
        foreach (var item in relevant)
        {
            // Partial Fisher-Yates: the first n entries of the pool become a uniform sample without replacement.
            for (var i = 0; i < n; i++)
            {
                var j = i + random.Next(pool.Count - i);
                (pool[i], pool[j]) = (pool[j], pool[i]);
            }

            var s = scores[item];
            var above = 0;
            for (var i = 0; i < n; i++)
            {
                var neg = pool[i];
                if (scores[neg] > s || (scores[neg] == s && neg < item))
                {
                    above++;
                }
            }

            var rank = above + 1;
            if (rank <= k)
            {
                hr += 1;
                ndcg += RankingMetrics.Discount(rank);
                mrr += 1.0 / rank;
            }

            auc += n == 0 ? double.NaN : (double)(n - above) / n;
        }

        var m = relevant.Count;
        return row with { SampledHitRate = hr / m, SampledNdcg = ndcg / m, SampledMrr = mrr / m, SampledAuc = auc / m };
    }

    /// <summary>The mean over rows of the non-NaN values (NaN when there are none).</summary>
    private static double Mean(UserRow[] rows, Func<UserRow, double> select)
    {
        var sum = 0.0;
        var count = 0;
        foreach (var row in rows)
        {
            var v = select(row);
            if (!double.IsNaN(v))
            {
                sum += v;
                count++;
            }
        }

        return count == 0 ? double.NaN : sum / count;
    }

    private readonly record struct UserRow
    {
        public double Precision { get; init; }

        public double Recall { get; init; }

        public double Ndcg { get; init; }

        public double Map { get; init; }

        public double HitRate { get; init; }

        public double Mrr { get; init; }

        public double Auc { get; init; }

        public double NdcgFull { get; init; }

        public double Novelty { get; init; }

        public double Diversity { get; init; }

        public double Arp { get; init; }

        public double PopularityPercentile { get; init; }

        public double SampledHitRate { get; init; }

        public double SampledNdcg { get; init; }

        public double SampledMrr { get; init; }

        public double SampledAuc { get; init; }
    }
}
