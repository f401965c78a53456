using Penchant.Core.Data;
using Penchant.Core.Numerics;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.SasRec;

namespace Penchant.Core.Exploration;

/// <summary>Options for <see cref="ClusterFeaturizer"/>.</summary>
/// <param name="MassItems">How many of the exploit model's best remaining items feed the mass, count and rank features.</param>
public sealed record ClusterFeatureOptions(int MassItems = 200);

/// <summary>A learned way to score novel clusters: the features and the ranker fitted on them.</summary>
/// <param name="Features">Computes each candidate cluster's features.</param>
/// <param name="Ranker">Scores the feature rows (its <see cref="ClusterRanker.Dimensions"/> must be <see cref="ClusterFeaturizer.Dimensions"/>).</param>
/// <param name="Sharpness">A candidate's prior in the Thompson draw is exp(Sharpness × (score − best score)); 1 = the fitted softmax.</param>
public sealed record LearnedClusterScoring(ClusterFeaturizer Features, ClusterRanker Ranker, double Sharpness = 1.0);

/// <summary>
/// Per (shopper, candidate novel cluster) features for <see cref="ClusterRanker"/>: how each signal the exploration
/// policy has about a cluster new to the shopper speaks for it.
/// </summary>
/// <remarks>
/// The features, in order (<see cref="Names"/>): log of the transition model's probability
/// (<see cref="NovelClusterPredictor"/>, as configured), log of the cluster's first-entry prior, log of its share of the
/// co-occurrence model's positive scores over the novel clusters (0 without the model), log of its share of the exploit
/// model's min-max normalised score mass over its best remaining items, log of its best remaining item's min-max
/// normalised score, −log2(2 + rank) of its first item in the exploit model's ranking (the last rank counted when none is
/// among the best), log of the cluster-sequence SASRec's softmax probability over the novel clusters (0 without the
/// model), log of the cluster's size and log(1 + how many of the exploit model's best items it holds). Candidates are the
/// clusters new to the shopper, minus the excluded ones, that still have an item with a finite score.
/// </remarks>
public sealed class ClusterFeaturizer(NovelClusterPredictor transitions, ClusterCooccurrence? cooccurrence = null, NextInterestModel? sequenceModel = null, ClusterFeatureOptions? options = null)
{
    /// <summary>Features per candidate.</summary>
    public const int Dimensions = 9;

    /// <summary>The features' names, in order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["log transition", "log prior", "log co-occurrence", "log mass", "log affinity", "best rank", "log sequence", "log size", "log top count"];

    public NovelClusterPredictor Transitions { get; } = transitions ?? throw new ArgumentNullException(nameof(transitions));

    public ClusterFeatureOptions Options { get; } = options ?? new ClusterFeatureOptions();

    public ClusterMap Clusters => Transitions.Clusters;

    /// <summary>
    /// Finds the shopper's candidate clusters and their features.
    /// </summary>
    /// <param name="history">The shopper's items, oldest first.</param>
    /// <param name="scores">Exploit scores per item; items not to be shown (seen, already in the slate) are negative infinity.</param>
    /// <param name="popularity">Tie-breaker for a cluster's best item (may be empty).</param>
    /// <param name="excluded">Clusters that may not be candidates (for example those the slate already covers).</param>
    /// <param name="candidates">Receives the candidate clusters.</param>
    /// <param name="bestItems">Receives each candidate's best remaining item.</param>
    /// <param name="features">Receives <see cref="Dimensions"/> features per candidate, row by row.</param>
    public void Compute(ReadOnlySpan<int> history, ReadOnlySpan<float> scores, ReadOnlySpan<float> popularity, IReadOnlySet<int> excluded, List<int> candidates, List<int> bestItems, List<float> features)
    {
        ArgumentNullException.ThrowIfNull(excluded);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(bestItems);
        ArgumentNullException.ThrowIfNull(features);
        candidates.Clear();
        bestItems.Clear();
        features.Clear();
        var n = Clusters.ClusterCount;
        var seen = new HashSet<int>(Clusters.ClustersOf(history));
        var transition = new float[n];
        Transitions.Score(history, transition);
        var wanted = new bool[n];
        for (var c = 0; c < n; c++)
        {
            wanted[c] = !seen.Contains(c) && !excluded.Contains(c);
        }

        if (!wanted.Contains(true))
        {
            return;
        }

        // The best items by score serve both the clusters' best items and their score mass below.
        var top = TopK.Select(scores, Options.MassItems);
        var bestOf = Clusters.BestItems(scores, popularity, top, Options.MassItems, wanted);
        for (var c = 0; c < n; c++)
        {
            if (bestOf[c] >= 0)
            {
                candidates.Add(c);
                bestItems.Add(bestOf[c]);
            }
        }

        if (candidates.Count == 0)
        {
            return;
        }

        var cooc = Shares(cooccurrence is null ? null : s => cooccurrence.Score(seen, s), seen, n, softmax: false);
        var historyItems = history.ToArray();
        var sequence = Shares(sequenceModel is null ? null : s => sequenceModel.ScoreClusters(historyItems, s), seen, n, softmax: true);
        ExplorationPolicy.FiniteRange(scores, out var min, out var max);
        var range = max > min ? max - min : 1f;
        var count = new int[n];
        var firstRank = new int[n];
        Array.Fill(firstRank, Options.MassItems);
        var mass = Clusters.TopMass(top, min, range, count, firstRank);

        var largest = candidates.Max(c => mass[c]);
        for (var j = 0; j < candidates.Count; j++)
        {
            var c = candidates[j];
            features.Add(MathF.Log(Math.Max(transition[c], 1e-9f)));
            features.Add(MathF.Log(Transitions.Prior[c]));
            features.Add(cooc is null ? 0f : MathF.Log(1e-4f + cooc[c]));
            features.Add(MathF.Log(0.01f + (largest > 0 ? mass[c] / largest : 0f)));
            features.Add(MathF.Log(0.01f + ((scores[bestItems[j]] - min) / range)));
            features.Add(-MathF.Log2(2f + firstRank[c]));
            features.Add(sequence is null ? 0f : MathF.Log(1e-6f + sequence[c]));
            features.Add(MathF.Log(Clusters.ItemsOf(c).Length));
            features.Add(MathF.Log(1f + count[c]));
        }
    }

