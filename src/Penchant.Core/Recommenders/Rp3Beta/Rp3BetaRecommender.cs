using Penchant.Core.Data;
using Penchant.Core.Numerics;
using Penchant.Core.Recommenders.ItemKnn;

namespace Penchant.Core.Recommenders.Rp3Beta;

/// <summary>Options for <see cref="Rp3BetaRecommender"/>.</summary>
/// <param name="Alpha">Exponent on the random walk's transition probabilities (1 = the plain walk, P³).</param>
/// <param name="Beta">Popularity penalty: the walk's arrival probability at item j is divided by degree(j)^β.</param>
/// <param name="Neighbors">How many highest-probability target items each item keeps.</param>
/// <param name="NormalizeRows">Rescale each item's kept weights to sum to 1 (L1), as an optional last step.</param>
public sealed record Rp3BetaOptions(float Alpha = 1f, float Beta = 0.3f, int Neighbors = 200, bool NormalizeRows = false);

/// <summary>
/// RP3beta: item-to-item weights from a three-step random walk on the user-item graph, re-ranked by a popularity
/// penalty, then used like item-kNN neighbourhoods.
/// </summary>
/// <remarks>
/// Paudel, Christoffel, Newell and Bernstein, "Updatable, accurate, diverse, and scalable recommendations for
/// interactive applications", ACM TiiS 2016 (the RP³β variant of Cooper et al.'s P³ walk). With binary data the walk
/// from item i to user u has probability 1/deg(i), from user u to item j 1/deg(u); each is raised to α, so
/// W[i, j] = deg(i)^−α · Σ_{u ∋ i, j} deg(u)^−α / deg(j)^β. Only the top <see cref="Rp3BetaOptions.Neighbors"/>
/// of each row are kept (the diagonal never is), and a shopper's score for j is the sum of W[h, j] over their
/// history items h. The trained model is an <see cref="ItemKnnModel"/> (sparse neighbour lists), so it scores,
/// saves and loads in that versioned format.
/// </remarks>
public sealed class Rp3BetaRecommender(Rp3BetaOptions? options = null) : IRecommender
{
    public const string KindName = "rp3beta";

    public Rp3BetaOptions Options { get; } = options ?? new Rp3BetaOptions();

    public string Name => KindName;

    public IRecommenderModel Fit(InteractionData data, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(context);
        var x = data.Matrix.Binarize();
        var xt = x.Transpose();
        var n = x.Columns;
        var k = Math.Max(1, Math.Min(Options.Neighbors, Math.Max(1, n - 1)));

        // deg(u)^-α per user; deg(i)^-α (leaving item i) and deg(j)^-β (arriving at j) per item.
        var userStep = new float[x.Rows];
        for (var u = 0; u < x.Rows; u++)
        {
            var d = x.RowLength(u);
            userStep[u] = d > 0 ? MathF.Pow(d, -Options.Alpha) : 0f;
        }

        var itemStep = new float[n];
        var arrival = new float[n];
        for (var i = 0; i < n; i++)
        {
            var d = xt.RowLength(i);
            itemStep[i] = d > 0 ? MathF.Pow(d, -Options.Alpha) : 0f;
            arrival[i] = d > 0 ? MathF.Pow(d, -Options.Beta) : 0f;
        }

        var neighbors = new ScoredItem[n][];
        var done = 0;
        Parallel.For(
            0,
            n,
            new ParallelOptions { CancellationToken = context.Cancellation },
            () => (Walk: new float[n], Touched: new List<int>(), Weights: CreateFilled(n, float.NegativeInfinity)),
            (i, _, local) =>
            {
                neighbors[i] = Row(x, xt.RowColumns(i), userStep, itemStep[i], arrival, i, k, local.Walk, local.Touched, local.Weights);
                var now = Interlocked.Increment(ref done);
                if ((now & 1023) == 0)
                {
                    context.Report("rp3beta walk", (double)now / n);
                }

                return local;
            },
            static _ => { });

        return ItemKnnModel.FromNeighbors(neighbors);
    }

    // One row of W: walk i -> users of i -> their items, then the popularity penalty and the top-k cut.
    // walk and weights come back as they came (zeros, negative infinity).
    private ScoredItem[] Row(
        InteractionMatrix x, ReadOnlySpan<int> users, float[] userStep, float leave, float[] arrival, int self, int k,
        float[] walk, List<int> touched, float[] weights)
    {
        touched.Clear();
        foreach (var u in users)
        {
            var step = userStep[u];
            foreach (var j in x.RowColumns(u))
            {
                if (walk[j] == 0f)
                {
                    touched.Add(j);
                }

                walk[j] += step;
            }
        }

        foreach (var j in touched)
        {
            if (j != self)
            {
                weights[j] = leave * walk[j] * arrival[j];
            }
        }

        var kept = TopK.Select(weights, k);
        foreach (var j in touched)
        {
            walk[j] = 0f;
            weights[j] = float.NegativeInfinity;
        }

        if (Options.NormalizeRows && kept.Length > 0)
        {
            var sum = 0f;
            foreach (var e in kept)
            {
                sum += e.Score;
            }

            for (var a = 0; a < kept.Length; a++)
            {
                kept[a] = kept[a] with { Score = kept[a].Score / sum };
            }
        }

        return kept;
    }

    private static float[] CreateFilled(int length, float value)
    {
        var array = new float[length];
        Array.Fill(array, value);
        return array;
    }
}
