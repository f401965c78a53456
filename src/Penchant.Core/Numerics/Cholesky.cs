using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Penchant.Core.Numerics;

/// <summary>
/// Cholesky factorisation A = L Lᵀ of a dense symmetric positive definite matrix stored row-major in a span,
/// and solves with the factor. Only the lower triangle of A is read; the factor overwrites it and the strict
/// upper triangle is zeroed.
/// </summary>
/// <remarks>
/// Right-looking blocked algorithm (block Cholesky as in Golub and Van Loan, "Matrix Computations", ch. 4):
/// for each block column, factor the diagonal block, solve the panel below it by forward
/// substitution, then subtract the panel's outer product from the trailing matrix with the packed SIMD rank-k
/// kernel (<see cref="RankUpdate"/>), split over row chunks on the thread pool. Matrices no larger than one
/// block are factored unblocked with no allocation, which keeps small solves (ALS, fold-in) allocation-free.
/// </remarks>
public static class Cholesky
{
    /// <summary>The block size used when none is given.</summary>
    public const int DefaultBlockSize = 192;

    /// <summary>
    /// Factors the n x n row-major SPD matrix in <paramref name="a"/> in place. Returns false (leaving
    /// <paramref name="a"/> partly overwritten) when a pivot is not positive, i.e. the matrix is not
    /// positive definite to working precision.
    /// </summary>
    public static bool TryFactor<T>(Span<T> a, int n, int blockSize = 0)
        where T : unmanaged, IFloatingPointIeee754<T> => TryFactor(a, n, blockSize, SimdPath.Auto, parallel: true);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe bool TryFactor<T>(Span<T> a, int n, int blockSize, SimdPath path, bool parallel)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSquare(a.Length, n);
        var nb = blockSize > 0 ? blockSize : DefaultBlockSize;
        if (n <= nb)
        {
            if (!FactorDiagonalBlock(a, n, 0, n))
            {
                return false;
            }

            ZeroUpper(a, n);
            return true;
        }

        path = Simd.Resolve(path);
        var strip = RankUpdate.StripWidth<T>(path);
        var packed = ArrayPool<T>.Shared.Rent(checked((int)RankUpdate.PackedLength(n, nb, strip)));
        try
        {
            fixed (T* pa = a)
            fixed (T* pp = packed)
            {
                for (var k0 = 0; k0 < n; k0 += nb)
                {
                    var kb = Math.Min(nb, n - k0);
                    if (!FactorDiagonalBlock(new Span<T>(pa, n * n), n, k0, kb))
                    {
                        return false;
                    }

                    var r0 = k0 + kb;
                    if (r0 >= n)
                    {
                        break;
                    }

                    SolvePanel(pa, n, k0, kb, r0, parallel);
                    RankUpdate.Pack(pa + ((long)r0 * n) + k0, n, n - r0, kb, pp, strip, negate: false);
                    RankUpdate.Update(pa, n, r0, n, r0, n, lowerOnly: true, pa + k0, n, pp, kb, path, parallel);
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(packed);
        }

        ZeroUpper(a, n);
        return true;
    }

    /// <summary>
    /// Solves A x = b in place (<paramref name="b"/> becomes x) given the factor L from <see cref="TryFactor{T}(Span{T}, int, int)"/>.
    /// </summary>
    public static void Solve<T>(ReadOnlySpan<T> factor, int n, Span<T> b)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSquare(factor.Length, n);
        if (b.Length < n)
        {
            throw new ArgumentException($"The right-hand side needs {n} entries.", nameof(b));
        }

        // Forward: L y = b, row by row.
        for (var i = 0; i < n; i++)
        {
            var row = factor.Slice(i * n, n);
            b[i] = (b[i] - Dot<T>(row[..i], b[..i])) / row[i];
        }

        // Backward: Lᵀ x = y, column i of Lᵀ being row i of L, applied as an axpy.
        for (var i = n - 1; i >= 0; i--)
        {
            var row = factor.Slice(i * n, n);
            var xi = b[i] / row[i];
            b[i] = xi;
            TensorPrimitives.MultiplyAdd(row[..i], -xi, b[..i], b[..i]);
        }
    }

