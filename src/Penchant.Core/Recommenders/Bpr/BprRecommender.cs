using Penchant.Core.Data;
using Penchant.Core.Numerics;

namespace Penchant.Core.Recommenders.Bpr;

/// <summary>Options for <see cref="BprRecommender"/>.</summary>
/// <param name="Factors">Latent dimensions per user and item.</param>
/// <param name="Epochs">Passes; each draws as many (user, positive, negative) triples as there are interactions.</param>
/// <param name="LearningRate">SGD step size.</param>
/// <param name="Regularization">L2 weight on the user and item factors.</param>
/// <param name="BiasRegularization">L2 weight on the item biases.</param>
/// <param name="InitScale">Standard deviation of the random initial factors.</param>
/// <param name="FoldIn">How a history unseen in training becomes a user vector.</param>
/// <param name="FoldInEpochs">For <see cref="BprFoldIn.Sgd"/>: SGD steps per history item.</param>
/// <param name="FoldInRegularization">For <see cref="BprFoldIn.LeastSquares"/>: the ridge weight.</param>
/// <param name="FoldInUnobservedWeight">
/// For <see cref="BprFoldIn.LeastSquares"/>: weight of the "score 0" target on every item (the implicit-feedback
/// negatives); history items have target 1 and weight 1.
/// </param>
/// <param name="Threads">
/// 1: the sequential LearnBPR sampler. More: stratified parallel SGD over that many user and item strata, still
/// deterministic for a given seed and thread count (a different thread count gives a different model).
/// </param>
public sealed record BprOptions(
    int Factors = 64,
    int Epochs = 60,
    float LearningRate = 0.05f,
    float Regularization = 0.02f,
    float BiasRegularization = 0.005f,
    float InitScale = 0.1f,
    BprFoldIn FoldIn = BprFoldIn.Sgd,
    int FoldInEpochs = 40,
    float FoldInRegularization = 5f,
    float FoldInUnobservedWeight = 0.01f,
    int Threads = 1);

/// <summary>How <see cref="BprModel"/> turns a history unseen in training into a user vector.</summary>
public enum BprFoldIn
{
    /// <summary>
    /// The training objective restricted to the user: BPR SGD steps on the history with item factors fixed,
    /// starting from zero, negatives drawn from a generator seeded by the history (so equal queries score equally).
    /// </summary>
    Sgd,

    /// <summary>
    /// A regularised least-squares projection of the history onto the item factors (one k x k solve). Cheaper for
    /// long histories but weaker: BPR factors are trained for ranking, not to reconstruct 0/1 targets (on the
    /// planted-cluster test its hit rate is about 0.4 against 0.58 for <see cref="Sgd"/>).
    /// </summary>
    LeastSquares,
}

/// <summary>
/// Bayesian personalised ranking with a matrix-factorisation model: score(u, i) = b_i + p_u · q_i, trained by
/// stochastic gradient ascent on ln σ(score(u, i) - score(u, j)) over sampled triples of a user, an item the
/// user interacted with and a uniformly drawn item the user did not.
/// </summary>
/// <remarks>
/// Rendle, Freudenthaler, Gantner and Schmidt-Thieme, "BPR: Bayesian personalized ranking from implicit
/// feedback", UAI 2009 (LearnBPR with bootstrap sampling of triples). Training is single-threaded by default;
/// with <see cref="BprOptions.Threads"/> above 1 it runs stratified SGD, whose threads never share parameters, so a
/// seed still fixes the model exactly. Interactions are treated as binary. Shoppers are scored from their history: a training
/// user whose history is unchanged keeps the learned vector; any other history (new events, a new shopper) is
/// folded in as <see cref="BprOptions.FoldIn"/> says.
/// </remarks>
public sealed class BprRecommender(BprOptions? options = null) : IRecommender
{
    public BprOptions Options { get; } = options ?? new BprOptions();

    public string Name => BprModel.KindName;

    public IRecommenderModel Fit(InteractionData data, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(context);
        var o = Options;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(o.Factors);
        ArgumentOutOfRangeException.ThrowIfNegative(o.Epochs);

        var x = data.Matrix;
        var users = x.Rows;
        var items = x.Columns;
        var k = o.Factors;
        var init = new Xorshift64Star((ulong)(uint)context.Seed ^ 0xB9B5_0000UL);
        var p = Gaussian(ref init, (long)users * k, o.InitScale);
        var q = Gaussian(ref init, (long)items * k, o.InitScale);
        var bias = new float[items];

        var nnz = x.NonZeros;
        var owner = new int[nnz];
        var pointers = x.RowPointers;
        for (var u = 0; u < users; u++)
        {
            owner.AsSpan(pointers[u], pointers[u + 1] - pointers[u]).Fill(u);
        }

        var sgd = new Sgd(x, owner, p, q, bias, o);
        if (o.Threads <= 1)
        {
            sgd.RunSequential(context);
        }
        else
        {
            sgd.RunStratified(context, o.Threads);
        }

        var fingerprints = new ulong[users];
        for (var u = 0; u < users; u++)
        {
            fingerprints[u] = BprModel.Fingerprint(x.RowColumns(u));
        }

        return new BprModel(k, p, q, bias, fingerprints, o);
    }

