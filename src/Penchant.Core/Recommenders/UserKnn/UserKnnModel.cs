using System.Buffers;
using System.Numerics.Tensors;
using Penchant.Core.Data;
using Penchant.Core.Numerics;

namespace Penchant.Core.Recommenders.UserKnn;

/// <summary>
/// A user-kNN model: the training matrix X (users x items), its transpose and the row and column norms.
/// A query's similarity to every training user is gathered through the transpose from its history items, the
/// top neighbours are kept, and the score of item j is Σ_v sim(q, v) x_vj. The query's own training row is
/// left out. Scoring rents its buffers from the shared pool.
/// </summary>
public sealed class UserKnnModel : IRecommenderModel
{
    public const string KindName = "userknn";

    private readonly InteractionMatrix _x;
    private readonly InteractionMatrix _xt;
    private readonly float[] _userNorms;
    private readonly float[] _itemNorms;
    private readonly UserKnnOptions _options;

    /// <summary>Wraps a training matrix (binarised already when the options say so).</summary>
    public UserKnnModel(InteractionMatrix x, UserKnnOptions options)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(options);
        _x = x;
        _xt = x.Transpose();
        _options = options;
        _userNorms = Norms(_x);
        _itemNorms = Norms(_xt);
    }

    public string Kind => KindName;

    public int ItemCount => _x.Columns;

    /// <summary>The number of training users.</summary>
    public int UserCount => _x.Rows;

    public void Score(UserQuery query, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(query);
        var n = ItemCount;
        scores = scores[..n];
        scores.Clear();
        var users = UserCount;
        if (users == 0 || query.Items.Length == 0)
        {
            return;
        }

        var k = Math.Min(_options.Neighbors, users);
        var sims = ArrayPool<float>.Shared.Rent(users);
        var heap = ArrayPool<ScoredItem>.Shared.Rent(k);
        try
        {
            var sim = sims.AsSpan(0, users);
            sim.Clear();
            double queryNorm = 0;
            for (var h = 0; h < query.Items.Length; h++)
            {
                var item = query.Items[h];
                if ((uint)item >= (uint)n)
                {
                    continue;
                }

                var w = Weight(query, h);
                queryNorm += w * w;
                var neighbours = _xt.RowColumns(item);
                var values = _xt.RowValues(item);
                for (var a = 0; a < neighbours.Length; a++)
                {
                    sim[neighbours[a]] += w * values[a];
                }
            }

            var norm = (float)Math.Sqrt(queryNorm);
            for (var v = 0; v < users; v++)
            {
                sim[v] = sim[v] > 0f && v != query.User ? sim[v] / ((norm * _userNorms[v]) + _options.Shrinkage) : float.NegativeInfinity;
            }

            var found = TopK.SelectInto(sim, heap.AsSpan(0, k));
            for (var a = 0; a < found; a++)
            {
                var (v, s) = heap[a];
                var cols = _x.RowColumns(v);
                var vals = _x.RowValues(v);
                for (var b = 0; b < cols.Length; b++)
                {
                    scores[cols[b]] += s * vals[b];
                }
            }
        }
        finally
        {
            ArrayPool<ScoredItem>.Shared.Return(heap);
            ArrayPool<float>.Shared.Return(sims);
        }
    }

    /// <summary>Shrunk cosine similarity of item columns (the same damping as between users).</summary>
    public void ScoreSimilar(int item, Span<float> scores)
    {
        var n = ItemCount;
        scores = scores[..n];
        scores.Clear();
        if ((uint)item >= (uint)n || _itemNorms[item] == 0f)
        {
            return;
        }

        var users = _xt.RowColumns(item);
        var weights = _xt.RowValues(item);
        for (var a = 0; a < users.Length; a++)
        {
            var cols = _x.RowColumns(users[a]);
            var vals = _x.RowValues(users[a]);
            for (var b = 0; b < cols.Length; b++)
            {
                scores[cols[b]] += weights[a] * vals[b];
            }
        }

        var self = _itemNorms[item];
        for (var j = 0; j < n; j++)
        {
            scores[j] = scores[j] > 0f ? scores[j] / ((self * _itemNorms[j]) + _options.Shrinkage) : 0f;
        }
    }

    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_options.Neighbors);
        writer.Write(_options.Shrinkage);
        writer.Write(_options.Binary);
        writer.Write(_x.Rows);
        writer.Write(_x.Columns);
        ModelFile.WriteArray(writer, _x.RowPointers);
        ModelFile.WriteArray(writer, _x.ColumnIndices);
        ModelFile.WriteArray(writer, _x.Values);
    }

    public static UserKnnModel Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = new UserKnnOptions(reader.ReadInt32(), reader.ReadSingle(), reader.ReadBoolean());
        var rows = reader.ReadInt32();
        var columns = reader.ReadInt32();
        var x = new InteractionMatrix(rows, columns, ModelFile.ReadInts(reader), ModelFile.ReadInts(reader), ModelFile.ReadFloats(reader));
        return new UserKnnModel(x, options);
    }

    private float Weight(UserQuery query, int h) => _options.Binary || h >= query.Weights.Length ? 1f : query.Weights[h];

    private static float[] Norms(InteractionMatrix m)
    {
        var norms = new float[m.Rows];
        for (var r = 0; r < m.Rows; r++)
        {
            norms[r] = TensorPrimitives.Norm(m.RowValues(r));
        }

        return norms;
    }
}
