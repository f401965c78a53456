using System.Numerics.Tensors;

namespace Penchant.Core.Recommenders.Ease;

/// <summary>
/// A trained EASE model: the dense n x n item weight matrix B (row-major, zero diagonal). A shopper's scores are
/// Σ_h w_h B[h, :] over the history; similar items are row B[item, :]. Scoring allocates nothing.
/// </summary>
public sealed class EaseModel : IRecommenderModel
{
    public const string KindName = "ease";

    private readonly float[] _weights;
    private readonly bool _binary;

    /// <summary>Wraps a trained n x n weight matrix (not copied).</summary>
    public EaseModel(int items, float[] weights, bool binary)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfNegative(items);
        if (weights.LongLength != (long)items * items)
        {
            throw new ArgumentException("The weight matrix must be items x items.", nameof(weights));
        }

        ItemCount = items;
        _weights = weights;
        _binary = binary;
    }

    public string Kind => KindName;

    public int ItemCount { get; }

    /// <summary>Row <paramref name="item"/> of B: the weight of <paramref name="item"/> in every item's reconstruction.</summary>
    public ReadOnlySpan<float> Row(int item) => _weights.AsSpan(item * ItemCount, ItemCount);

    public void Score(UserQuery query, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(query);
        var n = ItemCount;
        scores = scores[..n];
        scores.Clear();
        for (var h = 0; h < query.Items.Length; h++)
        {
            var item = query.Items[h];
            if ((uint)item >= (uint)n)
            {
                continue;
            }

            var w = _binary || h >= query.Weights.Length ? 1f : query.Weights[h];
            TensorPrimitives.MultiplyAdd(Row(item), w, scores, scores);
        }
    }

    public void ScoreSimilar(int item, Span<float> scores)
    {
        scores = scores[..ItemCount];
        if ((uint)item >= (uint)ItemCount)
        {
            scores.Clear();
            return;
        }

        Row(item).CopyTo(scores);
    }

    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(ItemCount);
        writer.Write(_binary);
        ModelFile.WriteArray(writer, _weights);
    }

    public static EaseModel Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var items = reader.ReadInt32();
        var binary = reader.ReadBoolean();
        return new EaseModel(items, ModelFile.ReadFloats(reader), binary);
    }
}
