using System.Numerics.Tensors;
using Penchant.Core.Numerics;
using Penchant.Core.Recommenders.SasRec;

namespace Penchant.Core.Exploration;

/// <summary>Options for <see cref="NovelClusterPredictor"/>.</summary>
/// <param name="Context">How many of the shopper's most recent distinct clusters condition the prediction.</param>
/// <param name="RecencyDecay">Weight of the k-th most recent context cluster is RecencyDecay^k.</param>
/// <param name="Smoothing">Pseudo-count mixing the first-entry prior into each transition row.</param>
/// <param name="Diversify">
/// Exponent β of the popularity discount: transition scores are divided by prior(c)^β, so the commonest
/// first entries do not drown the rest (0 = plain conditional probability, 1 = pure lift).
/// </param>
/// <param name="ItemSmoothing">
/// When set, each context cluster is represented by the shopper's last item in it: the item's own first-entry
/// transitions, with this pseudo-count of its cluster's row mixed in (a back-off from item to cluster).
/// Null conditions on clusters only.
/// </param>
public sealed record NovelClusterOptions(int Context = 3, double RecencyDecay = 0.5, double Smoothing = 1.0, double Diversify = 0.5, double? ItemSmoothing = null);

/// <summary>
/// Predicts interest clusters that are new to a shopper, from a transition model learned from every
/// shopper's first entries into clusters.
/// </summary>
/// <remarks>
/// Following the novel-interest idea of Wang et al., "Large Language Models for Interest Exploration in
/// Recommendation Systems" (RecSys 2024, arXiv 2405.16363): predict a cluster the shopper has not engaged
/// with, then retrieve items inside it. Here the predictor is a count model: whenever a shopper enters a
/// cluster for the first time, the step from each of their recent clusters to it is counted, weighted by
/// recency. Scores are smoothed toward the first-entry prior and divided by prior^β to diversify. With
/// <see cref="NovelClusterOptions.ItemSmoothing"/> set, the step is also counted from the shopper's last item in
/// each recent cluster, and that item's row (backed off to its cluster's row) is used instead.
/// <see cref="WithSequenceModel"/> blends in the SASRec transformer over cluster sequences
/// (<see cref="NextInterestModel"/>) and <see cref="WithCooccurrence"/> the clusters held together across
/// shoppers (<see cref="ClusterCooccurrence"/>): each distribution is renormalised over the clusters new to the
/// shopper and mixed before the diversifying discount.
/// </remarks>
public sealed class NovelClusterPredictor
{
    private readonly float[] _transitions; // clusterCount x clusterCount, row-normalised and smoothed
    private readonly float[] _prior;
    private readonly Dictionary<long, float> _itemCounts; // (item × clusterCount + cluster) → first-entry count from that item
    private readonly float[] _itemTotals; // per item, the sum of its first-entry counts

    private readonly NextInterestModel? _sequenceModel;
    private readonly ClusterCooccurrence? _cooccurrence;

    private NovelClusterPredictor(
        ClusterMap clusters,
        NovelClusterOptions options,
        float[] transitions,
        float[] prior,
        Dictionary<long, float> itemCounts,
        float[] itemTotals,
        NextInterestModel? sequenceModel = null,
        double sequenceWeight = 0,
        ClusterCooccurrence? cooccurrence = null,
        double cooccurrenceWeight = 0)
    {
        Clusters = clusters;
        Options = options;
        _transitions = transitions;
        _prior = prior;
        _itemCounts = itemCounts;
        _itemTotals = itemTotals;
        _sequenceModel = sequenceModel;
        SequenceWeight = sequenceWeight;
        _cooccurrence = cooccurrence;
        CooccurrenceWeight = cooccurrenceWeight;
    }

    /// <summary>The weight of the sequence model in the blend (0 = transition model only).</summary>
    public double SequenceWeight { get; }

    /// <summary>The weight of the cluster co-occurrence model in the blend (0 = none).</summary>
    public double CooccurrenceWeight { get; }

    public ClusterMap Clusters { get; }

    public NovelClusterOptions Options { get; }

    /// <summary>The share of first entries that went into each cluster.</summary>
    public ReadOnlySpan<float> Prior => _prior;

