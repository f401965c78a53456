using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Penchant.Core.Numerics;

namespace Penchant.Core.Exploration;

/// <summary>Options for <see cref="ExplorationPolicy"/>.</summary>
/// <param name="ExploreShare">The base share of slots given to exploration (adapted per shopper).</param>
/// <param name="MinShare">The lowest share a shopper's budget adapts down to.</param>
/// <param name="MaxShare">The highest share a shopper's budget adapts up to.</param>
/// <param name="CandidateClusters">How many predicted novel clusters compete for explore slots.</param>
/// <param name="PropensitySamples">Monte Carlo replays of the Thompson draw used to estimate each explore slot's propensity.</param>
/// <param name="Diversity">MMR trade-off for the exploit slots: 1 keeps relevance order; lower diversifies.</param>
/// <param name="PromotedBoost">Multiplier on exploit scores of items in clusters the shopper liked while exploring.</param>
/// <param name="Placement">Where explore items sit in the slate.</param>
/// <param name="ItemAffinity">
/// Exponent γ on how much the exploit model likes a novel cluster's best item (min-max normalised score):
/// a cluster's prior is multiplied by (0.01 + affinity)^γ, so 0 ignores the model and larger values follow it.
/// </param>
/// <param name="ClusterMass">
/// Exponent δ on the share of the exploit model's score mass that falls in each novel cluster: the
/// <paramref name="MassItems"/> best remaining items' min-max normalised scores are summed per cluster, and a
/// cluster's prior is multiplied by (0.01 + mass / largest mass)^δ. Where <paramref name="ItemAffinity"/>
/// looks at a cluster's single best item, this counts how much of the model's neighbourhood points there.
/// 0 turns it off.
/// </param>
/// <param name="MassItems">How many of the best remaining items contribute to <paramref name="ClusterMass"/>.</param>
/// <param name="NovelCoverage">
/// Weight μ of novel-cluster coverage in the exploit slots (xQuAD-style), used only with a learned cluster ranker
/// (<see cref="ExplorationPolicy.Learned"/>): an item from a cluster the shopper has not seen earns μ × the ranker's
/// probability that the cluster is their next new one, unless an item already chosen covers it. 0 turns it off.
/// </param>
public sealed record ExplorationOptions(
    double ExploreShare = 0.2,
    double MinShare = 0.05,
    double MaxShare = 0.4,
    int CandidateClusters = 20,
    int PropensitySamples = 200,
    double Diversity = 1.0,
    double PromotedBoost = 1.5,
    ExplorePlacement Placement = ExplorePlacement.Tail,
    double ItemAffinity = 1.0,
    double ClusterMass = 0.0,
    int MassItems = 200,
    double NovelCoverage = 0.0);

/// <summary>Where explore items sit in a slate.</summary>
public enum ExplorePlacement
{
    /// <summary>After the exploit items ("you might also discover"): exploring costs the least accuracy.</summary>
    Tail,

    /// <summary>Evenly spaced through the slate, never first.</summary>
    Spread,
}

/// <summary>Whether a slot exploits known interests or explores a new one.</summary>
public enum SlotKind
{
    Exploit,
    Explore,
}

/// <summary>One recommended item in a slate.</summary>
/// <param name="Item">Dense item id.</param>
/// <param name="Score">The exploit score (for explore slots, the item's score inside its cluster).</param>
/// <param name="Position">0-based position in the slate.</param>
/// <param name="Kind">Exploit or explore.</param>
/// <param name="Cluster">The item's cluster, or -1.</param>
/// <param name="Propensity">Probability that the policy fills this slot with this item's cluster (1 for exploit slots, which are deterministic).</param>
public readonly record struct SlateEntry(int Item, float Score, int Position, SlotKind Kind, int Cluster, double Propensity);

