using System.Numerics.Tensors;
using Penchant.Core.Data;
using Penchant.Core.Numerics;

namespace Penchant.Core.Recommenders.Ease;

/// <summary>Options for <see cref="EaseRecommender"/>.</summary>
/// <param name="Lambda">L2 regularisation added to the Gram matrix's diagonal.</param>
/// <param name="Binary">Treat every interaction as 1 (the paper's setting) instead of its evidence weight.</param>
/// <param name="Dropout">
/// Emphasised-denoising dropout probability p in [0, 1) (EDLAE): each item's regularisation grows by
/// p / (1 - p) times its own Gram diagonal, so popular items are shrunk more. 0 is plain EASE.
/// </param>
/// <param name="ZeroDiagonal">
/// Keep EASE's constraint diag(B) = 0. Without it (only meaningful with <paramref name="Dropout"/> &gt; 0, which is
/// what keeps B from the identity) B = I - PΛ, the unconstrained full-rank EDLAE solution.
/// </param>
/// <param name="TimeScale">
/// When positive, τ in seconds: a pair of a shopper's items counts exp(−|Δt| / τ) in the Gram matrix instead of 1, with
/// Δt between the shopper's latest interactions with the two (<see cref="InteractionData.RowTimes"/>), so items taken
/// up together count more than items months apart. Each item still counts 1 with itself, so λ means what it means
/// without. 0 is plain EASE.
/// </param>
/// <param name="Recency">
/// When positive, ρ in positions of the shopper's sequence: scoring weighs each history item by exp(−k / ρ), k being how
/// many events came after its latest occurrence (the newest counts 1), instead of counting every item alike; items
/// further back than 10ρ are left out (their weight is below e^−10). 0 scores the whole history evenly.
/// </param>
public sealed record EaseOptions(float Lambda = 500f, bool Binary = true, float Dropout = 0f, bool ZeroDiagonal = true, float TimeScale = 0f, float Recency = 0f);

/// <summary>
/// EASE^R: a shallow linear autoencoder with a zero-diagonal item-item weight matrix, in closed form.
/// </summary>
/// <remarks>
/// Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019. G = XᵀX + λI is accumulated from
/// each user's nonzeros (sparse, never a dense product), P = G⁻¹ by Penchant's blocked SIMD SPD inverse
/// (<see cref="SpdInverse"/>), and B = I − P·diag(1/diag(P)), i.e. B[i, j] = −P[i, j] / P[j, j] with a zero diagonal.
/// A shopper's scores are their history row times B, so new events count without refitting.
/// With <see cref="EaseOptions.Dropout"/> p the diagonal regulariser is Λ = λI + p/(1 − p)·diag(XᵀX), the expected
/// penalty of dropping each input with probability p (Steck, "Autoencoders that don't overfit towards the Identity",
/// NeurIPS 2020, EDLAE full rank); without the zero-diagonal constraint B = (G + Λ)⁻¹G = I − PΛ, B[i, j] = δ_ij − P[i, j]Λ_jj.
/// With <see cref="EaseOptions.TimeScale"/> τ each shopper's block of the Gram matrix is XᵤᵀKᵤXᵤ, where Kᵤ[a, b] =
/// exp(−|tₐ − t_b| / τ) is the Laplace kernel over the times of their items: positive semi-definite, so G stays a sum of
/// positive semi-definite blocks and G + λI is positive definite. It is the closed form of the same autoencoder whose
/// errors are weighted more between items used close in time, in the spirit of the session-aware item-item models of
/// Choi, Kim, Lee, Shim and Lee ("Session-aware linear item-item models for session-based recommendation", WWW 2021),
/// which build their Gram matrix from sessions, but with a soft window instead of session boundaries.
/// </remarks>
public sealed class EaseRecommender(EaseOptions? options = null) : IRecommender, IRidgeScalable
{
    public EaseOptions Options { get; } = options ?? new EaseOptions();

    public string Name => EaseModel.KindName;

