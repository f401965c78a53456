using System.Numerics.Tensors;

namespace Penchant.Core.Recommenders.SasRec;

/// <summary>
/// Multi-head scaled dot-product attention with a causal mask: position i attends to positions j ≤ i only.
/// Q, K, V and the output are [rows×d] with heads side by side in the columns (head h owns columns h·dh..).
/// </summary>
internal static class CausalSelfAttention
{
    /// <summary>Computes the output; keeps the attention weights in <paramref name="probs"/> ([heads×rows×rows]).</summary>
    public static void Forward(int rows, int d, int heads, ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, Span<float> probs, Span<float> output)
    {
        var dh = d / heads;
        var scale = 1f / MathF.Sqrt(dh);
        output[..(rows * d)].Clear();
        for (var h = 0; h < heads; h++)
        {
            var off = h * dh;
            for (var i = 0; i < rows; i++)
            {
                var p = probs.Slice((h * rows * rows) + (i * rows), rows);
                var qi = q.Slice((i * d) + off, dh);
                for (var j = 0; j <= i; j++)
                {
                    p[j] = TensorPrimitives.Dot(qi, k.Slice((j * d) + off, dh)) * scale;
                }

                var visible = p[..(i + 1)];
                TensorPrimitives.SoftMax(visible, visible);
                p[(i + 1)..].Clear();
                var oi = output.Slice((i * d) + off, dh);
                for (var j = 0; j <= i; j++)
                {
                    TensorPrimitives.MultiplyAdd(v.Slice((j * d) + off, dh), p[j], oi, oi);
                }
            }
        }
    }

    /// <summary>Writes dL/dQ, dL/dK, dL/dV (overwritten) from dL/dOutput. <paramref name="scratch"/> needs rows floats.</summary>
    public static void Backward(int rows, int d, int heads, ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, ReadOnlySpan<float> probs, ReadOnlySpan<float> dOutput, Span<float> dq, Span<float> dk, Span<float> dv, Span<float> scratch)
    {
        var dh = d / heads;
        var scale = 1f / MathF.Sqrt(dh);
        dq[..(rows * d)].Clear();
        dk[..(rows * d)].Clear();
        dv[..(rows * d)].Clear();
        var ds = scratch[..rows];
        for (var h = 0; h < heads; h++)
        {
            var off = h * dh;
            for (var i = 0; i < rows; i++)
            {
                var p = probs.Slice((h * rows * rows) + (i * rows), i + 1);
                var doi = dOutput.Slice((i * d) + off, dh);
                var dsv = ds[..(i + 1)];
                for (var j = 0; j <= i; j++)
                {
                    dsv[j] = TensorPrimitives.Dot(doi, v.Slice((j * d) + off, dh));
                    var dvj = dv.Slice((j * d) + off, dh);
                    TensorPrimitives.MultiplyAdd(doi, p[j], dvj, dvj);
                }

                // Softmax backward: dS = P ⊙ (dP − Σ P·dP), then the 1/√dh scale of the scores.
                var dot = TensorPrimitives.Dot(p, dsv);
                TensorPrimitives.Subtract(dsv, dot, dsv);
                TensorPrimitives.Multiply(dsv, p, dsv);
                TensorPrimitives.Multiply(dsv, scale, dsv);
                var qi = q.Slice((i * d) + off, dh);
                var dqi = dq.Slice((i * d) + off, dh);
                for (var j = 0; j <= i; j++)
                {
                    TensorPrimitives.MultiplyAdd(k.Slice((j * d) + off, dh), dsv[j], dqi, dqi);
                    var dkj = dk.Slice((j * d) + off, dh);
                    TensorPrimitives.MultiplyAdd(qi, dsv[j], dkj, dkj);
                }
            }
        }
    }
}