/// <summary>
/// Decides, per request, which slots exploit and which explore, and fills the explore slots with the best
/// items of novel clusters chosen by Thompson sampling.
/// </summary>
/// <remarks>
/// The exploit slots are filled first. Candidate clusters come from <see cref="NovelClusterPredictor"/>
/// (clusters new to the shopper, minus those the shopper stopped by disliking and those the exploit items
/// already cover), their prior multiplied by how well the exploit model likes their best item
/// (<see cref="ExplorationOptions.ItemAffinity"/>). Each candidate c is keyed by log prior(c) + log θ_c with θ_c drawn from
/// the shopper's Beta posterior of explore success in c (Thompson sampling, Agrawal and Goyal 2012); the
/// highest keys win the explore slots. Because the draw is random, each explore slot is logged with its
/// propensity, estimated by replaying the draw <see cref="ExplorationOptions.PropensitySamples"/> times, which
/// makes inverse-propensity off-policy evaluation possible. The explore share adapts per shopper: it grows
/// with their explore successes and shrinks with failures, within [MinShare, MaxShare].
/// </remarks>
public sealed class ExplorationPolicy(NovelClusterPredictor predictor, ExplorationState state, ExplorationOptions? options = null)
{
    public ExplorationOptions Options { get; } = options ?? new ExplorationOptions();

    public NovelClusterPredictor Predictor { get; } = predictor ?? throw new ArgumentNullException(nameof(predictor));

    public ExplorationState State { get; } = state ?? throw new ArgumentNullException(nameof(state));

    private ClusterMap Clusters => Predictor.Clusters;

    /// <summary>
    /// When set, the explore slots' candidate clusters are scored by this learned ranker over per-cluster features
    /// instead of the predictor's score times the item-affinity and cluster-mass factors (which become features).
    /// </summary>
    public LearnedClusterScoring? Learned
    {
        get;
        init
        {
            if (value is not null && (value.Ranker.Dimensions != ClusterFeaturizer.Dimensions || value.Features.Clusters.ClusterCount != Clusters.ClusterCount))
            {
                throw new ArgumentException("The ranker's dimensions or the features' clusters do not match.", nameof(value));
            }

            field = value;
        }
    }

    /// <summary>The explore share for a shopper, adapted from their explore outcomes.</summary>
    public double ShareFor(string shopper)
    {
        return ShareFrom(State.Snapshot(shopper));
    }

    private double ShareFrom(ShopperExplorationSnapshot snapshot)
    {
        var mean = (snapshot.ExploreSuccesses + 1) / (snapshot.ExploreSuccesses + snapshot.ExploreFailures + 2);
        return Math.Clamp(Options.ExploreShare * 2 * mean, Options.MinShare, Options.MaxShare);
    }

    /// <summary>
    /// Builds a slate of <paramref name="count"/> items.
    /// </summary>
    /// <param name="shopper">The shopper's key in <see cref="State"/>.</param>
    /// <param name="scores">Exploit scores for every item; excluded or filtered-out items must be negative infinity (business rules apply to both kinds of slot through this).</param>
    /// <param name="popularity">Tie-breaker inside a cluster when exploit scores do not separate items (may be empty).</param>
    /// <param name="history">The shopper's items, oldest first.</param>
    /// <param name="count">Slate length.</param>
    /// <param name="rng">Randomness for the Thompson draw.</param>
    /// <param name="exploreShare">Overrides the adapted share when given (0 turns exploration off).</param>
    public IReadOnlyList<SlateEntry> Build(string shopper, ReadOnlySpan<float> scores, ReadOnlySpan<float> popularity, ReadOnlySpan<int> history, int count, Random rng, double? exploreShare = null)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (count <= 0)
        {
            return [];
        }