    /// <inheritdoc />
    public IRecommender WithRidgeScale(double factor)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(factor);
        return new EaseRecommender(Options with { Lambda = (float)(Options.Lambda * factor) });
    }

    public IRecommenderModel Fit(InteractionData data, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfNegative(Options.Recency);
        var (g, penalty) = RegularizedGram(data, Options, context);
        var n = data.Matrix.Columns;
        context.Report("ease inverse", 0.2);
        if (!SpdInverse.TryInvert<float>(g, n))
        {
            throw new InvalidOperationException($"EASE: XᵀX + {Options.Lambda}·I is not positive definite in float precision; raise Lambda.");
        }

        // B = -P / diag(P) column-wise, zero diagonal (or B = I - PΛ without the constraint). Stored row-major:
        // row h holds B[h, :], the weights from history item h to every item, so scoring adds rows.
        var zeroDiagonal = Options.ZeroDiagonal;
        var diagonal = new float[n];
        for (var j = 0; j < n; j++)
        {
            diagonal[j] = g[((long)j * n) + j];
        }

        Parallel.For(0, n, i =>
        {
            var row = g.AsSpan((int)((long)i * n), n);
            if (zeroDiagonal)
            {
                TensorPrimitives.Divide(row, diagonal, row);
            }
            else
            {
                TensorPrimitives.Multiply(row, penalty, row);
            }

            TensorPrimitives.Negate(row, row);
            row[i] = zeroDiagonal ? 0f : 1f + row[i];
        });

        context.Report("ease", 1);
        return new EaseModel(n, g, Options.Binary, Options.Recency);
    }

    /// <summary>
    /// G + Λ for <paramref name="options"/>: the Gram matrix XᵀX (binary or weighted, with the time kernel when
    /// <see cref="EaseOptions.TimeScale"/> is set; lower triangle only, accumulated from each row's nonzeros) with
    /// Λ = λ + p/(1 − p)·diag(XᵀX) added to its diagonal, and Λ itself.
    /// </summary>
    internal static (float[] Gram, float[] Penalty) RegularizedGram(InteractionData data, EaseOptions options, TrainingContext context)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.TimeScale);
        var x = data.Matrix;
        var n = x.Columns;
        var g = new float[(long)n * n];
        var inverseScale = options.TimeScale > 0 ? 1.0 / options.TimeScale : 0.0;
        context.Report("ease gram", 0);

        // Lower triangle of XᵀX from each row's nonzeros; rows are split over workers, each with its own
        // accumulator band of item rows, so no two threads write the same cell.
        var workers = Math.Max(1, Math.Min(Environment.ProcessorCount, n / 64));
        var bands = Enumerable.Range(0, workers + 1).Select(w => (int)((long)n * w / workers)).ToArray();
        Parallel.For(0, workers, new ParallelOptions { CancellationToken = context.Cancellation }, w =>
        {
            int lo = bands[w], hi = bands[w + 1];
            for (var u = 0; u < x.Rows; u++)
            {
                var cols = x.RowColumns(u);
                var vals = x.RowValues(u);
                var times = data.RowTimes(u);
                for (var a = 0; a < cols.Length; a++)
                {
                    var i = cols[a];
                    if (i < lo || i >= hi)
                    {
                        continue;
                    }

                    var wi = options.Binary ? 1f : vals[a];
                    var row = g.AsSpan((int)((long)i * n), n);
                    if (inverseScale > 0)
                    {
                        var ta = times[a];
                        for (var b = 0; b <= a; b++)
                        {
                            var kernel = (float)Math.Exp(-Math.Abs(ta - times[b]) * inverseScale);
                            row[cols[b]] += wi * (options.Binary ? 1f : vals[b]) * kernel;
                        }
                    }
                    else
                    {
                        for (var b = 0; b <= a; b++)
                        {
                            row[cols[b]] += wi * (options.Binary ? 1f : vals[b]);
                        }
                    }
                }
            }
        });

        ArgumentOutOfRangeException.ThrowIfNegative(options.Dropout);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(options.Dropout, 1f);
        var emphasis = options.Dropout / (1f - options.Dropout);
        var penalty = new float[n];
        for (var i = 0; i < n; i++)
        {
            var at = ((long)i * n) + i;
            penalty[i] = options.Lambda + (emphasis * g[at]);
            g[at] += penalty[i];
        }

        return (g, penalty);
    }
}

/// <summary>A trained EASE model: the dense item-item weight matrix B.</summary>
public sealed class EaseModel : IRecommenderModel, IItemPairSimilarity, IHistoryWeights
{
    public const string KindName = "ease";

    private readonly float[] _weights;
    private readonly bool _binary;