    /// <summary>Learns the transition model from chronological item sequences.</summary>
    public static NovelClusterPredictor Fit(IReadOnlyList<int[]> sequences, ClusterMap clusters, NovelClusterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(clusters);
        options ??= new NovelClusterOptions();
        var n = clusters.ClusterCount;
        var counts = new double[n * n];
        var firsts = new double[n];
        var seen = new HashSet<int>();
        var recent = new List<int>();
        var lastItem = new Dictionary<int, int>();
        var itemCounts = new Dictionary<long, float>();
        var itemTotals = new float[options.ItemSmoothing is null ? 0 : clusters.ItemCount];
        foreach (var sequence in sequences)
        {
            seen.Clear();
            recent.Clear();
            lastItem.Clear();
            foreach (var item in sequence)
            {
                var c = clusters.ClusterOf(item);
                if (c < 0)
                {
                    continue;
                }

                if (seen.Add(c))
                {
                    firsts[c]++;
                    var w = 1.0;
                    for (var k = recent.Count - 1; k >= 0 && recent.Count - k <= options.Context; k--)
                    {
                        counts[(recent[k] * n) + c] += w;
                        if (itemTotals.Length > 0)
                        {
                            var from = lastItem[recent[k]];
                            var key = ((long)from * n) + c;
                            itemCounts[key] = itemCounts.GetValueOrDefault(key) + (float)w;
                            itemTotals[from] += (float)w;
                        }

                        w *= options.RecencyDecay;
                    }
                }

                recent.Remove(c);
                recent.Add(c);
                lastItem[c] = item;
            }
        }

        var totalFirsts = Math.Max(1.0, firsts.Sum());
        var prior = new float[n];
        for (var c = 0; c < n; c++)
        {
            prior[c] = (float)((firsts[c] + 0.5) / (totalFirsts + (0.5 * n)));
        }

        var transitions = new float[n * n];
        for (var r = 0; r < n; r++)
        {
            double rowSum = 0;
            for (var c = 0; c < n; c++)
            {
                rowSum += counts[(r * n) + c];
            }

            for (var c = 0; c < n; c++)
            {
                transitions[(r * n) + c] = (float)((counts[(r * n) + c] + (options.Smoothing * prior[c])) / (rowSum + options.Smoothing));
            }
        }

        return new NovelClusterPredictor(clusters, options, transitions, prior, itemCounts, itemTotals);
    }