    /// <summary>The plain unblocked reference factorisation (lower triangle in place, upper zeroed).</summary>
    public static bool TryFactorReference<T>(Span<T> a, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSquare(a.Length, n);
        for (var j = 0; j < n; j++)
        {
            var d = a[(j * n) + j];
            for (var k = 0; k < j; k++)
            {
                d -= a[(j * n) + k] * a[(j * n) + k];
            }

            if (!(d > T.Zero))
            {
                return false;
            }

            var ljj = T.Sqrt(d);
            a[(j * n) + j] = ljj;
            for (var i = j + 1; i < n; i++)
            {
                var s = a[(i * n) + j];
                for (var k = 0; k < j; k++)
                {
                    s -= a[(i * n) + k] * a[(j * n) + k];
                }

                a[(i * n) + j] = s / ljj;
            }
        }

        ZeroUpper(a, n);
        return true;
    }

    internal static void CheckSquare(int length, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (length < (long)n * n)
        {
            throw new ArgumentException($"An {n} x {n} matrix needs {(long)n * n} entries, got {length}.");
        }
    }

    // Left-looking unblocked factor of the diagonal block at (k0, k0) of size kb; earlier columns are already
    // folded in by the trailing updates, so dot products run over the block's own columns only.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool FactorDiagonalBlock<T>(Span<T> a, int n, int k0, int kb)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var j = 0; j < kb; j++)
        {
            var rowJ = a.Slice(((k0 + j) * n) + k0, kb);
            var d = rowJ[j] - Dot<T>(rowJ[..j], rowJ[..j]);
            if (!(d > T.Zero))
            {
                return false;
            }

            var ljj = T.Sqrt(d);
            rowJ[j] = ljj;
            for (var i = j + 1; i < kb; i++)
            {
                var rowI = a.Slice(((k0 + i) * n) + k0, kb);
                rowI[j] = (rowI[j] - Dot<T>(rowI[..j], rowJ[..j])) / ljj;
            }
        }

        return true;
    }

    // Panel rows r0..n-1: L21 = A21 L11^-T by forward substitution, each row independent.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void SolvePanel<T>(T* a, int n, int k0, int kb, int r0, bool parallel)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int chunk = 64;
        var chunks = (n - r0 + chunk - 1) / chunk;
        var address = (nint)a;
        void Run(int q)
        {
            var pa = (T*)address;
            var end = Math.Min(n, r0 + ((q + 1) * chunk));
            for (var i = r0 + (q * chunk); i < end; i++)
            {
                var row = new Span<T>(pa + ((long)i * n) + k0, kb);
                for (var j = 0; j < kb; j++)
                {
                    var diag = new ReadOnlySpan<T>(pa + ((long)(k0 + j) * n) + k0, j + 1);
                    row[j] = (row[j] - Dot<T>(row[..j], diag[..j])) / diag[j];
                }
            }
        }

        if (parallel && chunks > 1 && (long)(n - r0) * kb * kb > 1 << 20)
        {
            Parallel.For(0, chunks, Run);
        }
        else
        {
            for (var q = 0; q < chunks; q++)
            {
                Run(q);
            }
        }
    }

    // The short dot products of small factorisations: inlined, so a 64 x 64 factor is not dominated by call overhead.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sum = T.Zero;
        var i = 0;
        if (Vector256.IsHardwareAccelerated && x.Length >= Vector256<T>.Count)
        {
            var w = Vector256<T>.Count;
            var acc = Vector256<T>.Zero;
            for (; i <= x.Length - w; i += w)
            {
                acc = Simd.MulAdd(Vector256.Create(x.Slice(i, w)), Vector256.Create(y.Slice(i, w)), acc);
            }

            sum = Vector256.Sum(acc);
        }

        for (; i < x.Length; i++)
        {
            sum += x[i] * y[i];
        }

        return sum;
    }

    private static void ZeroUpper<T>(Span<T> a, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < n - 1; i++)
        {
            a.Slice((i * n) + i + 1, n - i - 1).Clear();
        }
    }
}
