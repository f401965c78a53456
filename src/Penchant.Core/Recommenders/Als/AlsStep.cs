using System.Numerics.Tensors;
using Penchant.Core.Numerics;

namespace Penchant.Core.Recommenders.Als;

/// <summary>
/// The pieces of one implicit-ALS row step (A x = b with A = YᵀY + Σ_i (c_i - 1) y_i y_iᵀ + λI and
/// b = Σ_i c_i y_i over the row's observed items i, c_i = 1 + α r_i), shared by training and fold-in.
/// </summary>
/// <remarks>
/// With missing-data weights (<see cref="AlsOptions.MissingExponent"/>) an unobserved pair (row, column) has
/// weight m instead of 1: A = s G + Σ_i (c_i - m_i) y_i y_iᵀ + λI, where for a user step G = Σ_j m_j y_j y_jᵀ (the
/// weighted Gram), s = 1 and m_i is the column's weight (<c>columnMissing</c>), and for an item step G = YᵀY, s is
/// the row's own weight (<c>rowMissing</c>) and m_i = s. Without weights (empty <c>columnMissing</c>, s = 1) the
/// arithmetic is exactly the unweighted step's.
/// </remarks>
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

    /// <summary>
    /// Writes the lower triangle of A (the upper is left as <paramref name="gram"/> has it, times
    /// <paramref name="rowMissing"/>).
    /// </summary>
    public static void System(
        ReadOnlySpan<float> gram,
        ReadOnlySpan<float> factors,
        int k,
        ReadOnlySpan<int> observed,
        ReadOnlySpan<float> weights,
        float alpha,
        float lambda,
        Span<float> system,
        ReadOnlySpan<float> columnMissing = default,
        float rowMissing = 1f)
    {
        var weighted = IsWeighted(columnMissing, rowMissing);
        if (rowMissing == 1f)
        {
            gram[..(k * k)].CopyTo(system);
        }
        else
        {
            TensorPrimitives.Multiply(gram[..(k * k)], rowMissing, system[..(k * k)]);
        }

        var count = factors.Length / k;
        for (var a = 0; a < observed.Length; a++)
        {
            if ((uint)observed[a] >= (uint)count)
            {
                continue;
            }

            var y = factors.Slice(observed[a] * k, k);
            var extra = weighted ? Extra(alpha, weights[a], columnMissing.IsEmpty ? rowMissing : columnMissing[observed[a]]) : alpha * weights[a];
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

    /// <summary>
    /// The total weight of a row's loss terms, Σ over all columns of the pair weights: the missing weight of every
    /// column (<paramref name="missingTotal"/>) plus, for each observed column in range, its confidence less its
    /// missing weight.
    /// </summary>
    public static double RowMass(double missingTotal, int count, ReadOnlySpan<int> observed, ReadOnlySpan<float> weights, float alpha, ReadOnlySpan<float> columnMissing, float rowMissing)
    {
        var mass = missingTotal;
        for (var a = 0; a < observed.Length; a++)
        {
            if ((uint)observed[a] < (uint)count)
            {
                mass += 1.0 + (alpha * (double)weights[a]) - (columnMissing.IsEmpty ? rowMissing : columnMissing[observed[a]]);
            }
        }

        return mass;
    }

    /// <summary>
    /// The frequency-scaled ridge λ (mass / reference)^ν; exactly λ when ν is 0, and λ for a row without any weight
    /// (an item without users whose missing weight is 0), whose step would otherwise be singular.
    /// </summary>
    public static float ScaledRidge(float lambda, float exponent, double mass, double reference) =>
        exponent == 0f || mass <= 0 ? lambda : (float)(lambda * Math.Pow(mass / reference, exponent));

    private static bool IsWeighted(ReadOnlySpan<float> columnMissing, float rowMissing) => !columnMissing.IsEmpty || rowMissing != 1f;

    private static float Extra(float alpha, float weight, float missing) => 1f + (alpha * weight) - missing;

    /// <summary>A applied without forming it: s G x + Σ_i (c_i - m_i)(y_i·x) y_i + λx.</summary>
    public readonly ref struct Operator(
        ReadOnlySpan<float> gram,
        ReadOnlySpan<float> factors,
        int k,
        ReadOnlySpan<int> observed,
        ReadOnlySpan<float> weights,
        float alpha,
        float lambda,
        ReadOnlySpan<float> columnMissing = default,
        float rowMissing = 1f) : ILinearOperator
    {
        private readonly ReadOnlySpan<float> _gram = gram;
        private readonly ReadOnlySpan<float> _factors = factors;
        private readonly ReadOnlySpan<int> _observed = observed;
        private readonly ReadOnlySpan<float> _weights = weights;
        private readonly ReadOnlySpan<float> _columnMissing = columnMissing;

        public int Dimension => k;

        public void Apply(ReadOnlySpan<float> x, Span<float> result)
        {
            var weighted = IsWeighted(_columnMissing, rowMissing);
            VectorOps.MatVec(_gram[..(k * k)], k, x, result);
            if (rowMissing != 1f)
            {
                TensorPrimitives.Multiply(result[..k], rowMissing, result[..k]);
            }

            TensorPrimitives.MultiplyAdd(x, lambda, result, result);
            var count = _factors.Length / k;
            for (var a = 0; a < _observed.Length; a++)
            {
                if ((uint)_observed[a] >= (uint)count)
                {
                    continue;
                }

                var y = _factors.Slice(_observed[a] * k, k);
                var extra = weighted ? Extra(alpha, _weights[a], _columnMissing.IsEmpty ? rowMissing : _columnMissing[_observed[a]]) : alpha * _weights[a];
                TensorPrimitives.MultiplyAdd(y, extra * TensorPrimitives.Dot(y, x), result, result);
            }
        }
    }
}