    /// <param name="itemCount">Items.</param>
    /// <param name="weights">B, row-major.</param>
    /// <param name="binary">Count each history item 1 rather than its evidence weight.</param>
    /// <param name="recency">ρ of <see cref="EaseOptions.Recency"/>; 0 scores the whole history evenly.</param>
    public EaseModel(int itemCount, float[] weights, bool binary, float recency = 0f)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(recency);
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.LongLength != (long)itemCount * itemCount)
        {
            throw new ArgumentException("weights must be itemCount x itemCount.", nameof(weights));
        }

        ItemCount = itemCount;
        _weights = weights;
        _binary = binary;
        Recency = recency;
    }

    /// <summary>ρ of <see cref="EaseOptions.Recency"/>; 0 when the whole history counts evenly.</summary>
    public float Recency { get; }

    public string Kind => KindName;

    public int ItemCount { get; }

    /// <summary>B[from, to].</summary>
    public float Weight(int from, int to) => _weights[((long)from * ItemCount) + to];

    public void Score(UserQuery query, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(query);
        scores.Clear();
        if (Recency > 0 && query.Sequence.Length > 0)
        {
            ScoreRecent(query.Sequence, scores);
            return;
        }

        for (var h = 0; h < query.Items.Length; h++)
        {
            var item = query.Items[h];
            if ((uint)item >= (uint)ItemCount)
            {
                continue;
            }

            var w = _binary ? 1f : query.Weights[h];
            if (w > 0)
            {
                TensorPrimitives.MultiplyAdd(_weights.AsSpan((int)((long)item * ItemCount), ItemCount), w, scores, scores);
            }
        }
    }

    /// <summary>
    /// Adds each item's row of B weighted by exp(−k / ρ) for its latest occurrence k events from the end; an item seen
    /// again later was already added with the larger weight, so earlier occurrences are skipped.
    /// </summary>
    private void ScoreRecent(ReadOnlySpan<int> sequence, Span<float> scores)
    {
        var recent = RecentWindow(sequence);
        for (var at = recent.Length - 1; at >= 0; at--)
        {
            var item = recent[at];
            if ((uint)item >= (uint)ItemCount || recent[(at + 1)..].Contains(item))
            {
                continue;
            }

            TensorPrimitives.MultiplyAdd(_weights.AsSpan((int)((long)item * ItemCount), ItemCount), RecencyWeight(recent, at), scores, scores);
        }
    }

    /// <summary>The last 10ρ events of <paramref name="sequence"/>: further back the weight is below e^−10.</summary>
    private ReadOnlySpan<int> RecentWindow(ReadOnlySpan<int> sequence) =>
        sequence[^(int)Math.Min(sequence.Length, Math.Ceiling(10 * Recency))..];

    /// <summary>exp(−k / ρ) for the event at <paramref name="at"/> in <paramref name="recent"/>, k events from its end.</summary>
    private float RecencyWeight(ReadOnlySpan<int> recent, int at) => MathF.Exp(-(recent.Length - 1 - at) / Recency);

    /// <summary>
    /// With recency, exp(−k / ρ) for the item's latest occurrence k events back (0 outside the 10ρ window); otherwise 1,
    /// or its evidence weight when the model is not binary: what <see cref="Score"/> multiplies its row of B by.
    /// </summary>
    public float HistoryWeight(UserQuery query, int item)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (Recency > 0 && query.Sequence.Length > 0)
        {
            var recent = RecentWindow(query.Sequence);
            var at = recent.LastIndexOf(item);
            return at < 0 ? 0f : RecencyWeight(recent, at);
        }

        var index = Array.BinarySearch(query.Items, item);
        return index < 0 ? 0f : _binary ? 1f : Math.Max(0f, query.Weights[index]);
    }

    public void ScoreSimilar(int item, Span<float> scores)
    {
        if ((uint)item >= (uint)ItemCount)
        {
            scores.Clear();
            return;
        }

        _weights.AsSpan((int)((long)item * ItemCount), ItemCount).CopyTo(scores);
    }

    public float Similarity(int a, int b) => (uint)a < (uint)ItemCount && (uint)b < (uint)ItemCount ? Weight(a, b) : 0f;

    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(ItemCount);
        writer.Write(_binary);
        writer.Write(Recency);
        ModelFile.WriteArray(writer, _weights);
    }

    /// <summary>Reads what <see cref="Write"/> wrote; files before format version 3 have no recency (ρ 0).</summary>
    public static EaseModel Read(BinaryReader reader, int version)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var n = reader.ReadInt32();
        var binary = reader.ReadBoolean();
        var recency = version >= 3 ? reader.ReadSingle() : 0f;
        return new EaseModel(n, ModelFile.ReadFloats(reader), binary, recency);
    }
}