    /// <summary>
    /// The ranker's training choices: for each (shopper, held-out item) pair whose item opens a cluster new to the
    /// shopper and not covered by the exploit model's first <paramref name="coveredSlots"/> items, that shopper's
    /// candidates' features and the held-out item's cluster as the target. Pairs whose target is not a candidate are
    /// skipped. The order of the result follows <paramref name="pairs"/>.
    /// </summary>
    /// <param name="model">The exploit model, fitted on <paramref name="train"/>.</param>
    /// <param name="train">The training data the shoppers' histories come from.</param>
    /// <param name="pairs">(user, held-out item) pairs; none may come from the fold that is evaluated with the fitted ranker.</param>
    /// <param name="coveredSlots">How many exploit items the slate shows (their clusters are not candidates).</param>
    public IReadOnlyList<ClusterRankingGroup> CollectGroups(IRecommenderModel model, InteractionData train, IReadOnlyList<(int User, int Item)> pairs, int coveredSlots)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(pairs);
        var popularity = new float[train.ItemCount];
        foreach (var c in train.Matrix.ColumnIndices)
        {
            popularity[c]++;
        }

        var groups = new ClusterRankingGroup?[pairs.Count];
        Parallel.For(0, pairs.Count, () => new float[train.ItemCount], (t, _, scores) =>
        {
            var (user, item) = pairs[t];
            var target = Clusters.ClusterOf(item);
            var query = UserQuery.FromTraining(train, user);
            if (target < 0 || Clusters.ClustersOf(query.Sequence).Contains(target))
            {
                return scores;
            }

            model.Score(query, scores);
            foreach (var seen in query.Items)
            {
                scores[seen] = float.NegativeInfinity;
            }

            var covered = new HashSet<int>();
            foreach (var top in TopK.Select(scores, coveredSlots))
            {
                covered.Add(Clusters.ClusterOf(top.Item));
                scores[top.Item] = float.NegativeInfinity;
            }

            List<int> candidates = [], best = [];
            List<float> features = [];
            Compute(query.Sequence, scores, popularity, covered, candidates, best, features);
            var row = candidates.IndexOf(target);
            if (row >= 0)
            {
                groups[t] = new ClusterRankingGroup([.. features], row);
            }

            return scores;
        }, static _ => { });
        return [.. groups.OfType<ClusterRankingGroup>()];
    }

    /// <summary>Each novel cluster's share of a model's distribution over the novel clusters (softmax of the scores, or their positive part), or null.</summary>
    private static float[]? Shares(SpanAction? score, HashSet<int> seen, int n, bool softmax)
    {
        if (score is null)
        {
            return null;
        }

        var s = new float[n];
        score(s);
        var max = float.NegativeInfinity;
        for (var c = 0; c < n; c++)
        {
            if (!seen.Contains(c))
            {
                max = Math.Max(max, s[c]);
            }
        }

        double sum = 0;
        for (var c = 0; c < n; c++)
        {
            s[c] = seen.Contains(c) ? 0f : softmax ? MathF.Exp(s[c] - max) : Math.Max(0f, s[c]);
            sum += s[c];
        }

        if (sum <= 0)
        {
            return s;
        }

        for (var c = 0; c < n; c++)
        {
            s[c] = (float)(s[c] / sum);
        }

        return s;
    }

    private delegate void SpanAction(Span<float> scores);
}
