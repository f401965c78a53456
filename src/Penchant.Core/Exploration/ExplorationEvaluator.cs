using System.Collections.Concurrent;
using Penchant.Core.Data;
using Penchant.Core.Numerics;
using Penchant.Core.Recommenders;

namespace Penchant.Core.Exploration;

/// <summary>Options for <see cref="ExplorationEvaluator"/>.</summary>
/// <param name="K">Slate length.</param>
/// <param name="ExploreShare">Share of slots that explore.</param>
/// <param name="Seed">Seed of the per-shopper Thompson draws.</param>
/// <param name="Policy">The exploration policy's options (defaults when null).</param>
/// <param name="Budget">
/// A per-shopper budget; when given it decides each shopper's explore slots (calibrated to its own share
/// over the evaluated shoppers' training histories) and <paramref name="ExploreShare"/> is ignored.
/// </param>
/// <param name="Learned">When given, the policy scores novel clusters with this learned ranker (<see cref="ExplorationPolicy.Learned"/>).</param>
public sealed record ExplorationEvaluationOptions(int K = 10, double ExploreShare = 0.2, int Seed = 42, ExplorationOptions? Policy = null, ExplorationBudget? Budget = null, LearnedClusterScoring? Learned = null);

/// <summary>Exploit-only against exploring, side by side, on one held-out next item per shopper.</summary>
/// <param name="Users">Shoppers evaluated.</param>
/// <param name="NdcgExploit">NDCG@K of the exploit-only list.</param>
/// <param name="NdcgExplore">NDCG@K of the exploring slate.</param>
/// <param name="HitsExploit">Novel-cluster hit rate of the exploit-only list (all its slots).</param>
/// <param name="HitsExplore">Novel-cluster hit rate of the exploring slate (all its slots).</param>
/// <param name="HitsExploreSlots">Novel-cluster hit rate of the explore slots alone.</param>
/// <param name="NoveltyExploit">Mean self-information of the exploit-only list.</param>
/// <param name="NoveltyExplore">Mean self-information of the exploring slate.</param>
/// <param name="SerendipityExploit">Serendipity of the exploit-only list (expected = popularity's top K).</param>
/// <param name="SerendipityExplore">Serendipity of the exploring slate.</param>
/// <param name="ExploreSlotShare">Explore slots actually filled, over all slots shown (the realised exploration share).</param>
/// <param name="NdcgCostStandardError">Standard error of <see cref="NdcgCost"/> over shoppers (delta method for a ratio of paired means).</param>
public sealed record ExplorationEvaluation(
    int Users,
    double NdcgExploit,
    double NdcgExplore,
    NovelClusterHitRate HitsExploit,
    NovelClusterHitRate HitsExplore,
    NovelClusterHitRate HitsExploreSlots,
    double NoveltyExploit,
    double NoveltyExplore,
    double SerendipityExploit,
    double SerendipityExplore,
    double ExploreSlotShare,
    double NdcgCostStandardError)
{
    /// <summary>Relative NDCG lost by exploring (0.05 = 5%).</summary>
    public double NdcgCost => NdcgExploit == 0 ? 0 : (NdcgExploit - NdcgExplore) / NdcgExploit;
}