    // The SGD loops over shared factor arrays; one instance per fit.
    private sealed class Sgd(InteractionMatrix x, int[] owner, float[] p, float[] q, float[] bias, BprOptions o)
    {
        private readonly float _decay = 1f - (o.LearningRate * o.Regularization);

        // LearnBPR: triples drawn uniformly from all interactions, negatives uniformly from unseen items.
        public void RunSequential(TrainingContext context)
        {
            var nnz = owner.Length;
            var items = x.Columns;
            var columns = x.ColumnIndices;
            var sampler = new Xorshift64Star((ulong)(uint)context.Seed);
            for (var epoch = 0; epoch < o.Epochs && nnz > 0; epoch++)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                for (var s = 0; s < nnz; s++)
                {
                    var e = sampler.NextInt(nnz);
                    var u = owner[e];
                    var seen = x.RowColumns(u);
                    if (seen.Length >= items)
                    {
                        continue;
                    }

                    int j;
                    do
                    {
                        j = sampler.NextInt(items);
                    }
                    while (seen.BinarySearch(j) >= 0);

                    Step(u, columns[e], j);
                }

                context.Report("bpr epochs", (epoch + 1.0) / o.Epochs);
            }
        }

        // Stratified SGD (Gemulla, Nijkamp, Haas and Sismanis, "Large-scale matrix factorization with distributed
        // stochastic gradient descent", KDD 2011): users and items are split into S strata by index modulo S; in
        // sub-epoch s thread t samples only interactions of user stratum t with item stratum (t + s) mod S, and
        // negatives from that item stratum, so no two threads touch the same parameters. Each (epoch, s, t) has its
        // own generator, so the model depends on the seed and S only, never on scheduling.
        public void RunStratified(TrainingContext context, int strata)
        {
            var columns = x.ColumnIndices;
            var lists = new List<int>[strata * strata];
            for (var c = 0; c < lists.Length; c++)
            {
                lists[c] = [];
            }

            for (var e = 0; e < owner.Length; e++)
            {
                lists[((owner[e] % strata) * strata) + (columns[e] % strata)].Add(e);
            }

            var cells = Array.ConvertAll(lists, static l => l.ToArray());
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = strata, CancellationToken = context.Cancellation };
            for (var epoch = 0; epoch < o.Epochs; epoch++)
            {
                for (var shift = 0; shift < strata; shift++)
                {
                    var (e0, s0) = (epoch, shift);
                    Parallel.For(0, strata, parallel, t => RunCell(context.Seed, e0, s0, t, strata, cells[(t * strata) + ((t + s0) % strata)]));
                }

                context.Report("bpr epochs", (epoch + 1.0) / o.Epochs);
            }
        }

        private void RunCell(int seed, int epoch, int shift, int t, int strata, int[] cell)
        {
            if (cell.Length == 0)
            {
                return;
            }

            var stratum = (t + shift) % strata;
            var stratumSize = (x.Columns - stratum + strata - 1) / strata;
            var columns = x.ColumnIndices;
            var mix = (ulong)(uint)seed;
            mix = (mix * 0x9E3779B97F4A7C15UL) + (ulong)epoch;
            mix = (mix * 0x9E3779B97F4A7C15UL) + (ulong)shift;
            mix = (mix * 0x9E3779B97F4A7C15UL) + (ulong)t;
            var sampler = new Xorshift64Star(mix);
            for (var n = 0; n < cell.Length; n++)
            {
                var e = cell[sampler.NextInt(cell.Length)];
                var u = owner[e];
                var seen = x.RowColumns(u);
                for (var tries = 0; tries < 64; tries++)
                {
                    var j = stratum + (strata * sampler.NextInt(stratumSize));
                    if (seen.BinarySearch(j) < 0)
                    {
                        Step(u, columns[e], j);
                        break;
                    }
                }
            }
        }

        private void Step(int u, int i, int j)
        {
            var k = o.Factors;
            var lr = o.LearningRate;
            var pu = p.AsSpan(u * k, k);
            var qi = q.AsSpan(i * k, k);
            var qj = q.AsSpan(j * k, k);
            var margin = bias[i] - bias[j] + BprStep.Margin(pu, qi, qj);

            // d/dθ ln σ(margin) = σ(-margin) · d margin/dθ.
            var g = 1f / (1f + MathF.Exp(margin));
            BprStep.Update(pu, qi, qj, lr * g, _decay);
            bias[i] += lr * (g - (o.BiasRegularization * bias[i]));
            bias[j] += lr * (-g - (o.BiasRegularization * bias[j]));
        }
    }

    private static float[] Gaussian(ref Xorshift64Star rng, long count, float scale)
    {
        var values = new float[count];
        for (long a = 0; a < count; a++)
        {
            // Box-Muller; one draw per pair keeps the stream simple.
            var u1 = 1.0 - rng.NextDouble();
            var u2 = rng.NextDouble();
            values[a] = (float)(scale * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }

        return values;
    }
}
