using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Penchant.Core.Numerics;

namespace Penchant.Core.Recommenders.Bpr;

/// <summary>
/// A trained BPR matrix-factorisation model: item factors and biases, the training users' factors, and each
/// training user's history fingerprint. Scoring allocates nothing.
/// </summary>
/// <remarks>
/// A query whose user is known and whose item set matches the training history uses the stored user factors.
/// Otherwise the user vector is folded in from the history (<see cref="BprFoldIn"/>): either by BPR SGD steps on
/// the history with the items fixed (O(epochs x |history| x k)), or by regularised least squares,
/// p = (c₀ QᵀQ + Σ_h q_h q_hᵀ + λI)⁻¹ Σ_h q_h: target 1 on history items, target 0 with weight c₀ on every
/// item, as in the implicit-feedback fold-in of Hu, Koren and Volinsky (ICDM 2008), with the k x k system solved
/// by <see cref="Cholesky"/>; QᵀQ is precomputed, so that costs O(|history| k² + k³) before the O(n k) scoring.
/// </remarks>
public sealed class BprModel : IFactorModel, IItemPairSimilarity
{
    public const string KindName = "bpr";

    // Factor counts up to this use stack buffers (the fold-in system is StackFactors² floats, 16 KB).
    private const int StackFactors = 64;

    private readonly int _factors;
    private readonly float[] _userFactors;
    private readonly float[] _itemFactors;
    private readonly float[] _itemBias;
    private readonly ulong[] _fingerprints;
    private readonly BprOptions _options;
    private readonly float[] _gram;
    private readonly float[] _itemNorms;

    /// <summary>Wraps trained arrays (not copied); <paramref name="options"/> supplies the fold-in settings.</summary>
    public BprModel(int factors, float[] userFactors, float[] itemFactors, float[] itemBias, ulong[] fingerprints, BprOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(userFactors);
        ArgumentNullException.ThrowIfNull(itemFactors);
        ArgumentNullException.ThrowIfNull(itemBias);
        ArgumentNullException.ThrowIfNull(fingerprints);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(factors);
        if (itemFactors.Length != itemBias.Length * factors || userFactors.Length != fingerprints.Length * factors)
        {
            throw new ArgumentException("Factor arrays do not match the item and user counts.");
        }

        _factors = factors;
        _userFactors = userFactors;
        _itemFactors = itemFactors;
        _itemBias = itemBias;
        _fingerprints = fingerprints;
        _options = options with { Factors = factors };
        _gram = new float[factors * factors];
        VectorOps.Gram(itemFactors, factors, _gram);
        _itemNorms = VectorOps.RowNorms(itemFactors, factors);
    }

    public string Kind => KindName;

    public int ItemCount => _itemBias.Length;

    /// <summary>Latent dimensions.</summary>
    public int Factors => _factors;

    /// <summary>The number of training users with stored factors.</summary>
    public int UserCount => _fingerprints.Length;

    /// <summary>The factors of item <paramref name="item"/>.</summary>
    public ReadOnlySpan<float> ItemFactors(int item) => _itemFactors.AsSpan(item * _factors, _factors);

    /// <summary>The bias of each item.</summary>
    public ReadOnlySpan<float> ItemBias => _itemBias;

    /// <summary>The stored factors of training user <paramref name="user"/>.</summary>
    public ReadOnlySpan<float> UserFactors(int user) => _userFactors.AsSpan(user * _factors, _factors);

    /// <inheritdoc/>
    public ReadOnlyMemory<float> ItemFactorRows => _itemFactors;

    /// <inheritdoc/>
    public ReadOnlyMemory<float> ItemBiases => _itemBias;