/// <summary>
/// Measures what exploring costs and gains: for each shopper with a held-out next item, ranks with the
/// exploit model alone and with <see cref="ExplorationPolicy"/> on top, over all items not seen in training.
/// </summary>
public static class ExplorationEvaluator
{
    public static ExplorationEvaluation Evaluate(
        IRecommenderModel model,
        InteractionData train,
        IReadOnlyList<(int User, int Item)> test,
        NovelClusterPredictor predictor,
        ExplorationEvaluationOptions? options = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(predictor);
        options ??= new ExplorationEvaluationOptions();
        var k = options.K;
        var clusters = predictor.Clusters;
        var userCounts = new int[train.ItemCount];
        foreach (var c in train.Matrix.ColumnIndices)
        {
            userCounts[c]++;
        }

        var popularity = userCounts.Select(static c => (float)c).ToArray();
        var expected = new HashSet<int>(TopK.Select(popularity, k).Select(static s => s.Item));
        var policy = new ExplorationPolicy(predictor, new ExplorationState(), options.Policy) { Learned = options.Learned };
        var budget = options.Budget?.Calibrate([.. test.Select(t => UserQuery.FromTraining(train, t.User).Sequence)], k);
        var rows = new ConcurrentBag<Row>();
        Parallel.For(0, test.Count, new ParallelOptions { CancellationToken = cancellation }, () => new float[train.ItemCount], (t, _, scores) =>
        {
            var (user, item) = test[t];
            var query = UserQuery.FromTraining(train, user);
            model.Score(query, scores);
            foreach (var seen in query.Items)
            {
                scores[seen] = float.NegativeInfinity;
            }

            var exploit = TopK.Select(scores, k).Select(static s => s.Item).ToArray();
            // Not HashCode.Combine: its seed changes per process, so the same run would draw differently twice.
            var rng = new Random(unchecked((options.Seed * 1_000_003) + user));
            var slate = policy.Build(user.ToString(System.Globalization.CultureInfo.InvariantCulture), scores, popularity, query.Sequence, k, rng, budget?.ShareFor(query.Sequence, k) ?? options.ExploreShare);
            var explore = slate.Select(static s => s.Item).ToArray();
            var history = new HashSet<int>(clusters.ClustersOf(query.Sequence));
            var relevant = new HashSet<int> { item };
            rows.Add(new Row(
                Ndcg(exploit, item),
                Ndcg(explore, item),
                history,
                clusters.ClusterOf(item),
                [.. exploit.Select(clusters.ClusterOf)],
                [.. explore.Select(clusters.ClusterOf)],
                [.. slate.Where(static s => s.Kind == SlotKind.Explore).Select(static s => s.Cluster)],
                ExplorationMetrics.Novelty(exploit, userCounts, train.UserCount),
                ExplorationMetrics.Novelty(explore, userCounts, train.UserCount),
                ExplorationMetrics.Serendipity(exploit, relevant, expected),
                ExplorationMetrics.Serendipity(explore, relevant, expected),
                slate.Count(static s => s.Kind == SlotKind.Explore)));
            return scores;
        }, static _ => { });

        var all = rows.ToList();
        if (all.Count == 0)
        {
            var none = new NovelClusterHitRate(0, 0);
            return new ExplorationEvaluation(0, 0, 0, none, none, none, 0, 0, 0, 0, 0, 0);
        }

        return new ExplorationEvaluation(
            all.Count,
            all.Average(static r => r.NdcgExploit),
            all.Average(static r => r.NdcgExplore),
            ExplorationMetrics.NovelClusterHits(all.Select(static r => (r.History, r.Next, (IReadOnlyCollection<int>)r.ExploitClusters))),
            ExplorationMetrics.NovelClusterHits(all.Select(static r => (r.History, r.Next, (IReadOnlyCollection<int>)r.ExploreClusters))),
            ExplorationMetrics.NovelClusterHits(all.Select(static r => (r.History, r.Next, (IReadOnlyCollection<int>)r.ExploreSlotClusters))),
            all.Average(static r => r.NoveltyExploit),
            all.Average(static r => r.NoveltyExplore),
            all.Average(static r => r.SerendipityExploit),
            all.Average(static r => r.SerendipityExplore),
            all.Sum(static r => r.ExploreSlots) / ((double)all.Count * k),
            CostStandardError(all));
    }

    // cost = mean(e − x) / mean(e); its linearisation per shopper is ((e − x) − cost·e) / mean(e).
    private static double CostStandardError(List<Row> rows)
    {
        var meanExploit = rows.Average(static r => r.NdcgExploit);
        if (meanExploit == 0 || rows.Count < 2)
        {
            return 0;
        }

        var cost = (meanExploit - rows.Average(static r => r.NdcgExplore)) / meanExploit;
        var terms = rows.Select(r => ((r.NdcgExploit - r.NdcgExplore) - (cost * r.NdcgExploit)) / meanExploit).ToArray();
        var mean = terms.Average();
        var variance = terms.Sum(t => (t - mean) * (t - mean)) / (terms.Length - 1);
        return Math.Sqrt(variance / terms.Length);
    }

    private static double Ndcg(int[] list, int item)
    {
        var rank = Array.IndexOf(list, item);
        return rank < 0 ? 0 : 1.0 / Math.Log2(rank + 2);
    }

    private sealed record Row(
        double NdcgExploit,
        double NdcgExplore,
        IReadOnlySet<int> History,
        int Next,
        HashSet<int> ExploitClusters,
        HashSet<int> ExploreClusters,
        HashSet<int> ExploreSlotClusters,
        double NoveltyExploit,
        double NoveltyExplore,
        double SerendipityExploit,
        double SerendipityExplore,
        int ExploreSlots);
}
