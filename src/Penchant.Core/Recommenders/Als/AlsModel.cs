using System.Buffers;
using Penchant.Core.Numerics;

namespace Penchant.Core.Recommenders.Als;

/// <summary>
/// A trained implicit-ALS model: the item factors. Every query's user vector is the exact least-squares step for
/// its history against those factors (a Cholesky solve of the k x k system, O(|history| k² + k³)), so training
/// users, changed histories and new shoppers are all treated alike. Scoring allocates nothing for k ≤ 64.
/// </summary>
public sealed class AlsModel : IFactorModel, IItemPairSimilarity
{
    public const string KindName = "als";

    private const int StackFactors = 64;

    private readonly int _factors;
    private readonly float[] _itemFactors;
    private readonly AlsOptions _options;
    private readonly float[] _gram;
    private readonly float[] _itemNorms;
    private readonly float[]? _missing;

    /// <summary>
    /// Wraps trained item factors (not copied); <paramref name="options"/> supplies α, λ and the frequency exponent ν,
    /// <paramref name="missingWeights"/> the items' missing-data weights (null: 1 for every item).
    /// </summary>
    public AlsModel(int factors, float[] itemFactors, AlsOptions options, float[]? missingWeights = null)
    {
        ArgumentNullException.ThrowIfNull(itemFactors);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(factors);
        if (itemFactors.Length % factors != 0)
        {
            throw new ArgumentException("The item factors must hold whole rows.", nameof(itemFactors));
        }

        _factors = factors;
        _itemFactors = itemFactors;
        _options = options with { Factors = factors };
        ItemCount = itemFactors.Length / factors;
        if (missingWeights is not null && missingWeights.Length != ItemCount)
        {
            throw new ArgumentException("One missing-data weight per item is needed.", nameof(missingWeights));
        }

        _missing = missingWeights;
        _gram = new float[factors * factors];
        if (missingWeights is null)
        {
            VectorOps.Gram(itemFactors, factors, _gram);
        }
        else
        {
            VectorOps.WeightedGram(itemFactors, factors, missingWeights, _gram);
        }

        _itemNorms = VectorOps.RowNorms(itemFactors, factors);
    }

    public string Kind => KindName;

    public int ItemCount { get; }

    /// <summary>The options the model folds histories in with (α, λ, ν).</summary>
    public AlsOptions Options => _options;

    /// <summary>The items' missing-data weights, or null for weight 1 on every item.</summary>
    public IReadOnlyList<float>? MissingWeights => _missing;

    /// <summary>Latent dimensions.</summary>
    public int Factors => _factors;

    /// <summary>The factors of item <paramref name="item"/>.</summary>
    public ReadOnlySpan<float> ItemFactors(int item) => _itemFactors.AsSpan(item * _factors, _factors);

    /// <inheritdoc/>
    public ReadOnlyMemory<float> ItemFactorRows => _itemFactors;

    /// <inheritdoc/>
    public ReadOnlyMemory<float> ItemBiases => ReadOnlyMemory<float>.Empty;

    public void Score(UserQuery query, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(query);
        var k = _factors;
        Span<float> user = k <= StackFactors ? stackalloc float[k] : new float[k];
        UserVector(query, user);
        VectorOps.MatVec(_itemFactors, k, user, scores[..ItemCount]);
    }

    /// <summary>The user vector for <paramref name="query"/>'s history (see the other overload).</summary>
    public void UserVector(UserQuery query, Span<float> user)
    {
        ArgumentNullException.ThrowIfNull(query);
        UserVector(query.Items, query.Weights, user);
    }

    /// <summary>
    /// Writes the user vector for a history (items with their weights; out-of-range items ignored): the exact
    /// solution of the ALS user step. Zero for an empty history. Allocates nothing for k ≤ 64.
    /// </summary>
    public void UserVector(ReadOnlySpan<int> items, ReadOnlySpan<float> weights, Span<float> user)
    {
        var k = _factors;
        float[]? rented = null;
        var system = k <= StackFactors ? stackalloc float[k * k] : (rented = ArrayPool<float>.Shared.Rent(k * k)).AsSpan(0, k * k);
        try
        {
            FoldIn(items, weights, user, system);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    private void FoldIn(ReadOnlySpan<int> items, ReadOnlySpan<float> weights, Span<float> user, Span<float> system)
    {
        var k = _factors;
        user = user[..k];
        if (items.Length == 0)
        {
            user.Clear();
            return;
        }

        var lambda = _options.Regularization;
        if (_options.FrequencyExponent != 0f)
        {
            var mass = AlsStep.RowMass(ItemCount, ItemCount, items, weights, _options.Alpha, _missing, 1f);
            lambda = AlsStep.ScaledRidge(lambda, _options.FrequencyExponent, mass, ItemCount);
        }

        AlsStep.RightHandSide(_itemFactors, k, items, weights, _options.Alpha, user);
        AlsStep.System(_gram, _itemFactors, k, items, weights, _options.Alpha, lambda, system, _missing);
        if (Cholesky.TryFactor(system, k))
        {
            Cholesky.Solve<float>(system, k, user);
        }
        else
        {
            user.Clear();
        }
    }

    /// <summary>Cosine similarity of item factors.</summary>
    public void ScoreSimilar(int item, Span<float> scores) => VectorOps.CosineToRow(_itemFactors, _factors, _itemNorms, item, scores);

    public float Similarity(int a, int b) => VectorOps.CosineOfRows(_itemFactors, _factors, _itemNorms, a, b);

    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_factors);
        writer.Write(_options.Regularization);
        writer.Write(_options.Alpha);
        ModelFile.WriteArray(writer, _itemFactors);
        writer.Write(_options.FrequencyExponent);
        writer.Write(_options.MissingExponent);
        writer.Write(_missing is not null);
        if (_missing is not null)
        {
            ModelFile.WriteArray(writer, _missing);
        }
    }

    /// <summary>Reads a model written by <see cref="Write"/> in the current format version.</summary>
    public static AlsModel Read(BinaryReader reader) => Read(reader, ModelFile.FormatVersion);

    /// <summary>
    /// Reads a model written in format <paramref name="version"/>: version 1 has no frequency exponent and no
    /// missing-data weights (plain iALS).
    /// </summary>
    public static AlsModel Read(BinaryReader reader, int version)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var factors = reader.ReadInt32();
        var options = new AlsOptions(Factors: factors, Regularization: reader.ReadSingle(), Alpha: reader.ReadSingle());
        var items = ModelFile.ReadFloats(reader);
        float[]? missing = null;
        if (version >= 2)
        {
            options = options with { FrequencyExponent = reader.ReadSingle(), MissingExponent = reader.ReadSingle() };
            missing = reader.ReadBoolean() ? ModelFile.ReadFloats(reader) : null;
        }

        return new AlsModel(factors, items, options, missing);
    }
}
