using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Penchant.Core.Recommenders.Bpr;

/// <summary>
/// One BPR stochastic-gradient step on a (user, positive, negative) triple, fused into two passes over the
/// factors (the margin, then all three updates) instead of eight library calls. <see cref="UpdateReference"/> is
/// the plain scalar version it is tested against.
/// </summary>
internal static class BprStep
{
    /// <summary>p · (qi - qj).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Margin(ReadOnlySpan<float> p, ReadOnlySpan<float> qi, ReadOnlySpan<float> qj)
    {
        var k = p.Length;
        var a = 0;
        var sum = 0f;
        if (Vector256.IsHardwareAccelerated && k >= Vector256<float>.Count)
        {
            var acc = Vector256<float>.Zero;
            for (; a <= k - Vector256<float>.Count; a += Vector256<float>.Count)
            {
                var d = Vector256.Create(qi.Slice(a, Vector256<float>.Count)) - Vector256.Create(qj.Slice(a, Vector256<float>.Count));
                acc = Vector256.MultiplyAddEstimate(Vector256.Create(p.Slice(a, Vector256<float>.Count)), d, acc);
            }

            sum = Vector256.Sum(acc);
        }

        for (; a < k; a++)
        {
            sum += p[a] * (qi[a] - qj[a]);
        }

        return sum;
    }

    /// <summary>
    /// p += step (qi - qj) - shrink p; qi += step p_old - shrink qi; qj -= step p_old + shrink qj, where
    /// shrink = 1 - <paramref name="decay"/>; all right-hand sides use the values before the step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Update(Span<float> p, Span<float> qi, Span<float> qj, float step, float decay)
    {
        var k = p.Length;
        var a = 0;
        if (Vector256.IsHardwareAccelerated && k >= Vector256<float>.Count)
        {
            var s = Vector256.Create(step);
            var dv = Vector256.Create(decay);
            for (; a <= k - Vector256<float>.Count; a += Vector256<float>.Count)
            {
                var w = Vector256<float>.Count;
                var pv = Vector256.Create(p.Slice(a, w));
                var iv = Vector256.Create(qi.Slice(a, w));
                var jv = Vector256.Create(qj.Slice(a, w));
                var sp = s * pv;
                Vector256.MultiplyAddEstimate(s, iv - jv, pv * dv).CopyTo(p.Slice(a, w));
                Vector256.MultiplyAddEstimate(iv, dv, sp).CopyTo(qi.Slice(a, w));
                Vector256.MultiplyAddEstimate(jv, dv, -sp).CopyTo(qj.Slice(a, w));
            }
        }

        for (; a < k; a++)
        {
            var pa = p[a];
            var ia = qi[a];
            var ja = qj[a];
            p[a] = (pa * decay) + (step * (ia - ja));
            qi[a] = (ia * decay) + (step * pa);
            qj[a] = (ja * decay) - (step * pa);
        }
    }

    /// <summary>The scalar reference for <see cref="Margin"/> followed by <see cref="Update"/>.</summary>
    public static float UpdateReference(Span<float> p, Span<float> qi, Span<float> qj, float biasDifference, float learningRate, float decay)
    {
        var margin = biasDifference;
        for (var a = 0; a < p.Length; a++)
        {
            margin += p[a] * (qi[a] - qj[a]);
        }

        var step = learningRate / (1f + MathF.Exp(margin));
        for (var a = 0; a < p.Length; a++)
        {
            var pa = p[a];
            var ia = qi[a];
            var ja = qj[a];
            p[a] = (pa * decay) + (step * (ia - ja));
            qi[a] = (ia * decay) + (step * pa);
            qj[a] = (ja * decay) - (step * pa);
        }

        return margin;
    }
}
