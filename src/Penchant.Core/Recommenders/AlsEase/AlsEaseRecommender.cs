using System.Numerics.Tensors;
using Penchant.Core.Data;
using Penchant.Core.Numerics;
using Penchant.Core.Recommenders.Als;
using Penchant.Core.Recommenders.Ease;

namespace Penchant.Core.Recommenders.AlsEase;

/// <summary>Options for <see cref="AlsEaseRecommender"/>.</summary>
/// <param name="Als">The first stage, implicit ALS (one factorisation: <see cref="AlsOptions.Bag"/> must be 1).</param>
/// <param name="Lambda">λ of the second stage's ridge.</param>
/// <param name="Dropout">
/// Emphasised-denoising dropout p of the second stage (as <see cref="EaseOptions.Dropout"/>): each item's ridge grows by
/// p / (1 − p) times its number of shoppers.
/// </param>
/// <param name="ZeroDiagonal">Constrain the second stage's diagonal to zero (EASE's constraint); without it (the
/// default) the dropout penalty is what keeps an item from predicting itself.</param>
/// <param name="Weight">How much the second stage counts in the score: ALS's score plus this times the history's rows of B.</param>
public sealed record AlsEaseOptions(AlsOptions Als, float Lambda = 1000f, float Dropout = 0.5f, bool ZeroDiagonal = false, float Weight = 1f);

/// <summary>
/// Implicit ALS, then an EASE-family item-item model fitted in closed form to what ALS leaves unexplained (stagewise
/// fitting, as in boosting): the second stage B minimises ‖X − S − XB‖² + Σᵢ Λᵢ‖Bᵢ‖², where X is the binary
/// interaction matrix, S the ALS scores of the training shoppers, and Λ = λ + p/(1 − p)·diag(XᵀX) EDLAE's ridge. A
/// shopper scores ALS's score plus <see cref="AlsEaseOptions.Weight"/> times the sum of their history's rows of B.
/// </summary>
/// <remarks>
/// With P = (XᵀX + Λ)⁻¹ the unconstrained solution is B₀ = P·Xᵀ(X − S) = I − PΛ − (P·XᵀU)·Vᵀ, S being U·Vᵀ (shoppers'
/// folded-in vectors times item factors), so the dense S is never formed: XᵀU takes one pass over the nonzeros, and
/// the rest is one n × n × k product. With diag(B) = 0 the Lagrange multipliers μⱼ = B₀[j, j] / P[j, j] give
/// B = B₀ − P·diag(μ), as EASE's closed form is derived (Steck, WWW 2019); with S = 0 this is EASE (or EDLAE) itself.
/// A blend of ALS and EDLAE fitted apart lets each model explain the same part of the data; fitted stagewise, the
/// item-item model learns only what the low-rank model misses. On ten test-shaped validation carves of MovieLens
/// 100K u1.base this beat the z-scored blend of the two by 0.0013-0.0021 NDCG@10 (bench <c>ml100k-residual</c>).
/// </remarks>
public sealed class AlsEaseRecommender : IRecommender
{
    /// <summary>Checks <paramref name="options"/>: one ALS factorisation, λ ≥ 0, a finite weight.</summary>
    public AlsEaseRecommender(AlsEaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Als.Bag != 1 || !(options.Lambda >= 0) || !float.IsFinite(options.Lambda) || !float.IsFinite(options.Weight))
        {
            throw new ArgumentException(
                $"ALS-EASE needs one ALS factorisation as its first stage (Bag = 1, not {options.Als.Bag}), a finite Lambda ≥ 0 (not {options.Lambda}) and a finite Weight (not {options.Weight}).",
                nameof(options));
        }

        Options = options;
    }

    public AlsEaseOptions Options { get; }

    public string Name => AlsEaseModel.KindName;

    public IRecommenderModel Fit(InteractionData data, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(context);
        var als = (AlsModel)new AlsRecommender(Options.Als).Fit(data, context);
        var x = data.Matrix;
        int users = x.Rows, n = x.Columns, k = als.Factors;
        context.Report("als-ease residual", 0.5);

        // U: each training shopper's folded-in vector, exactly what scoring uses, so S is the scores ALS serves.
        var u = new float[(long)users * k];
        Parallel.For(0, users, new ParallelOptions { CancellationToken = context.Cancellation }, user =>
        {
            var row = u.AsSpan((int)((long)user * k), k);
            als.UserVector(x.RowColumns(user), x.RowValues(user), row);
        });

        // XᵀU (n × k), binary X, from each shopper's nonzeros.
        var xtu = new float[(long)n * k];
        for (var user = 0; user < users; user++)
        {
            var vector = u.AsSpan((int)((long)user * k), k);
            foreach (var item in x.RowColumns(user))
            {
                var target = xtu.AsSpan((int)((long)item * k), k);
                TensorPrimitives.Add(target, vector, target);
            }
        }

        var ease = new EaseOptions(Options.Lambda, Binary: true, Dropout: Options.Dropout, ZeroDiagonal: Options.ZeroDiagonal);
        var (p, penalty) = EaseRecommender.RegularizedGram(data, ease, context);
        context.Report("als-ease inverse", 0.6);
        if (!SpdInverse.TryInvert<float>(p, n))
        {
            throw new InvalidOperationException($"ALS-EASE: XᵀX + Λ (λ {Options.Lambda}) is not positive definite in float precision; raise Lambda.");
        }

        // M = P·XᵀU (n × k), negated so that one product subtracts M·Vᵀ below.
        var m = new float[(long)n * k];
        Gemm.MultiplyParallel(n, k, n, p, 0, n, xtu, 0, k, m, 0, k, accumulate: false);
        TensorPrimitives.Negate(m, m);
        var v = als.ItemFactorRows.ToArray();
        var vt = new float[(long)k * n];
        Gemm.Transpose(n, k, v, k, vt, n);

        // Column factor cⱼ = Λⱼ + μⱼ (μ = 0 without the constraint), from the diagonal alone: B₀[j, j] = 1 − P[j, j]Λⱼ − M[j]·V[j].
        var column = new float[n];
        for (var j = 0; j < n; j++)
        {
            var pjj = p[((long)j * n) + j];
            var b0 = 1f - (pjj * penalty[j]) + TensorPrimitives.Dot(m.AsSpan(j * k, k), v.AsSpan(j * k, k));
            column[j] = -(penalty[j] + (Options.ZeroDiagonal ? b0 / pjj : 0f));
        }

        // B = I − P·diag(c) − M·Vᵀ, in P's own memory.
        Parallel.For(0, n, i =>
        {
            var row = p.AsSpan((int)((long)i * n), n);
            TensorPrimitives.Multiply(row, column, row);
            row[i] += 1f;
        });
        Gemm.MultiplyParallel(n, n, k, m, 0, k, vt, 0, n, p, 0, n, accumulate: true);
        if (Options.ZeroDiagonal)
        {
            for (var i = 0; i < n; i++)
            {
                p[((long)i * n) + i] = 0f;
            }
        }

        context.Report("als-ease", 1);
        return new AlsEaseModel(als, p, Options.Weight);
    }
}

