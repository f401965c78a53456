using System.Numerics.Tensors;
using Penchant.Core.Numerics;

namespace Penchant.Core.Recommenders.SasRec;

/// <summary>An affine layer y = x·W + b over rows, W stored row-major as [in×out].</summary>
internal static class Linear
{
    public static void Forward(int rows, int inDim, int outDim, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> b, Span<float> y)
    {
        Gemm.Multiply(rows, outDim, inDim, x, inDim, w, outDim, y, outDim, accumulate: false);
        for (var r = 0; r < rows; r++)
        {
            var yr = y.Slice(r * outDim, outDim);
            TensorPrimitives.Add(yr, b, yr);
        }
    }

    /// <summary>
    /// Adds xᵀ·dy into <paramref name="dW"/>, the column sums of dy into <paramref name="dB"/>, and dy·Wᵀ into
    /// <paramref name="dx"/> (added when <paramref name="accumulateDx"/>, else overwritten).
    /// <paramref name="scratch"/> needs max(in·rows, in·out) floats.
    /// </summary>
    public static void Backward(int rows, int inDim, int outDim, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> dy, Span<float> dW, Span<float> dB, Span<float> dx, bool accumulateDx, Span<float> scratch)
    {
        if (rows == 0)
        {
            return;
        }

        for (var r = 0; r < rows; r++)
        {
            TensorPrimitives.Add(dy.Slice(r * outDim, outDim), dB, dB);
        }

        var xt = scratch[..(inDim * rows)];
        Gemm.Transpose(rows, inDim, x, inDim, xt, rows);
        Gemm.Multiply(inDim, outDim, rows, xt, rows, dy, outDim, dW, outDim, accumulate: true);

        var wt = scratch[..(inDim * outDim)];
        Gemm.Transpose(inDim, outDim, w, outDim, wt, inDim);
        Gemm.Multiply(rows, inDim, outDim, dy, outDim, wt, inDim, dx, inDim, accumulateDx);
    }
}
