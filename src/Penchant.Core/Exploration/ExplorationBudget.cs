using Penchant.Core.Numerics;

namespace Penchant.Core.Exploration;

/// <summary>Options for <see cref="ExplorationBudget"/>.</summary>
/// <param name="Share">The average share of slots that explore, over the population the budget is calibrated on.</param>
/// <param name="MaxShare">The highest share a single shopper gets.</param>
/// <param name="Sharpness">
/// Exponent α on the shopper's chance of moving to a new cluster: slots ∝ chance^α. 0 gives every shopper the
/// same share; larger values concentrate exploration on the shoppers most likely to move.
/// </param>
/// <param name="Smoothing">Pseudo-count pulling each history bucket's novelty rate toward the overall rate.</param>
public sealed record ExplorationBudgetOptions(double Share = 0.2, double MaxShare = 0.4, double Sharpness = 1.0, double Smoothing = 20.0);

/// <summary>
/// A per-shopper exploration budget that keeps the average share of explore slots fixed but explores more
/// for shoppers whose next interaction is likely to fall in a cluster new to them.
/// </summary>
/// <remarks>
/// The chance that a shopper's next interaction opens a new cluster is learned from every training
/// sequence: at each step, whether the next item's cluster was new, counted per bucket of (distinct clusters
/// seen, log2 history length). Exploit models are least reliable exactly there — short, wide-open histories —
/// and explore slots are wasted on shoppers who have already covered most clusters. The slot count of a
/// shopper is round(scale × chance^α × slate), capped by the share limit and by how many new clusters remain
/// to explore; <see cref="Calibrate"/> chooses the scale so that the mean over a population of histories
/// (no held-out labels involved) equals <see cref="ExplorationBudgetOptions.Share"/> of the slots.
/// </remarks>
public sealed class ExplorationBudget
{
    private const int DistinctBuckets = 32;
    private const int LengthBuckets = 12;
    private readonly float[] _rates; // DistinctBuckets x LengthBuckets

    private ExplorationBudget(ClusterMap clusters, ExplorationBudgetOptions options, float[] rates, double overall, double scale, NovelClusterPredictor? predictor = null)
    {
        Clusters = clusters;
        Options = options;
        _rates = rates;
        OverallRate = overall;
        Scale = scale;
        Predictor = predictor;
    }

    /// <summary>
    /// With a predictor, slots go by marginal gain (<see cref="WithPredictor"/>); without, by the novelty chance alone.
    /// </summary>
    public NovelClusterPredictor? Predictor { get; }

    public ClusterMap Clusters { get; }

    public ExplorationBudgetOptions Options { get; }

    /// <summary>The share of training steps whose next item opened a new cluster.</summary>
    public double OverallRate { get; }

    /// <summary>The multiplier on chance^α; 1 until <see cref="Calibrate"/> sets it.</summary>
    public double Scale { get; }

    /// <summary>Learns the novelty rates from chronological item sequences.</summary>
    public static ExplorationBudget Fit(IReadOnlyList<int[]> sequences, ClusterMap clusters, ExplorationBudgetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(clusters);
        options ??= new ExplorationBudgetOptions();
        var novel = new double[DistinctBuckets * LengthBuckets];
        var steps = new double[DistinctBuckets * LengthBuckets];
        var seen = new HashSet<int>();
        foreach (var sequence in sequences)
        {
            seen.Clear();
            for (var t = 0; t < sequence.Length; t++)
            {
                var c = clusters.ClusterOf(sequence[t]);
                if (t > 0 && c >= 0)
                {
                    var bucket = Bucket(seen.Count, t);
                    steps[bucket]++;
                    if (!seen.Contains(c))
                    {
                        novel[bucket]++;
                    }
                }

                if (c >= 0)
                {
                    seen.Add(c);
                }
            }
        }

        var overall = steps.Sum() > 0 ? novel.Sum() / steps.Sum() : 0.5;
        var rates = new float[novel.Length];
        for (var b = 0; b < rates.Length; b++)
        {
            rates[b] = (float)((novel[b] + (options.Smoothing * overall)) / (steps[b] + options.Smoothing));
        }

        return new ExplorationBudget(clusters, options, rates, overall, 1.0);
    }

    /// <summary>The estimated chance that the next interaction after <paramref name="history"/> (oldest first) opens a new cluster.</summary>
    public double NoveltyChance(ReadOnlySpan<int> history) => _rates[Bucket(Distinct(history), history.Length)];

    /// <summary>
    /// A copy that spends slots where an explore slot is likeliest to show the shopper's next new cluster: the
    /// j-th explore slot's gain is (chance / overall)^α × p_j, with p_j the j-th largest probability the predictor
    /// gives a cluster new to the shopper (its scores renormalised over those clusters), and a shopper gets every
    /// slot whose gain reaches 1 / (scale × open clusters), up to the share limit. Confident predictions for likely
    /// movers get up to <see cref="ExplorationBudgetOptions.MaxShare"/>; flat ones for shoppers who rarely move get
    /// none. <see cref="Calibrate"/> then sets the scale, so the mean share over a population stays at
    /// <see cref="ExplorationBudgetOptions.Share"/>: the slots move between shoppers, their number does not grow.
    /// </summary>
    /// <param name="predictor">The novel-cluster predictor the policy draws from, over the same clusters.</param>
    public ExplorationBudget WithPredictor(NovelClusterPredictor predictor)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        if (predictor.Clusters.ClusterCount != Clusters.ClusterCount || predictor.Clusters.ItemCount != Clusters.ItemCount)
        {
            throw new ArgumentException("The predictor must use the budget's clusters.", nameof(predictor));
        }

