using System.Buffers;
using System.Numerics.Tensors;
using Penchant.Core.Recommenders;

namespace Penchant.Core.Explanations;

/// <summary>
/// For each item of one model, the largest similarity any other item has to it: the scale against which
/// <see cref="HistoryAttribution"/> judges whether a history item is a real neighbour of a recommended item.
/// Computed on first use per item and kept, so a serving snapshot pays a catalogue pass once per item it
/// recommends rather than once per request. Thread-safe: concurrent first uses compute the same value.
/// </summary>
/// <remarks>
/// Models that know every item's ceiling at once (<see cref="IItemSimilarityCeilings"/>, item-kNN) fill the cache
/// when it is made. Other models that answer pairs (<see cref="IItemPairSimilarity"/>) are asked about every (other item, item) pair,
/// the direction attribution uses, so the ceiling is on the same scale as the similarities it bounds. Others
/// give the item's own row (<see cref="IRecommenderModel.ScoreSimilar"/>), which is the same for symmetric models.
/// </remarks>
public sealed class ItemTopSimilarity
{
    private readonly IRecommenderModel _model;
    private readonly float[] _top;

    /// <summary>An empty cache over <paramref name="model"/>.</summary>
    /// <param name="model">The model whose similarities are bounded.</param>
    public ItemTopSimilarity(IRecommenderModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _top = new float[model.ItemCount];
        if (model is IItemSimilarityCeilings ceilings)
        {
            // All at once: one pass over the model costs less than a single item's pairwise pass.
            ceilings.LargestSimilaritiesTo(_top);
        }
        else
        {
            Array.Fill(_top, float.NaN);
        }
    }

    /// <summary>The model the ceilings belong to.</summary>
    public IRecommenderModel Model => _model;

    /// <summary>The largest similarity of any other item to <paramref name="item"/>; 0 when none is positive or the item is unknown.</summary>
    /// <param name="item">A dense item id.</param>
    public float Of(int item)
    {
        if ((uint)item >= (uint)_top.Length)
        {
            return 0f;
        }

        var known = Volatile.Read(ref _top[item]);
        if (!float.IsNaN(known))
        {
            return known;
        }

        var top = Compute(item);
        Volatile.Write(ref _top[item], top);
        return top;
    }

    private float Compute(int item)
    {
        var top = float.NegativeInfinity;
        if (_model is IItemPairSimilarity pairs)
        {
            for (var j = 0; j < _top.Length; j++)
            {
                if (j != item)
                {
                    top = MathF.Max(top, pairs.Similarity(j, item));
                }
            }
        }
        else
        {
            var buffer = ArrayPool<float>.Shared.Rent(_top.Length);
            try
            {
                var row = buffer.AsSpan(0, _top.Length);
                _model.ScoreSimilar(item, row);
                row[item] = float.NegativeInfinity;
                top = TensorPrimitives.Max(row);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(buffer);
            }
        }

        return float.IsFinite(top) && top > 0 ? top : 0f;
    }
}
