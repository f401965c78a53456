using System.Collections.Concurrent;
using System.Numerics.Tensors;
using Penchant.Core.Numerics;

namespace Penchant.Core.Recommenders.SasRec;

/// <summary>
/// A trained SASRec model. Scores come from the shopper's own sequence (its last MaxLength known items), so
/// events after training count without retraining; a shopper with no known history gets training popularity.
/// Similar items are the cosine of item embeddings.
/// </summary>
public sealed class SasRecModel : IRecommenderModel, IItemPairSimilarity
{
    public const string KindName = "sasrec";

    private readonly SasRecNetwork _network;
    private readonly float[] _parameters;
    private readonly float[] _popularity;
    private readonly float[] _itemsT;
    private readonly float[] _norms;
    private readonly ConcurrentBag<SasRecActivations> _pool = [];

    public SasRecModel(SasRecOptions options, int itemCount, float[] parameters, float[] popularity)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(popularity);
        Options = options;
        _network = new SasRecNetwork(itemCount, options);
        if (parameters.Length != _network.ParameterCount || popularity.Length != itemCount)
        {
            throw new ArgumentException("Parameter or popularity length does not match the options.");
        }

        _parameters = parameters;
        _popularity = popularity;
        var d = options.Dimensions;
        _itemsT = new float[itemCount * d];
        Gemm.Transpose(itemCount, d, parameters, d, _itemsT, itemCount);
        _norms = new float[itemCount];
        for (var i = 0; i < itemCount; i++)
        {
            var e = parameters.AsSpan(i * d, d);
            _norms[i] = MathF.Sqrt(TensorPrimitives.Dot(e, e));
        }
    }

    public SasRecOptions Options { get; }

    public string Kind => KindName;

    public int ItemCount => _network.ItemCount;

    /// <summary>The learned item embeddings, [items×d] row-major.</summary>
    public ReadOnlySpan<float> ItemEmbeddings => _parameters.AsSpan(0, _network.PositionOffset);

    public void Score(UserQuery query, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(query);
        var n = ItemCount;
        var history = Recent(query.Sequence);
        if (history.Length == 0)
        {
            _popularity.CopyTo(scores);
            return;
        }

        var d = _network.Dimensions;
        var act = _pool.TryTake(out var pooled) ? pooled : new SasRecActivations(_network);
        try
        {
            _network.Forward(_parameters, history, act, dropoutSeed: null);
            var h = act.Output.AsSpan((history.Length - 1) * d, d);
            Gemm.Multiply(1, n, d, h, d, _itemsT, n, scores, n, accumulate: false);
        }
        finally
        {
            _pool.Add(act);
        }
    }

    public float Similarity(int a, int b)
    {
        var d = _network.Dimensions;
        return VectorOps.CosineOfRows(_parameters.AsSpan(0, _norms.Length * d), d, _norms, a, b);
    }

    public void ScoreSimilar(int item, Span<float> scores)
    {
        var n = ItemCount;
        scores[..n].Clear();
        if ((uint)item >= (uint)n || _norms[item] == 0f)
        {
            return;
        }

        var d = _network.Dimensions;
        Gemm.Multiply(1, n, d, _parameters.AsSpan(item * d, d), d, _itemsT, n, scores, n, accumulate: false);
        for (var j = 0; j < n; j++)
        {
            scores[j] = _norms[j] > 0f ? scores[j] / (_norms[item] * _norms[j]) : 0f;
        }
    }

    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteOptions(writer, Options);
        writer.Write(ItemCount);
        ModelFile.WriteArray(writer, _parameters);
        ModelFile.WriteArray(writer, _popularity);
    }

    public static SasRecModel Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = ReadOptions(reader);
        var itemCount = reader.ReadInt32();
        var parameters = ModelFile.ReadFloats(reader);
        var popularity = ModelFile.ReadFloats(reader);
        return new SasRecModel(options, itemCount, parameters, popularity);
    }

    internal static void WriteOptions(BinaryWriter writer, SasRecOptions o)
    {
        writer.Write(o.Dimensions);
        writer.Write(o.Blocks);
        writer.Write(o.Heads);
        writer.Write(o.MaxLength);
        writer.Write(o.Dropout);
        writer.Write(o.LearningRate);
        writer.Write(o.WeightDecay);
        writer.Write(o.Epochs);
        writer.Write(o.BatchSize);
        writer.Write((int)o.Loss);
        writer.Write(o.Negatives);
        writer.Write(o.FeedForwardDimensions);
        writer.Write(o.Threads);
    }

    internal static SasRecOptions ReadOptions(BinaryReader reader) => new(
        Dimensions: reader.ReadInt32(),
        Blocks: reader.ReadInt32(),
        Heads: reader.ReadInt32(),
        MaxLength: reader.ReadInt32(),
        Dropout: reader.ReadSingle(),
        LearningRate: reader.ReadSingle(),
        WeightDecay: reader.ReadSingle(),
        Epochs: reader.ReadInt32(),
        BatchSize: reader.ReadInt32(),
        Loss: (SasRecLoss)reader.ReadInt32(),
        Negatives: reader.ReadInt32(),
        FeedForwardDimensions: reader.ReadInt32(),
        Threads: reader.ReadInt32());

    // The most recent MaxLength items the model knows (ids added after training are skipped).
    private int[] Recent(int[] sequence)
    {
        var kept = new List<int>(Math.Min(sequence.Length, _network.MaxLength));
        for (var t = sequence.Length - 1; t >= 0 && kept.Count < _network.MaxLength; t--)
        {
            if ((uint)sequence[t] < (uint)ItemCount)
            {
                kept.Add(sequence[t]);
            }
        }

        kept.Reverse();
        return [.. kept];
    }
}
