using System.Numerics.Tensors;

namespace Penchant.Core.Text;

/// <summary>An immutable sparse vector: strictly ascending indices with their values.</summary>
public sealed class SparseVector
{
    private readonly int[] _indices;
    private readonly float[] _values;

    /// <summary>Wraps the arrays (not copied).</summary>
    /// <exception cref="ArgumentException">Lengths differ or indices are not strictly ascending and non-negative.</exception>
    public SparseVector(int[] indices, float[] values)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(values);
        if (indices.Length != values.Length)
        {
            throw new ArgumentException("Indices and values differ in length.", nameof(values));
        }

        for (var k = 0; k < indices.Length; k++)
        {
            if (indices[k] < 0 || (k > 0 && indices[k] <= indices[k - 1]))
            {
                throw new ArgumentException("Indices must be non-negative and strictly ascending.", nameof(indices));
            }
        }

        _indices = indices;
        _values = values;
    }

    public static SparseVector Empty { get; } = new([], []);

    /// <summary>How many entries are stored.</summary>
    public int Count => _indices.Length;

    public ReadOnlySpan<int> Indices => _indices;

    public ReadOnlySpan<float> Values => _values;

    /// <summary>Builds a vector from index/value pairs in any order; zero values are dropped.</summary>
    public static SparseVector FromPairs(IEnumerable<KeyValuePair<int, float>> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var list = pairs.Where(p => p.Value != 0f).OrderBy(p => p.Key).ToList();
        var indices = new int[list.Count];
        var values = new float[list.Count];
        for (var k = 0; k < list.Count; k++)
        {
            if (k > 0 && list[k].Key == list[k - 1].Key)
            {
                throw new ArgumentException($"Index {list[k].Key} appears twice.", nameof(pairs));
            }

            indices[k] = list[k].Key;
            values[k] = list[k].Value;
        }

        return new SparseVector(indices, values);
    }

    /// <summary>The Euclidean norm.</summary>
    public float Norm() => _values.Length == 0 ? 0f : TensorPrimitives.Norm(_values);

    /// <summary>This vector scaled to unit length (itself when it is zero).</summary>
    public SparseVector Normalize()
    {
        var norm = Norm();
        if (norm == 0f)
        {
            return this;
        }

        var values = new float[_values.Length];
        TensorPrimitives.Divide(_values, norm, values);
        return new SparseVector(_indices, values);
    }

    /// <summary>The value at <paramref name="index"/>, zero when absent.</summary>
    public float this[int index]
    {
        get
        {
            var k = Array.BinarySearch(_indices, index);
            return k >= 0 ? _values[k] : 0f;
        }
    }

    /// <summary>The dot product by a merge of the two index lists: O(|a| + |b|).</summary>
    public static float Dot(SparseVector a, SparseVector b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var ai = a._indices;
        var bi = b._indices;
        int i = 0, j = 0;
        var sum = 0.0;
        while (i < ai.Length && j < bi.Length)
        {
            if (ai[i] == bi[j])
            {
                sum += (double)a._values[i++] * b._values[j++];
            }
            else if (ai[i] < bi[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return (float)sum;
    }

    /// <summary>The dot product with a dense vector (indices beyond its length count as zero).</summary>
    public float Dot(ReadOnlySpan<float> dense)
    {
        var sum = 0.0;
        for (var k = 0; k < _indices.Length && _indices[k] < dense.Length; k++)
        {
            sum += (double)_values[k] * dense[_indices[k]];
        }

        return (float)sum;
    }

    /// <summary>The cosine of the angle between <paramref name="a"/> and <paramref name="b"/>; 0 when either is zero.</summary>
    public static float Cosine(SparseVector a, SparseVector b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var na = a.Norm();
        var nb = b.Norm();
        return na == 0f || nb == 0f ? 0f : Dot(a, b) / (na * nb);
    }
}
