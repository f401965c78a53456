using System.Buffers;
using System.Numerics.Tensors;
using Penchant.Core.Data;

namespace Penchant.Core.Recommenders.UserEase;

/// <summary>
/// A trained user-EASE model: the binarised training matrix X (users x items), its transpose, and
/// P = (XXᵀ + λI)⁻¹ (users x users, symmetric, row-major).
/// </summary>
/// <remarks>
/// A query with history x is regressed on the training rows: y = Xx (shared items with each training user), z = Py,
/// and when the query is training user u, u is left out of the regression by the block-inverse update
/// b = z − P[:, u]·z[u] / P[u, u] with y[u] = 0 and b[u] = 0 (for x = X[u] this is b_v = −P[u, v] / P[u, u]). The scores
/// are Xᵀb. Cost per query: the items' user columns, one pass over P's rows for the users sharing an item, and the
/// weighted training rows. Buffers are rented from the shared pool.
/// </remarks>
public sealed class UserEaseModel : IRecommenderModel
{
    public const string KindName = "user-ease";

    private readonly InteractionMatrix _x;
    private readonly InteractionMatrix _xt;
    private readonly float[] _p;

    /// <summary>Wraps a binarised training matrix and the inverse of its regularised user Gram matrix.</summary>
    public UserEaseModel(InteractionMatrix x, float[] inverse)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(inverse);
        if (inverse.LongLength != (long)x.Rows * x.Rows)
        {
            throw new ArgumentException("inverse must be users x users.", nameof(inverse));
        }

        _x = x;
        _xt = x.Transpose();
        _p = inverse;
    }

    public string Kind => KindName;

    public int ItemCount => _x.Columns;

    /// <summary>The number of training users.</summary>
    public int UserCount => _x.Rows;

    /// <summary>P[u, v].</summary>
    public float Inverse(int u, int v) => _p[((long)u * UserCount) + v];

    public void Score(UserQuery query, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(query);
        var n = ItemCount;
        var m = UserCount;
        scores = scores[..n];
        scores.Clear();
        if (m == 0 || query.Items.Length == 0)
        {
            return;
        }

        var yBuffer = ArrayPool<float>.Shared.Rent(m);
        var zBuffer = ArrayPool<float>.Shared.Rent(m);
        try
        {
            var y = yBuffer.AsSpan(0, m);
            var z = zBuffer.AsSpan(0, m);
            y.Clear();
            z.Clear();
            foreach (var item in query.Items)
            {
                if ((uint)item < (uint)n)
                {
                    foreach (var v in _xt.RowColumns(item))
                    {
                        y[v] += 1f;
                    }
                }
            }

            var self = (uint)query.User < (uint)m ? query.User : -1;
            if (self >= 0)
            {
                y[self] = 0f;
            }

            // z = Py; P is symmetric, so Py is the sum of P's rows weighted by y.
            for (var v = 0; v < m; v++)
            {
                if (y[v] != 0f)
                {
                    TensorPrimitives.MultiplyAdd(Row(v), y[v], z, z);
                }
            }

            if (self >= 0)
            {
                TensorPrimitives.MultiplyAdd(Row(self), -z[self] / _p[((long)self * m) + self], z, z);
                z[self] = 0f;
            }

            for (var v = 0; v < m; v++)
            {
                var b = z[v];
                if (b != 0f)
                {
                    foreach (var item in _x.RowColumns(v))
                    {
                        scores[item] += b;
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(zBuffer);
            ArrayPool<float>.Shared.Return(yBuffer);
        }
    }

    /// <summary>The scores of a shopper whose whole history is <paramref name="item"/>.</summary>
    public void ScoreSimilar(int item, Span<float> scores)
    {
        if ((uint)item >= (uint)ItemCount)
        {
            scores[..ItemCount].Clear();
            return;
        }

        Score(new UserQuery(-1, [item], [1f], [item]), scores);
    }

    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _x.Write(writer);
        ModelFile.WriteArray(writer, _p);
    }

    public static UserEaseModel Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var x = InteractionMatrix.Read(reader);
        return new UserEaseModel(x, ModelFile.ReadFloats(reader));
    }

    private ReadOnlySpan<float> Row(int v) => _p.AsSpan((int)((long)v * UserCount), UserCount);
}
