using System.Numerics.Tensors;
using Penchant.Core.Numerics;

namespace Penchant.Core.Recommenders.SasRec;

/// <summary>
/// Sampled softmax: each row's softmax runs over its positive item and a set of negatives shared by the whole
/// mini-batch (sampled uniformly, so no log-Q correction is needed). A negative equal to the row's positive is masked.
/// </summary>
internal sealed class SampledSoftmaxLoss(int dim, int maxThreads = -1)
{
    private float[] _candidates = [];
    private float[] _candidatesT = [];
    private float[] _logits = [];
    private float[] _hT = [];
    private float[] _gradCandidatesT = [];
    private float[] _positive = [];
    private double[] _rowLoss = [];

    /// <summary>
    /// Returns Σ weight·(−log softmax([h·e⁺, h·E_neg])[0]); writes dL/dH into <paramref name="dh"/> and adds
    /// dL/dE into <paramref name="dItems"/> ([items×d]).
    /// </summary>
    public double Compute(int rows, float[] h, int[] targets, int[] negatives, float weight, float[] items, float[] dh, float[] dItems)
    {
        int d = dim, k = negatives.Length;
        Ensure(ref _candidates, k * d);
        Ensure(ref _candidatesT, k * d);
        Ensure(ref _gradCandidatesT, k * d);
        Ensure(ref _logits, rows * k);
        Ensure(ref _hT, rows * d);
        Ensure(ref _positive, rows);
        if (_rowLoss.Length < rows)
        {
            _rowLoss = new double[rows];
        }

        for (var j = 0; j < k; j++)
        {
            items.AsSpan(negatives[j] * d, d).CopyTo(_candidates.AsSpan(j * d, d));
        }

        Gemm.Transpose(k, d, _candidates, d, _candidatesT, k);
        Gemm.MultiplyParallel(rows, k, d, h, 0, d, _candidatesT, 0, k, _logits, 0, k, false, maxThreads);
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxThreads > 0 ? maxThreads : Environment.ProcessorCount };
        Parallel.For(0, rows, options, r =>
        {
            var target = targets[r];
            var row = _logits.AsSpan(r * k, k);
            var pos = TensorPrimitives.Dot(h.AsSpan(r * d, d), items.AsSpan(target * d, d));
            for (var j = 0; j < k; j++)
            {
                if (negatives[j] == target)
                {
                    row[j] = float.NegativeInfinity;
                }
            }

            var max = MathF.Max(pos, TensorPrimitives.Max(row));
            TensorPrimitives.Subtract(row, max, row);
            TensorPrimitives.Exp(row, row);
            var ePos = MathF.Exp(pos - max);
            var sum = TensorPrimitives.Sum(row) + ePos;
            _rowLoss[r] = weight * (Math.Log(sum) - (pos - max));
            TensorPrimitives.Multiply(row, weight / sum, row);
            _positive[r] = weight * ((ePos / sum) - 1f);
        });

        double loss = 0;
        for (var r = 0; r < rows; r++)
        {
            loss += _rowLoss[r];
        }

        Gemm.MultiplyParallel(rows, d, k, _logits, 0, k, _candidates, 0, d, dh, 0, d, false, maxThreads);
        Gemm.Transpose(rows, d, h, d, _hT, rows);
        Gemm.MultiplyParallel(d, k, rows, _hT, 0, rows, _logits, 0, k, _gradCandidatesT, 0, k, false, maxThreads);
        for (var r = 0; r < rows; r++)
        {
            var target = targets[r];
            var g = _positive[r];
            TensorPrimitives.MultiplyAdd(items.AsSpan(target * d, d), g, dh.AsSpan(r * d, d), dh.AsSpan(r * d, d));
            var gi = dItems.AsSpan(target * d, d);
            TensorPrimitives.MultiplyAdd(h.AsSpan(r * d, d), g, gi, gi);
        }

        for (var j = 0; j < k; j++)
        {
            var gi = dItems.AsSpan(negatives[j] * d, d);
            for (var c = 0; c < d; c++)
            {
                gi[c] += _gradCandidatesT[(c * k) + j];
            }
        }

        return loss;
    }

    private static void Ensure(ref float[] buffer, int size)
    {
        if (buffer.Length < size)
        {
            buffer = new float[size];
        }
    }
}