/// <summary>
/// A trained <see cref="AlsEaseRecommender"/>: the ALS model, the residual item-item matrix B, and B's weight. An item's
/// neighbours are the scores of a history holding that item alone; each item's one-item ALS vector is solved once, when
/// first asked for, so that the similarity of a pair (for reasons) costs one dot product.
/// </summary>
public sealed class AlsEaseModel : IRecommenderModel, IItemPairSimilarity
{
    public const string KindName = "als-ease";

    private readonly float[] _weights;

    // Per item, the ALS vector of a history holding it alone (null until first asked for).
    private readonly float[]?[] _single;

    /// <param name="als">The first stage.</param>
    /// <param name="weights">B, row-major (row h: from history item h to every item).</param>
    /// <param name="weight">B's weight in the score.</param>
    public AlsEaseModel(AlsModel als, float[] weights, float weight)
    {
        ArgumentNullException.ThrowIfNull(als);
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.LongLength != (long)als.ItemCount * als.ItemCount)
        {
            throw new ArgumentException("B must be items x items.", nameof(weights));
        }

        Als = als;
        _weights = weights;
        Weight = weight;
        _single = new float[]?[als.ItemCount];
    }

    public string Kind => KindName;

    public int ItemCount => Als.ItemCount;

    /// <summary>The first stage.</summary>
    public AlsModel Als { get; }

    /// <summary>B's weight in the score.</summary>
    public float Weight { get; }

    /// <summary>The same fit with B weighted <paramref name="weight"/> in the score (B is shared, not copied).</summary>
    public AlsEaseModel WithWeight(float weight) => new(Als, _weights, weight);

    /// <summary>B[from, to].</summary>
    public float Residual(int from, int to) => _weights[((long)from * ItemCount) + to];

    /// <summary>ALS's score for the history, plus <see cref="Weight"/> times each history item's row of B (binary: every item counts 1).</summary>
    public void Score(UserQuery query, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(query);
        var n = ItemCount;
        Als.Score(query, scores);
        foreach (var h in query.Items)
        {
            if ((uint)h < (uint)n)
            {
                TensorPrimitives.MultiplyAdd(_weights.AsSpan((int)((long)h * n), n), Weight, scores[..n], scores[..n]);
            }
        }
    }

    /// <summary>An item's neighbours: the scores of a history holding that item alone.</summary>
    public void ScoreSimilar(int item, Span<float> scores)
    {
        var n = ItemCount;
        if ((uint)item >= (uint)n)
        {
            scores[..n].Clear();
            return;
        }

        VectorOps.MatVec(Als.ItemFactorRows.Span, Als.Factors, Single(item), scores[..n]);
        TensorPrimitives.MultiplyAdd(_weights.AsSpan((int)((long)item * n), n), Weight, scores[..n], scores[..n]);
    }

    /// <summary>What <see cref="ScoreSimilar"/> writes at <paramref name="b"/> for <paramref name="a"/>.</summary>
    public float Similarity(int a, int b) =>
        (uint)a < (uint)ItemCount && (uint)b < (uint)ItemCount
            ? TensorPrimitives.Dot(Single(a), Als.ItemFactors(b)) + (Weight * Residual(a, b))
            : 0f;

    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Als.Write(writer);
        writer.Write(Weight);
        ModelFile.WriteArray(writer, _weights);
    }

    /// <summary>Reads a model written by <see cref="Write"/> in format <paramref name="version"/>.</summary>
    public static AlsEaseModel Read(BinaryReader reader, int version)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var als = AlsModel.Read(reader, version);
        var weight = reader.ReadSingle();
        return new AlsEaseModel(als, ModelFile.ReadFloats(reader), weight);
    }

    // The ALS vector of a history holding the item alone, solved once (a race solves it twice, to the same values).
    private float[] Single(int item)
    {
        if (Volatile.Read(ref _single[item]) is { } known)
        {
            return known;
        }

        var vector = new float[Als.Factors];
        Als.UserVector([item], [1f], vector);
        Volatile.Write(ref _single[item], vector);
        return vector;
    }
}