        return BuildOnCopy(shopper, State.Snapshot(shopper), scores, popularity, history, count, rng, exploreShare);
    }

    private List<SlateEntry> BuildOnCopy(string shopper, ShopperExplorationSnapshot snapshot, ReadOnlySpan<float> scores, ReadOnlySpan<float> popularity, ReadOnlySpan<int> history, int count, Random rng, double? exploreShare)
    {
        // A pooled copy: at catalogue size a fresh array per request would be a large-object allocation.
        var buffer = ArrayPool<float>.Shared.Rent(Math.Max(1, scores.Length));
        try
        {
            var working = buffer.AsSpan(0, scores.Length);
            scores.CopyTo(working);
            return BuildOn(shopper, snapshot, working, [], popularity, history, count, rng, exploreShare);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Builds a slate of <paramref name="count"/> items like <see cref="Build"/>, without copying the catalogue-sized
    /// scores and without selecting the exploit items a second time when the caller has ranked them already: the
    /// serving path of a recommendation request.
    /// </summary>
    /// <param name="shopper">The shopper's key in <see cref="State"/>.</param>
    /// <param name="scores">
    /// Exploit scores for every item, as for <see cref="Build"/>. A few entries are set to negative infinity while the
    /// slate is built and restored before this returns, so the span must not be read by another thread meanwhile.
    /// </param>
    /// <param name="ranking">
    /// The caller's ranking of <paramref name="scores"/>, best first (for example the exploit-only top of the
    /// request, already checked against the live catalogue); used for the exploit slots when it is long enough and the
    /// policy neither diversifies them nor boosts promoted clusters, otherwise the slots are selected from the scores.
    /// </param>
    /// <param name="popularity">Tie-breaker inside a cluster when exploit scores do not separate items (may be empty).</param>
    /// <param name="history">The shopper's items, oldest first.</param>
    /// <param name="count">Slate length.</param>
    /// <param name="rng">Randomness for the Thompson draw.</param>
    /// <param name="exploreShare">Overrides the adapted share when given (0 turns exploration off).</param>
    /// <param name="state">
    /// The shopper's exploration state as the caller already read it from <see cref="State"/> (so that one request
    /// plans against one reading, however often it redraws); null reads it here.
    /// </param>
    public IReadOnlyList<SlateEntry> BuildInPlace(string shopper, Span<float> scores, ReadOnlySpan<int> ranking, ReadOnlySpan<float> popularity, ReadOnlySpan<int> history, int count, Random rng, double? exploreShare = null, ShopperExplorationSnapshot? state = null)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (count <= 0)
        {
            return [];
        }

        var snapshot = state ?? State.Snapshot(shopper);
        if (NeedsPromotion(snapshot))
        {
            // Promotion rescales whole clusters: that needs a copy, and the caller's ranking no longer holds.
            return BuildOnCopy(shopper, snapshot, scores, popularity, history, count, rng, exploreShare);
        }

        var masked = new List<(int Item, float Score)>(count);
        try
        {
            return BuildOn(shopper, snapshot, scores, ranking, popularity, history, count, rng, exploreShare, masked);
        }
        finally
        {
            foreach (var (item, score) in masked)
            {
                scores[item] = score;
            }
        }
    }

    private bool NeedsPromotion(ShopperExplorationSnapshot snapshot) => snapshot.Promoted.Count > 0 && Options.PromotedBoost != 1.0;

    /// <summary>
    /// The slate over <paramref name="working"/>, which it may change: promoted clusters are boosted in it (only when
    /// <paramref name="masked"/> is null, i.e. on a private copy) and chosen items masked, each masked entry's old score
    /// added to <paramref name="masked"/> when given so that the caller can restore it.
    /// </summary>
    private List<SlateEntry> BuildOn(string shopper, ShopperExplorationSnapshot snapshot, Span<float> working, ReadOnlySpan<int> ranking, ReadOnlySpan<float> popularity, ReadOnlySpan<int> history, int count, Random rng, double? exploreShare, List<(int Item, float Score)>? masked = null)
    {
        if (masked is null && NeedsPromotion(snapshot))
        {
            foreach (var cluster in snapshot.Promoted)
            {
                foreach (var item in Clusters.ItemsOf(cluster))
                {
                    if (float.IsFinite(working[item]))
                    {
                        working[item] = working[item] >= 0 ? working[item] * (float)Options.PromotedBoost : working[item] / (float)Options.PromotedBoost;
                    }
                }
            }
        }

        var share = exploreShare ?? ShareFrom(snapshot);
        var explore = (int)Math.Round(count * share, MidpointRounding.AwayFromZero);
        // Exploit slots first: the best items, optionally MMR-diversified over clusters; the caller's ranking when it holds them.
        var exploitCount = count - explore;
        var rerank = Options.Diversity < 1.0 || (Options.NovelCoverage > 0 && Learned is not null);
        var ranked = rerank ? null : FromRanking(working, ranking, exploitCount);
        ScoredItem[] exploit;
        if (ranked is not null)
        {
            exploit = ranked;
        }
        else
        {
            var pool = TopK.Select(working, rerank ? exploitCount * 3 : exploitCount);
            exploit = Options.NovelCoverage > 0 && Learned is not null
                ? CoverNovelClusters(pool, exploitCount, NovelProbabilities(snapshot, working, popularity, history))
                : Options.Diversity < 1.0
                ? DiversityReranker.Rerank(pool, exploitCount, Options.Diversity, (a, b) => Clusters.ClusterOf(a) >= 0 && Clusters.ClusterOf(a) == Clusters.ClusterOf(b) ? 1f : 0f)
                : pool;
        }

        // Explore slots: novel clusters the exploit items do not already cover.
        var picks = new List<SlateEntry>();
        if (explore > 0)
        {
            // The exploit items are chosen, so masking them leaves the remaining scores in place.
            var covered = new HashSet<int>();
            foreach (var item in exploit)
            {
                Mask(working, item.Item, masked);
                covered.Add(Clusters.ClusterOf(item.Item));
            }

            picks = PickExploreItems(shopper, snapshot, working, popularity, history, explore, covered, rng);
            if (picks.Count < explore)
            {
                // Not enough novel clusters: the free slots go back to exploitation, next in the caller's ranking when it has them.
                foreach (var pick in picks)
                {
                    Mask(working, pick.Item, masked);
                }

                var more = explore - picks.Count;
                var next = ranked is not null ? FromRanking(working, ranking, more) : null;
                exploit = [.. exploit, .. next ?? TopK.Select(working, more)];
            }
        }

        // Explore items go after the exploit items, or evenly spaced but never first.
        var total = exploit.Length + picks.Count;
        var explorePositions = new HashSet<int>();
        for (var j = 0; j < picks.Count; j++)
        {
            explorePositions.Add(Options.Placement == ExplorePlacement.Tail
                ? total - picks.Count + j
                : Math.Min(total - 1, (int)((j + 1) * (double)total / (picks.Count + 1))));
        }

        while (explorePositions.Count < picks.Count)
        {
            explorePositions.Add(Enumerable.Range(0, total).First(p => !explorePositions.Contains(p)));
        }

        var slate = new List<SlateEntry>(total);
        int e = 0, x = 0;
        for (var position = 0; position < total; position++)
        {
            if (explorePositions.Contains(position) && x < picks.Count)
            {
                slate.Add(picks[x++] with { Position = position });
            }
            else if (e < exploit.Length)
            {
                var item = exploit[e++];
                slate.Add(new SlateEntry(item.Item, item.Score, position, SlotKind.Exploit, Clusters.ClusterOf(item.Item), 1.0));
            }
            else if (x < picks.Count)
            {
                slate.Add(picks[x++] with { Position = position });
            }
        }

        return slate;
    }

    /// <summary>
    /// The first <paramref name="take"/> items of <paramref name="ranking"/> that still have a finite score (chosen
    /// items are masked, so a second call continues where the first stopped); null when the ranking runs out first
    /// and the caller selects from the scores instead.
    /// </summary>
    private static ScoredItem[]? FromRanking(ReadOnlySpan<float> scores, ReadOnlySpan<int> ranking, int take)
    {
        if (take <= 0)
        {
            return [];
        }

        var result = new ScoredItem[take];
        var found = 0;
        for (var r = 0; r < ranking.Length && found < take; r++)
        {
            var item = ranking[r];
            if ((uint)item < (uint)scores.Length && float.IsFinite(scores[item]))
            {
                result[found++] = new ScoredItem(item, scores[item]);
            }
        }

        return found == take ? result : null;
    }

    private static void Mask(Span<float> scores, int item, List<(int Item, float Score)>? masked)
    {
        if (float.IsNegativeInfinity(scores[item]))
        {
            return;
        }

        masked?.Add((item, scores[item]));
        scores[item] = float.NegativeInfinity;
    }

    private List<SlateEntry> PickExploreItems(string shopper, ShopperExplorationSnapshot snapshot, ReadOnlySpan<float> scores, ReadOnlySpan<float> popularity, ReadOnlySpan<int> history, int explore, HashSet<int> covered, Random rng)
    {
        var clusterScores = new float[Clusters.ClusterCount];
        var best = new int[Clusters.ClusterCount];
        if (Learned is not null)
        {
            ScoreLearned(snapshot, scores, popularity, history, covered, clusterScores, best);
        }
        else
        {
            ScoreByProduct(snapshot, scores, popularity, history, covered, clusterScores, best);
        }

        var candidates = TopK.Select(clusterScores, Options.CandidateClusters);
        if (candidates.Length == 0)
        {
            return [];
        }

        var posteriors = candidates.Select(c => State.Posterior(shopper, c.Item)).ToArray();
        var prior = candidates.Select(c => Math.Max((double)c.Score, 1e-12)).ToArray();
        var take = Math.Min(explore, candidates.Length);
        var keys = new double[candidates.Length];
        var winners = new int[take];
        Draw(rng, prior, posteriors, keys, winners);
        var chosen = winners.ToArray();

        // Propensity: how often each chosen candidate wins a slot when the draw is replayed.
        var wins = new int[candidates.Length];
        var replay = new Random(rng.Next());
        for (var r = 0; r < Options.PropensitySamples; r++)
        {
            Draw(replay, prior, posteriors, keys, winners);
            foreach (var k in winners)
            {
                wins[k]++;
            }
        }

        var picks = new List<SlateEntry>(take);
        foreach (var k in chosen)
        {
            var cluster = candidates[k].Item;
            var item = best[cluster];
            var propensity = Math.Max(1.0, wins[k]) / Math.Max(1, Options.PropensitySamples);
            picks.Add(new SlateEntry(item, scores[item], -1, SlotKind.Explore, cluster, propensity));
        }

        return picks;
    }

    /// <summary>
    /// Greedy exploit slots in the manner of xQuAD (Santos et al., WWW 2010) over the shopper's novel clusters: each
    /// next item maximises λ·relevance − (1 − λ)·(same cluster as a chosen item) + μ·P(its cluster is the shopper's next
    /// new one), the last term only while no chosen item covers that cluster; relevance is min-max normalised over the
    /// pool, λ is <see cref="ExplorationOptions.Diversity"/> and μ <see cref="ExplorationOptions.NovelCoverage"/>.
    /// </summary>
    private ScoredItem[] CoverNovelClusters(ScoredItem[] pool, int count, float[] novel)
    {
        if (pool.Length == 0 || count <= 0)
        {
            return [];
        }

        var min = pool.Min(c => c.Score);
        var max = pool.Max(c => c.Score);
        var range = max - min;
        var remaining = pool.ToList();
        var chosen = new List<ScoredItem>(Math.Min(count, pool.Length));
        var covered = new HashSet<int>();
        var lambda = Options.Diversity;
        while (chosen.Count < count && remaining.Count > 0)
        {
            var best = -1;
            var bestValue = double.NegativeInfinity;
            for (var i = 0; i < remaining.Count; i++)
            {
                var cluster = Clusters.ClusterOf(remaining[i].Item);
                var relevance = range > 0 ? (remaining[i].Score - min) / range : 1.0;
                var repeat = cluster >= 0 && covered.Contains(cluster);
                var value = (lambda * relevance) - (repeat ? 1 - lambda : 0) + (cluster >= 0 && !repeat ? Options.NovelCoverage * novel[cluster] : 0);
                if (value > bestValue)
                {
                    bestValue = value;
                    best = i;
                }
            }

            chosen.Add(remaining[best]);
            covered.Add(Clusters.ClusterOf(remaining[best].Item));
            remaining.RemoveAt(best);
        }

        return [.. chosen];
    }

    /// <summary>The learned ranker's softmax probability of each cluster being the shopper's next new one (0 for the rest).</summary>
    private float[] NovelProbabilities(ShopperExplorationSnapshot snapshot, ReadOnlySpan<float> scores, ReadOnlySpan<float> popularity, ReadOnlySpan<int> history)
    {
        var clusterScores = new float[Clusters.ClusterCount];
        ScoreLearned(snapshot, scores, popularity, history, [], clusterScores, new int[Clusters.ClusterCount], sharpness: 1.0);
        var sum = 0.0;
        for (var c = 0; c < clusterScores.Length; c++)
        {
            clusterScores[c] = float.IsFinite(clusterScores[c]) ? clusterScores[c] : 0f;
            sum += clusterScores[c];
        }

        for (var c = 0; c < clusterScores.Length && sum > 0; c++)
        {
            clusterScores[c] = (float)(clusterScores[c] / sum);
        }

        return clusterScores;
    }

    /// <summary>The fixed product: the predictor's score times the item-affinity and cluster-mass factors.</summary>
    private void ScoreByProduct(ShopperExplorationSnapshot snapshot, ReadOnlySpan<float> scores, ReadOnlySpan<float> popularity, ReadOnlySpan<int> history, HashSet<int> covered, float[] clusterScores, int[] best)
    {
        Predictor.Score(history, clusterScores);
        foreach (var stopped in snapshot.Stopped)
        {
            clusterScores[stopped] = float.NegativeInfinity;
        }

        foreach (var c in covered)
        {
            if (c >= 0)
            {
                clusterScores[c] = float.NegativeInfinity;
            }
        }

        // How well the exploit model likes each cluster's best remaining item (ties to the more popular, then the lower
        // id), min-max normalised over all remaining items, multiplies each cluster's prior.
        FiniteRange(scores, out var min, out var max);
        // Cluster mass reshapes the scores after this step, so the bound that prunes clusters would not hold under it.
        ScoreClusters(scores, popularity, clusterScores, best, min, max, prune: Options.ClusterMass <= 0 && !Exhaustive);
        if (Options.ClusterMass > 0 && max > min)
        {
            ApplyClusterMass(scores, min, max, clusterScores);
        }
    }

    /// <summary>The learned ranker: exp(sharpness × (score − best score)) per candidate, negative infinity elsewhere.</summary>
    private void ScoreLearned(ShopperExplorationSnapshot snapshot, ReadOnlySpan<float> scores, ReadOnlySpan<float> popularity, ReadOnlySpan<int> history, HashSet<int> covered, float[] clusterScores, int[] best, double? sharpness = null)
    {
        var learned = Learned!;
        Array.Fill(clusterScores, float.NegativeInfinity);
        Array.Fill(best, -1);
        var excluded = new HashSet<int>(covered);
        excluded.UnionWith(snapshot.Stopped);
        List<int> candidates = [], items = [];
        List<float> features = [];
        learned.Features.Compute(history, scores, popularity, excluded, candidates, items, features);
        if (candidates.Count == 0)
        {
            return;
        }

        var logits = new float[candidates.Count];
        learned.Ranker.Score(CollectionsMarshal.AsSpan(features), logits);
        var top = logits.Max();
        for (var j = 0; j < candidates.Count; j++)
        {
            clusterScores[candidates[j]] = MathF.Exp((float)(sharpness ?? learned.Sharpness) * (logits[j] - top));
            best[candidates[j]] = items[j];
        }
    }

    /// <summary>Scores every competing cluster without pruning (the reference the pruned search is tested against).</summary>
    internal bool Exhaustive { get; init; }

    /// <summary>The factor (0.01 + affinity)^γ on a cluster's prior, affinity being its best item's min-max normalised score.</summary>
    private float AffinityFactor(float bestScore, float min, float max) =>
        Options.ItemAffinity > 0 && max > min ? MathF.Pow(0.01f + ((bestScore - min) / (max - min)), (float)Options.ItemAffinity) : 1f;

    /// <summary>
    /// Multiplies each competing cluster's prior by its affinity factor, finding its best item (into <paramref name="best"/>,
    /// -1 for clusters not scored); a cluster without a recommendable item drops out. With <paramref name="prune"/>, the
    /// best items of clusters that cannot reach the <see cref="ExplorationOptions.CandidateClusters"/> best are never
    /// looked for: clusters are visited by prior, highest first, and the affinity factor is at most (1.01)^γ, so once a
    /// prior times that bound falls below the last kept candidate's score no later cluster can enter, and those left are
    /// set to negative infinity. The candidates chosen from the result are the same either way (tested); pruning is off
    /// when a prior is negative, where the bound does not hold.
    /// </summary>
    private void ScoreClusters(ReadOnlySpan<float> scores, ReadOnlySpan<float> popularity, float[] clusterScores, int[] best, float min, float max, bool prune)
    {
        Array.Fill(best, -1);
        var order = new List<int>(clusterScores.Length);
        for (var c = 0; c < clusterScores.Length; c++)
        {
            if (float.IsFinite(clusterScores[c]))
            {
                prune &= clusterScores[c] >= 0;
                order.Add(c);
            }
        }

        // Highest prior first; equal priors by lower id, the order the final selection breaks ties in.
        order.Sort((a, b) => clusterScores[a] != clusterScores[b] ? clusterScores[b].CompareTo(clusterScores[a]) : a.CompareTo(b));
        // A little above (1.01)^γ, so that rounding in the power never makes the bound too low.
        var bound = AffinityFactor(max, min, max) * 1.0001f;
        // The kept candidates: on the stack for the usual few dozen, on the heap for a configured large number.
        var keep = prune ? Math.Max(0, Options.CandidateClusters) : 0;
        var kept = keep <= 256 ? stackalloc ScoredItem[keep] : new ScoredItem[keep];
        var size = 0;
        var visited = 0;
        for (; visited < order.Count; visited++)
        {
            var c = order[visited];
            if (kept.Length > 0 && size == kept.Length && clusterScores[c] * bound < kept[0].Score)
            {
                break;
            }

            best[c] = Clusters.BestItem(c, scores, popularity);
            clusterScores[c] = best[c] < 0 ? float.NegativeInfinity : clusterScores[c] * AffinityFactor(scores[best[c]], min, max);
            if (kept.Length > 0)
            {
                TopK.Offer(kept, ref size, c, clusterScores[c]);
            }
        }

        for (; visited < order.Count; visited++)
        {
            clusterScores[order[visited]] = float.NegativeInfinity;
        }
    }

    /// <summary>The smallest and largest finite score, a vector at a time (+∞ and -∞ when there is none).</summary>
    internal static void FiniteRange(ReadOnlySpan<float> scores, out float min, out float max)
    {
        var lo = float.PositiveInfinity;
        var hi = float.NegativeInfinity;
        var i = 0;
        if (Vector256.IsHardwareAccelerated && scores.Length >= Vector256<float>.Count)
        {
            var vlo = Vector256.Create(float.PositiveInfinity);
            var vhi = Vector256.Create(float.NegativeInfinity);
            ref var first = ref MemoryMarshal.GetReference(scores);
            for (; i <= scores.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var v = Vector256.LoadUnsafe(ref first, (nuint)i);
                // Finite lanes only: NaN fails both comparisons, and the infinities one of them.
                var finite = Vector256.GreaterThan(v, Vector256.Create(float.NegativeInfinity)) & Vector256.LessThan(v, Vector256.Create(float.PositiveInfinity));
                vlo = Vector256.Min(vlo, Vector256.ConditionalSelect(finite, v, Vector256.Create(float.PositiveInfinity)));
                vhi = Vector256.Max(vhi, Vector256.ConditionalSelect(finite, v, Vector256.Create(float.NegativeInfinity)));
            }

            for (var lane = 0; lane < Vector256<float>.Count; lane++)
            {
                lo = Math.Min(lo, vlo[lane]);
                hi = Math.Max(hi, vhi[lane]);
            }
        }

        for (; i < scores.Length; i++)
        {
            var s = scores[i];
            if (float.IsFinite(s))
            {
                lo = Math.Min(lo, s);
                hi = Math.Max(hi, s);
            }
        }

        min = lo;
        max = hi;
    }

    private void ApplyClusterMass(ReadOnlySpan<float> scores, float min, float max, float[] clusterScores)
    {
        var mass = Clusters.TopMass(scores, Options.MassItems, min, max - min);

        var largest = 0f;
        for (var c = 0; c < mass.Length; c++)
        {
            if (float.IsFinite(clusterScores[c]))
            {
                largest = Math.Max(largest, mass[c]);
            }
        }

        if (largest <= 0)
        {
            return;
        }

        for (var c = 0; c < mass.Length; c++)
        {
            if (float.IsFinite(clusterScores[c]))
            {
                clusterScores[c] *= MathF.Pow(0.01f + (mass[c] / largest), (float)Options.ClusterMass);
            }
        }
    }

    /// <summary>One Thompson draw: fills <paramref name="winners"/> with the candidates of the highest keys, best first.</summary>
    private static void Draw(Random rng, double[] prior, (double Alpha, double Beta)[] posteriors, double[] keys, int[] winners)
    {
        // Ranking by prior × θ is ranking by log prior + log θ, without a logarithm per draw.
        for (var k = 0; k < keys.Length; k++)
        {
            var theta = RandomSampling.Beta(rng, posteriors[k].Alpha, posteriors[k].Beta);
            keys[k] = prior[k] * Math.Max(theta, 1e-12);
        }

        // Partial selection of the few winners (take is a handful of slots; candidates a few dozen).
        for (var w = 0; w < winners.Length; w++)
        {
            var bestK = -1;
            for (var k = 0; k < keys.Length; k++)
            {
                if ((bestK < 0 || keys[k] > keys[bestK]) && Array.IndexOf(winners, k, 0, w) < 0)
                {
                    bestK = k;
                }
            }

            winners[w] = bestK;
        }
    }
}
