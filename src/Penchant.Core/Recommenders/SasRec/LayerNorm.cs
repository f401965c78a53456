using System.Numerics.Tensors;

namespace Penchant.Core.Recommenders.SasRec;

/// <summary>Row-wise layer normalisation y = γ·(x − μ)/σ + β over rows of width <c>d</c>, with its backward pass.</summary>
internal static class LayerNorm
{
    public const float Epsilon = 1e-6f;

    /// <summary>Normalises <paramref name="rows"/> rows; keeps each row's mean and reciprocal deviation for the backward pass.</summary>
    public static void Forward(int rows, int d, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y, Span<float> mean, Span<float> rstd)
    {
        for (var r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * d, d);
            var yr = y.Slice(r * d, d);
            var mu = TensorPrimitives.Sum(xr) / d;
            TensorPrimitives.Subtract(xr, mu, yr);
            var variance = TensorPrimitives.Dot(yr, yr) / d;
            var rs = 1f / MathF.Sqrt(variance + Epsilon);
            mean[r] = mu;
            rstd[r] = rs;
            TensorPrimitives.Multiply(yr, rs, yr);
            TensorPrimitives.FusedMultiplyAdd(yr, gamma, beta, yr);
        }
    }

    /// <summary>
    /// Adds dL/dγ, dL/dβ into <paramref name="dGamma"/>, <paramref name="dBeta"/> and dL/dx into <paramref name="dx"/>
    /// (accumulated, so residual branches can share it). <paramref name="scratch"/> needs 2·d floats.
    /// </summary>
    public static void Backward(int rows, int d, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd, ReadOnlySpan<float> dy, Span<float> dGamma, Span<float> dBeta, Span<float> dx, Span<float> scratch)
    {
        var xhat = scratch[..d];
        var dxhat = scratch.Slice(d, d);
        for (var r = 0; r < rows; r++)
        {
            var dyr = dy.Slice(r * d, d);
            TensorPrimitives.Subtract(x.Slice(r * d, d), mean[r], xhat);
            TensorPrimitives.Multiply(xhat, rstd[r], xhat);
            TensorPrimitives.FusedMultiplyAdd(dyr, xhat, dGamma, dGamma);
            TensorPrimitives.Add(dyr, dBeta, dBeta);
            TensorPrimitives.Multiply(dyr, gamma, dxhat);
            var meanDxhat = TensorPrimitives.Sum(dxhat) / d;
            var meanDxhatXhat = TensorPrimitives.Dot(dxhat, xhat) / d;
            // dx = rstd · (dxhat − mean(dxhat) − xhat · mean(dxhat ⊙ xhat))
            TensorPrimitives.Subtract(dxhat, meanDxhat, dxhat);
            TensorPrimitives.MultiplyAdd(xhat, -meanDxhatXhat, dxhat, dxhat);
            var dxr = dx.Slice(r * d, d);
            TensorPrimitives.MultiplyAdd(dxhat, rstd[r], dxr, dxr);
        }
    }
}
