using System.Numerics.Tensors;
using Penchant.Core.Numerics;

namespace Penchant.Core.Recommenders.SasRec;

/// <summary>
/// Cross-entropy of the next item over the whole catalogue: logits = H·Eᵀ with the item embeddings E shared
/// with the input layer. Rows are processed in chunks so the logits never exceed chunk × items floats; the
/// three products (logits, dH, dE) run as thread-split matrix multiplies, deterministic for any thread count.
/// </summary>
internal sealed class FullSoftmaxLoss(int itemCount, int dim, int maxThreads = -1)
{
    private const int ChunkRows = 128;
    private readonly float[] _itemsT = new float[dim * itemCount];
    private readonly float[] _gradItemsT = new float[dim * itemCount];
    private readonly float[] _logits = new float[ChunkRows * itemCount];
    private readonly float[] _hT = new float[dim * ChunkRows];
    private readonly double[] _rowLoss = new double[ChunkRows];
    private readonly ParallelOptions _parallel = new() { MaxDegreeOfParallelism = maxThreads > 0 ? maxThreads : Environment.ProcessorCount };

    /// <summary>
    /// Returns Σ weight·(−log softmax(h·Eᵀ)[target]) over <paramref name="rows"/> rows; writes dL/dH into
    /// <paramref name="dh"/> and adds dL/dE into <paramref name="dItems"/> ([items×d]).
    /// </summary>
    public double Compute(int rows, float[] h, int[] targets, float weight, float[] items, float[] dh, float[] dItems)
    {
        int n = itemCount, d = dim;
        Gemm.Transpose(n, d, items, d, _itemsT, n);
        Array.Clear(_gradItemsT);
        double loss = 0;
        for (var r0 = 0; r0 < rows; r0 += ChunkRows)
        {
            var c = Math.Min(ChunkRows, rows - r0);
            Gemm.MultiplyParallel(c, n, d, h, r0 * d, d, _itemsT, 0, n, _logits, 0, n, false, _parallel.MaxDegreeOfParallelism);
            Parallel.For(0, c, _parallel, r =>
            {
                var row = _logits.AsSpan(r * n, n);
                var target = targets[r0 + r];
                var max = TensorPrimitives.Max(row);
                TensorPrimitives.Subtract(row, max, row);
                var shiftedTarget = row[target];
                TensorPrimitives.Exp(row, row);
                var sum = TensorPrimitives.Sum(row);
                _rowLoss[r] = weight * (Math.Log(sum) - shiftedTarget);
                TensorPrimitives.Multiply(row, weight / sum, row);
                row[target] -= weight;
            });
            for (var r = 0; r < c; r++)
            {
                loss += _rowLoss[r];
            }

            Gemm.MultiplyParallel(c, d, n, _logits, 0, n, items, 0, d, dh, r0 * d, d, false, _parallel.MaxDegreeOfParallelism);
            Gemm.Transpose(c, d, h.AsSpan(r0 * d), d, _hT, c);
            Gemm.MultiplyParallel(d, n, c, _hT, 0, c, _logits, 0, n, _gradItemsT, 0, n, true, _parallel.MaxDegreeOfParallelism);
        }

        for (var i = 0; i < n; i++)
        {
            var gi = dItems.AsSpan(i * d, d);
            for (var j = 0; j < d; j++)
            {
                gi[j] += _gradItemsT[(j * n) + i];
            }
        }

        return loss;
    }
}