        return new ExplorationBudget(Clusters, Options, _rates, OverallRate, Scale, predictor);
    }

    /// <summary>How many of <paramref name="slateSize"/> slots explore for a shopper with this history.</summary>
    public int SlotsFor(ReadOnlySpan<int> history, int slateSize)
    {
        var distinct = Distinct(history);
        var chance = _rates[Bucket(distinct, history.Length)];
        return Predictor is null
            ? Slots(chance, Clusters.ClusterCount - distinct, slateSize, Scale)
            : GainSlots(chance, Gains(history, slateSize), Clusters.ClusterCount - distinct, slateSize, Scale);
    }

    /// <summary>The predictor's largest probabilities over clusters new to the shopper, descending, as many as one shopper's slots can use.</summary>
    private float[] Gains(ReadOnlySpan<int> history, int slateSize)
    {
        var scores = new float[Clusters.ClusterCount];
        Predictor!.Score(history, scores);
        double total = 0;
        foreach (var score in scores)
        {
            if (float.IsFinite(score) && score > 0)
            {
                total += score;
            }
        }

        if (total <= 0)
        {
            return [];
        }

        var top = TopK.Select(scores, Math.Max(0, (int)Math.Floor(Options.MaxShare * slateSize)));
        return [.. top.Where(static t => float.IsFinite(t.Score) && t.Score > 0).Select(t => (float)(t.Score / total))];
    }

    private int GainSlots(float chance, float[] gains, int openClusters, int slateSize, double scale)
    {
        var weight = Options.Sharpness == 0 ? 1.0 : Math.Pow(chance / Math.Max(OverallRate, 1e-9), Options.Sharpness);
        var cap = Math.Min((int)Math.Floor(Options.MaxShare * slateSize), openClusters);
        var slots = 0;
        while (slots < cap && slots < gains.Length && scale * weight * gains[slots] * Math.Max(1, openClusters) >= 1.0)
        {
            slots++;
        }

        return slots;
    }

    /// <summary>The share of <paramref name="slateSize"/> slots that explore for a shopper with this history.</summary>
    public double ShareFor(ReadOnlySpan<int> history, int slateSize) => slateSize <= 0 ? 0 : SlotsFor(history, slateSize) / (double)slateSize;

    /// <summary>
    /// A copy whose scale makes the mean explore slot count over <paramref name="histories"/> as close as
    /// possible to <see cref="ExplorationBudgetOptions.Share"/> × <paramref name="slateSize"/> without exceeding it.
    /// </summary>
    public ExplorationBudget Calibrate(IReadOnlyList<int[]> histories, int slateSize)
    {
        ArgumentNullException.ThrowIfNull(histories);
        if (histories.Count == 0 || slateSize <= 0)
        {
            return this;
        }

        var features = histories.Select(h =>
        {
            var distinct = Distinct(h);
            return (Chance: (double)_rates[Bucket(distinct, h.Length)], Open: Clusters.ClusterCount - distinct, Gains: Predictor is null ? [] : Gains(h, slateSize));
        }).ToArray();
        var target = Options.Share * slateSize;
        double Mean(double scale) => Predictor is null
            ? features.Average(f => Slots((float)f.Chance, f.Open, slateSize, scale))
            : features.Average(f => GainSlots((float)f.Chance, f.Gains, f.Open, slateSize, scale));

        // Mean slots grow monotonically with the scale: bisect for the largest scale still within the target.
        double lo = 0, hi = 1;
        while (Mean(hi) < target && hi < 1e9)
        {
            hi *= 2;
        }

        for (var i = 0; i < 60; i++)
        {
            var mid = (lo + hi) / 2;
            if (Mean(mid) <= target)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return new ExplorationBudget(Clusters, Options, _rates, OverallRate, lo, Predictor);
    }

    private int Slots(float chance, int openClusters, int slateSize, double scale)
    {
        var weight = Options.Sharpness == 0 ? 1.0 : Math.Pow(chance / Math.Max(OverallRate, 1e-9), Options.Sharpness);
        var raw = (int)Math.Round(scale * weight * Options.Share * slateSize, MidpointRounding.AwayFromZero);
        var cap = (int)Math.Floor(Options.MaxShare * slateSize);
        return Math.Max(0, Math.Min(Math.Min(raw, cap), openClusters));
    }

    private int Distinct(ReadOnlySpan<int> history)
    {
        var seen = new HashSet<int>();
        foreach (var item in history)
        {
            var c = Clusters.ClusterOf(item);
            if (c >= 0)
            {
                seen.Add(c);
            }
        }

        return seen.Count;
    }

    private static int Bucket(int distinct, int length)
    {
        var d = Math.Min(distinct, DistinctBuckets - 1);
        var l = Math.Min(length <= 0 ? 0 : 1 + (int)Math.Log2(length), LengthBuckets - 1);
        return (d * LengthBuckets) + l;
    }
}