    public void Score(UserQuery query, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(query);
        float[]? rented = null;
        var user = _factors <= StackFactors ? stackalloc float[_factors] : (rented = ArrayPool<float>.Shared.Rent(_factors)).AsSpan(0, _factors);
        try
        {
            UserVector(query, user);
            VectorOps.MatVec(_itemFactors, _factors, user, scores[..ItemCount]);
            TensorPrimitives.Add(scores[..ItemCount], _itemBias, scores[..ItemCount]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Writes the user vector for <paramref name="query"/>: the stored one for an unchanged training history,
    /// zero for an empty history, otherwise the least-squares fold-in.
    /// </summary>
    public void UserVector(UserQuery query, Span<float> user)
    {
        ArgumentNullException.ThrowIfNull(query);
        var k = _factors;
        user = user[..k];
        if (query.Items.Length == 0)
        {
            user.Clear();
            return;
        }

        if ((uint)query.User < (uint)_fingerprints.Length && _fingerprints[query.User] == Fingerprint(query.Items))
        {
            UserFactors(query.User).CopyTo(user);
            return;
        }

        if (_options.FoldIn == BprFoldIn.LeastSquares)
        {
            FoldInLeastSquares(query.Items, user);
        }
        else
        {
            FoldInSgd(query.Items, user);
        }
    }

    /// <summary>
    /// The SGD fold-in of a history (ascending distinct items; items out of range are ignored): BPR steps on the
    /// user vector alone from zero, negatives from a generator seeded by the history's fingerprint.
    /// </summary>
    public void FoldInSgd(ReadOnlySpan<int> history, Span<float> user)
    {
        var k = _factors;
        user = user[..k];
        user.Clear();
        var n = ItemCount;
        var valid = 0;
        foreach (var item in history)
        {
            valid += (uint)item < (uint)n ? 1 : 0;
        }

        if (valid == 0 || valid >= n)
        {
            return;
        }

        float[]? rented = null;
        var diff = k <= StackFactors ? stackalloc float[k] : (rented = ArrayPool<float>.Shared.Rent(k)).AsSpan(0, k);
        try
        {
            var lr = _options.LearningRate;
            var decay = 1f - (lr * _options.Regularization);
            var sampler = new Xorshift64Star(Fingerprint(history));
            var steps = (long)_options.FoldInEpochs * valid;
            for (long s = 0; s < steps; s++)
            {
                var i = history[sampler.NextInt(history.Length)];
                if ((uint)i >= (uint)n)
                {
                    continue;
                }

                int j;
                do
                {
                    j = sampler.NextInt(n);
                }
                while (history.BinarySearch(j) >= 0);

                TensorPrimitives.Subtract(ItemFactors(i), ItemFactors(j), diff);
                var margin = _itemBias[i] - _itemBias[j] + TensorPrimitives.Dot(user, diff);
                var g = 1f / (1f + MathF.Exp(margin));
                TensorPrimitives.Multiply(user, decay, user);
                TensorPrimitives.MultiplyAdd(diff, lr * g, user, user);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The least-squares fold-in of a history (items out of range are ignored).</summary>
    public void FoldInLeastSquares(ReadOnlySpan<int> history, Span<float> user)
    {
        var k = _factors;
        float[]? rented = null;
        var system = k <= StackFactors ? stackalloc float[k * k] : (rented = ArrayPool<float>.Shared.Rent(k * k)).AsSpan(0, k * k);
        try
        {
            TensorPrimitives.Multiply(_gram, _options.FoldInUnobservedWeight, system);
            user[..k].Clear();
            foreach (var item in history)
            {
                if ((uint)item >= (uint)ItemCount)
                {
                    continue;
                }

                var v = ItemFactors(item);
                for (var a = 0; a < k; a++)
                {
                    // Lower triangle only: the factorisation reads nothing else.
                    var row = system.Slice(a * k, a + 1);
                    TensorPrimitives.MultiplyAdd(v[..(a + 1)], v[a], row, row);
                }

                TensorPrimitives.Add(user[..k], v, user[..k]);
            }

            for (var a = 0; a < k; a++)
            {
                system[(a * k) + a] += _options.FoldInRegularization;
            }

            if (Cholesky.TryFactor(system, k))
            {
                Cholesky.Solve<float>(system, k, user[..k]);
            }
            else
            {
                user[..k].Clear();
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Cosine similarity of item factors.</summary>
    public void ScoreSimilar(int item, Span<float> scores) => VectorOps.CosineToRow(_itemFactors, _factors, _itemNorms, item, scores);

    public float Similarity(int a, int b) => VectorOps.CosineOfRows(_itemFactors, _factors, _itemNorms, a, b);

    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_factors);
        writer.Write(_options.LearningRate);
        writer.Write(_options.Regularization);
        writer.Write((int)_options.FoldIn);
        writer.Write(_options.FoldInEpochs);
        writer.Write(_options.FoldInRegularization);
        writer.Write(_options.FoldInUnobservedWeight);
        ModelFile.WriteArray(writer, _itemFactors);
        ModelFile.WriteArray(writer, _itemBias);
        ModelFile.WriteArray(writer, _userFactors);
        ModelFile.WriteArray(writer, MemoryMarshal.Cast<ulong, int>(_fingerprints.AsSpan()));
    }

    public static BprModel Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var factors = reader.ReadInt32();
        var options = new BprOptions(
            Factors: factors,
            LearningRate: reader.ReadSingle(),
            Regularization: reader.ReadSingle(),
            FoldIn: (BprFoldIn)reader.ReadInt32(),
            FoldInEpochs: reader.ReadInt32(),
            FoldInRegularization: reader.ReadSingle(),
            FoldInUnobservedWeight: reader.ReadSingle());
        var items = ModelFile.ReadFloats(reader);
        var bias = ModelFile.ReadFloats(reader);
        var users = ModelFile.ReadFloats(reader);
        var fingerprints = MemoryMarshal.Cast<int, ulong>(ModelFile.ReadInts(reader).AsSpan()).ToArray();
        return new BprModel(factors, users, items, bias, fingerprints, options);
    }

    /// <summary>A 64-bit fingerprint of a sorted distinct item set, to recognise an unchanged training history.</summary>
    public static ulong Fingerprint(ReadOnlySpan<int> items)
    {
        var h = 0x9E3779B97F4A7C15UL ^ (ulong)items.Length;
        foreach (var item in items)
        {
            h ^= (uint)item;
            h *= 0xFF51AFD7ED558CCDUL;
            h ^= h >> 33;
        }

        return h;
    }
}
