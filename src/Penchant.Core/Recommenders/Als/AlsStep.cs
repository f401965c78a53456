using System.Numerics.Tensors;
using Penchant.Core.Numerics;

namespace Penchant.Core.Recommenders.Als;

/// <summary>
/// The pieces of one implicit-ALS row step (A x = b with A = YᵀY + Σ_i (c_i - 1) y_i y_iᵀ + λI and
/// b = Σ_i c_i y_i over the row's observed items i, c_i = 1 + α r_i), shared by training and fold-in.
/// </summary>
internal static class AlsStep
{
    /// <summary>Writes b = Σ_i (1 + α r_i) y_i; observed items out of range are skipped.</summary>
    public static void RightHandSide(ReadOnlySpan<float> factors, int k, ReadOnlySpan<int> observed, ReadOnlySpan<float> weights, float alpha, Span<float> b)
    {
        b = b[..k];
        b.Clear();
        var count = factors.Length / k;
        for (var a = 0; a < observed.Length; a++)
        {
            if ((uint)observed[a] < (uint)count)
            {
                TensorPrimitives.MultiplyAdd(factors.Slice(observed[a] * k, k), 1f + (alpha * weights[a]), b, b);
            }
        }
    }

    /// <summary>Writes the lower triangle of A (the upper is left as <paramref name="gram"/> has it).</summary>
    public static void System(ReadOnlySpan<float> gram, ReadOnlySpan<float> factors, int k, ReadOnlySpan<int> observed, ReadOnlySpan<float> weights, float alpha, float lambda, Span<float> system)
    {
        gram[..(k * k)].CopyTo(system);
        var count = factors.Length / k;
        for (var a = 0; a < observed.Length; a++)
        {
            if ((uint)observed[a] >= (uint)count)
            {
                continue;
            }

            var y = factors.Slice(observed[a] * k, k);
            var extra = alpha * weights[a];
            for (var i = 0; i < k; i++)
            {
                var row = system.Slice(i * k, i + 1);
                TensorPrimitives.MultiplyAdd(y[..(i + 1)], extra * y[i], row, row);
            }
        }

        for (var i = 0; i < k; i++)
        {
            system[(i * k) + i] += lambda;
        }
    }

    /// <summary>A applied without forming it: YᵀY x + Σ_i (c_i - 1)(y_i·x) y_i + λx.</summary>
    public readonly ref struct Operator(ReadOnlySpan<float> gram, ReadOnlySpan<float> factors, int k, ReadOnlySpan<int> observed, ReadOnlySpan<float> weights, float alpha, float lambda) : ILinearOperator
    {
        private readonly ReadOnlySpan<float> _gram = gram;
        private readonly ReadOnlySpan<float> _factors = factors;
        private readonly ReadOnlySpan<int> _observed = observed;
        private readonly ReadOnlySpan<float> _weights = weights;

        public int Dimension => k;

        public void Apply(ReadOnlySpan<float> x, Span<float> result)
        {
            VectorOps.MatVec(_gram[..(k * k)], k, x, result);
            TensorPrimitives.MultiplyAdd(x, lambda, result, result);
            var count = _factors.Length / k;
            for (var a = 0; a < _observed.Length; a++)
            {
                if ((uint)_observed[a] >= (uint)count)
                {
                    continue;
                }

                var y = _factors.Slice(_observed[a] * k, k);
                TensorPrimitives.MultiplyAdd(y, alpha * _weights[a] * TensorPrimitives.Dot(y, x), result, result);
            }
        }
    }
}
