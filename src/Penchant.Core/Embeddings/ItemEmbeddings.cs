using System.Numerics.Tensors;
using Penchant.Core.Numerics;

namespace Penchant.Core.Embeddings;

/// <summary>
/// An immutable table of L2-normalised item embeddings, one row per dense item id, stored row-major in one
/// array. A zero row means the item has no embedding. Thread-safe.
/// </summary>
public sealed class ItemEmbeddings
{
    private readonly float[] _values;

    /// <summary>Wraps <paramref name="values"/> (row-major, not copied).</summary>
    public ItemEmbeddings(int itemCount, int dimensions, float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        if (values.Length != (long)itemCount * dimensions)
        {
            throw new ArgumentException($"Expected {itemCount} x {dimensions} values, got {values.Length}.", nameof(values));
        }

        ItemCount = itemCount;
        Dimensions = dimensions;
        _values = values;
    }

    /// <summary>Number of items (rows).</summary>
    public int ItemCount { get; }

    /// <summary>Length of each embedding.</summary>
    public int Dimensions { get; }

    /// <summary>All rows, row-major.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>The embedding of <paramref name="item"/>.</summary>
    public ReadOnlySpan<float> Row(int item) => _values.AsSpan(item * Dimensions, Dimensions);

    /// <summary>Builds a table from rows, normalising each (zero rows stay zero).</summary>
    public static ItemEmbeddings FromRows(IReadOnlyList<float[]> rows, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var values = new float[rows.Count * dimensions];
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != dimensions)
            {
                throw new ArgumentException($"Row {i} has {rows[i].Length} values, not {dimensions}.", nameof(rows));
            }

            var target = values.AsSpan(i * dimensions, dimensions);
            var norm = TensorPrimitives.Norm(rows[i]);
            if (norm > 0f)
            {
                TensorPrimitives.Divide(rows[i], norm, target);
            }
        }

        return new ItemEmbeddings(rows.Count, dimensions, values);
    }

    /// <summary>Writes the dot product of every row with <paramref name="query"/> (the cosine, for a unit query).</summary>
    public void DotAll(ReadOnlySpan<float> query, Span<float> scores)
    {
        if (query.Length != Dimensions)
        {
            throw new ArgumentException($"The query has {query.Length} values, not {Dimensions}.", nameof(query));
        }

        for (var i = 0; i < ItemCount; i++)
        {
            scores[i] = TensorPrimitives.Dot(Row(i), query);
        }
    }

    /// <summary>The <paramref name="k"/> items with the highest cosine to <paramref name="item"/>, itself excluded.</summary>
    public ScoredItem[] Nearest(int item, int k)
    {
        var scores = new float[ItemCount];
        DotAll(Row(item), scores);
        scores[item] = float.NegativeInfinity;
        return TopK.Select(scores, k);
    }

    /// <summary>Whether <paramref name="item"/> has a non-zero embedding.</summary>
    public bool Has(int item) => TensorPrimitives.Norm(Row(item)) > 0f;
}
