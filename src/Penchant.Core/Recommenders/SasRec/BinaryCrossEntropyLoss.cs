using System.Numerics.Tensors;

namespace Penchant.Core.Recommenders.SasRec;

/// <summary>
/// The original SASRec objective: per position, −log σ(h·e⁺) − log(1 − σ(h·e⁻)) with one sampled negative.
/// </summary>
internal static class BinaryCrossEntropyLoss
{
    /// <summary>Returns the weighted loss sum; writes dL/dH into <paramref name="dh"/> and adds dL/dE into <paramref name="dItems"/>.</summary>
    public static double Compute(int rows, int d, ReadOnlySpan<float> h, ReadOnlySpan<int> targets, ReadOnlySpan<int> negatives, float weight, ReadOnlySpan<float> items, Span<float> dh, Span<float> dItems)
    {
        double loss = 0;
        for (var r = 0; r < rows; r++)
        {
            var hr = h.Slice(r * d, d);
            var dhr = dh.Slice(r * d, d);
            var ep = items.Slice(targets[r] * d, d);
            var en = items.Slice(negatives[r] * d, d);
            var sp = TensorPrimitives.Dot(hr, ep);
            var sn = TensorPrimitives.Dot(hr, en);
            loss += weight * (Softplus(-sp) + Softplus(sn));
            var gp = weight * (Sigmoid(sp) - 1f);
            var gn = weight * Sigmoid(sn);
            TensorPrimitives.Multiply(ep, gp, dhr);
            TensorPrimitives.MultiplyAdd(en, gn, dhr, dhr);
            var dp = dItems.Slice(targets[r] * d, d);
            TensorPrimitives.MultiplyAdd(hr, gp, dp, dp);
            var dn = dItems.Slice(negatives[r] * d, d);
            TensorPrimitives.MultiplyAdd(hr, gn, dn, dn);
        }

        return loss;
    }

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    // log(1 + e^x), stable for large |x|.
    private static double Softplus(float x) => x > 0 ? x + Math.Log(1 + Math.Exp(-x)) : Math.Log(1 + Math.Exp(x));
}