    /// <summary>
    /// A copy that mixes <paramref name="model"/>'s next-cluster distribution (softmax of its scores over the
    /// clusters new to the shopper) into the transition model's with weight <paramref name="weight"/> in [0, 1].
    /// </summary>
    public NovelClusterPredictor WithSequenceModel(NextInterestModel model, double weight)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.ClusterCount != Clusters.ClusterCount)
        {
            throw new ArgumentException($"The model has {model.ClusterCount} clusters, the map {Clusters.ClusterCount}.", nameof(model));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(weight, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(weight, 1);
        return new NovelClusterPredictor(Clusters, Options, _transitions, _prior, _itemCounts, _itemTotals, model, weight, _cooccurrence, CooccurrenceWeight);
    }

    /// <summary>
    /// A copy that mixes <paramref name="model"/>'s cluster scores (positive part, renormalised over the clusters
    /// new to the shopper) into the distribution of the transition and sequence models with weight
    /// <paramref name="weight"/> in [0, 1].
    /// </summary>
    public NovelClusterPredictor WithCooccurrence(ClusterCooccurrence model, double weight)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.ClusterCount != Clusters.ClusterCount)
        {
            throw new ArgumentException($"The model has {model.ClusterCount} clusters, the map {Clusters.ClusterCount}.", nameof(model));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(weight, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(weight, 1);
        return new NovelClusterPredictor(Clusters, Options, _transitions, _prior, _itemCounts, _itemTotals, _sequenceModel, SequenceWeight, model, weight);
    }

    /// <summary>
    /// Scores every cluster as the shopper's next new interest, given their item history (oldest first).
    /// Clusters the shopper has already engaged with get negative infinity.
    /// </summary>
    public void Score(ReadOnlySpan<int> history, Span<float> scores)
    {
        var n = Clusters.ClusterCount;
        if (scores.Length != n)
        {
            throw new ArgumentException($"scores must have {n} entries.", nameof(scores));
        }

        // Recent distinct clusters, most recent first, with the shopper's last item in each.
        var recent = new List<int>();
        var recentItems = new List<int>();
        var seen = new HashSet<int>();
        for (var i = history.Length - 1; i >= 0; i--)
        {
            var c = Clusters.ClusterOf(history[i]);
            if (c >= 0 && seen.Add(c))
            {
                recent.Add(c);
                recentItems.Add(history[i]);
            }
        }

        scores.Clear();
        if (recent.Count == 0)
        {
            _prior.CopyTo(scores);
        }
        else
        {
            var w = 1.0f;
            var total = 0f;
            for (var k = 0; k < recent.Count && k < Options.Context; k++)
            {
                var row = _transitions.AsSpan(recent[k] * n, n);
                if (Options.ItemSmoothing is { } itemSmoothing && (uint)recentItems[k] < (uint)_itemTotals.Length && _itemTotals[recentItems[k]] > 0)
                {
                    AddItemRow(recentItems[k], row, (float)itemSmoothing, w, scores);
                }
                else
                {
                    TensorPrimitives.MultiplyAdd(row, w, scores, scores);
                }

                total += w;
                w *= (float)Options.RecencyDecay;
            }

            TensorPrimitives.Divide(scores, total, scores);
        }

        if (_sequenceModel is not null && SequenceWeight > 0)
        {
            Blend(history, seen, scores);
        }

        if (_cooccurrence is not null && CooccurrenceWeight > 0)
        {
            BlendCooccurrence(seen, scores);
        }

        var beta = (float)Options.Diversify;
        for (var c = 0; c < n; c++)
        {
            scores[c] = seen.Contains(c) ? float.NegativeInfinity : scores[c] / MathF.Pow(_prior[c], beta);
        }
    }

    private void Blend(ReadOnlySpan<int> history, HashSet<int> seen, Span<float> scores)
    {
        var n = scores.Length;
        var logits = new float[n];
        _sequenceModel!.ScoreClusters(history.ToArray(), logits);
        var maxLogit = float.NegativeInfinity;
        float transitionSum = 0;
        for (var c = 0; c < n; c++)
        {
            if (!seen.Contains(c))
            {
                maxLogit = Math.Max(maxLogit, logits[c]);
                transitionSum += scores[c];
            }
        }

        if (!float.IsFinite(maxLogit))
        {
            return;
        }

        double expSum = 0;
        for (var c = 0; c < n; c++)
        {
            logits[c] = seen.Contains(c) ? 0f : MathF.Exp(logits[c] - maxLogit);
            expSum += logits[c];
        }

        var w = (float)SequenceWeight;
        for (var c = 0; c < n; c++)
        {
            var transition = transitionSum > 0 ? scores[c] / transitionSum : 0f;
            scores[c] = ((1 - w) * transition) + (w * (float)(logits[c] / expSum));
        }
    }

    // w × (count(item → c) + s × clusterRow(c)) / (total(item) + s), added to scores.
    private void AddItemRow(int item, ReadOnlySpan<float> clusterRow, float smoothing, float w, Span<float> scores)
    {
        var n = scores.Length;
        var denominator = _itemTotals[item] + smoothing;
        for (var c = 0; c < n; c++)
        {
            var count = _itemCounts.GetValueOrDefault(((long)item * n) + c);
            scores[c] += w * (count + (smoothing * clusterRow[c])) / denominator;
        }
    }

    private void BlendCooccurrence(HashSet<int> seen, Span<float> scores)
    {
        var n = scores.Length;
        var cooccurrence = new float[n];
        _cooccurrence!.Score(seen, cooccurrence);
        double currentSum = 0, cooccurrenceSum = 0;
        for (var c = 0; c < n; c++)
        {
            if (!seen.Contains(c))
            {
                currentSum += scores[c];
                cooccurrenceSum += Math.Max(0f, cooccurrence[c]);
            }
        }

        if (cooccurrenceSum <= 0)
        {
            return;
        }

        var w = CooccurrenceWeight;
        for (var c = 0; c < n; c++)
        {
            var current = currentSum > 0 ? scores[c] / currentSum : 0;
            scores[c] = (float)(((1 - w) * current) + (w * Math.Max(0f, cooccurrence[c]) / cooccurrenceSum));
        }
    }

    /// <summary>The <paramref name="count"/> most likely new clusters for a shopper.</summary>
    public ScoredItem[] Predict(ReadOnlySpan<int> history, int count)
    {
        var scores = new float[Clusters.ClusterCount];
        Score(history, scores);
        return TopK.Select(scores, count);
    }
}
