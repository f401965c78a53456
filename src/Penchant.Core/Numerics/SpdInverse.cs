using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Penchant.Core.Numerics;

/// <summary>
/// In-place inverse of a dense symmetric positive definite matrix stored row-major in a span. Only the lower
/// triangle of the input is read; the full symmetric inverse is written.
/// </summary>
/// <remarks>
/// Blocked symmetric sweep (Gauss-Jordan elimination with diagonal pivots, the "sweep operator" of Goodnight,
/// "A tutorial on the SWEEP operator", The American Statistician 1979). Sweeping a pivot block K with
/// H = A_KK⁻¹ (a small Cholesky-backed inverse) sets A_RR -= A_RK H A_KR, A_RK = A_RK H and A_KK = -H; after
/// every block is swept the matrix holds -A⁻¹. Only the lower triangle is updated, so the cost is n³/2
/// multiply-adds, the same as a Cholesky factorisation followed by LAPACK's potri, but in one kind of step:
/// the rank-k update runs on the packed SIMD kernel (<see cref="RankUpdate"/>) over row chunks in parallel.
/// Every pivot block is a Schur complement of an SPD matrix, hence SPD, so no pivoting is needed.
/// </remarks>
public static class SpdInverse
{
    /// <summary>The block size used when none is given.</summary>
    public const int DefaultBlockSize = 256;

    /// <summary>
    /// Replaces the n x n SPD matrix in <paramref name="a"/> by its inverse. Returns false when a pivot block is
    /// not positive definite (the matrix is not SPD to working precision); <paramref name="a"/> is then undefined.
    /// </summary>
    public static bool TryInvert<T>(Span<T> a, int n, int blockSize = 0)
        where T : unmanaged, IFloatingPointIeee754<T> => TryInvert(a, n, blockSize, SimdPath.Auto, parallel: true);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe bool TryInvert<T>(Span<T> a, int n, int blockSize, SimdPath path, bool parallel)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Cholesky.CheckSquare(a.Length, n);
        if (n == 0)
        {
            return true;
        }

        path = Simd.Resolve(path);
        var nb = Math.Min(n, blockSize > 0 ? blockSize : DefaultBlockSize);
        var strip = RankUpdate.StripWidth<T>(path);
        var panel = ArrayPool<T>.Shared.Rent(n * nb);
        var product = ArrayPool<T>.Shared.Rent(n * nb);
        var pivot = ArrayPool<T>.Shared.Rent(nb * nb);
        var packed = ArrayPool<T>.Shared.Rent(checked((int)RankUpdate.PackedLength(n, nb, strip)));
        try
        {
            fixed (T* pa = a)
            fixed (T* z = panel)
            fixed (T* y = product)
            fixed (T* h = pivot)
            fixed (T* pp = packed)
            {
                for (var k0 = 0; k0 < n; k0 += nb)
                {
                    var kb = Math.Min(nb, n - k0);
                    var k1 = k0 + kb;

                    // H = A_KK⁻¹ from the lower triangle of the pivot block.
                    for (var i = 0; i < kb; i++)
                    {
                        for (var j = 0; j <= i; j++)
                        {
                            h[(i * kb) + j] = h[(j * kb) + i] = pa[((long)(k0 + i) * n) + k0 + j];
                        }
                    }

                    if (!InvertSmall(new Span<T>(h, kb * kb), kb))
                    {
                        return false;
                    }

                    // Z = A_RK (n x kb, rows of K zero): block row K left of the pivot, block column K below it.
                    for (var r = 0; r < k0; r++)
                    {
                        for (var q = 0; q < kb; q++)
                        {
                            z[((long)r * kb) + q] = pa[((long)(k0 + q) * n) + r];
                        }
                    }

                    new Span<T>(z + ((long)k0 * kb), kb * kb).Clear();
                    for (var r = k1; r < n; r++)
                    {
                        new ReadOnlySpan<T>(pa + ((long)r * n) + k0, kb).CopyTo(new Span<T>(z + ((long)r * kb), kb));
                    }

                    // Y = Z H, as Y = 0 - Z (-H)ᵀ on the rank-k kernel.
                    new Span<T>(y, n * kb).Clear();
                    RankUpdate.Pack(h, kb, kb, kb, pp, strip, negate: true);
                    RankUpdate.Update(y, kb, 0, n, 0, kb, lowerOnly: false, z, kb, pp, kb, path, parallel);

                    // A_RR -= Y Zᵀ over the whole lower triangle; zero rows of K leave K's rows and columns alone.
                    RankUpdate.Pack(z, kb, n, kb, pp, strip, negate: false);
                    RankUpdate.Update(pa, n, 0, n, 0, n, lowerOnly: true, y, kb, pp, kb, path, parallel);

                    // A_RK = Y and A_KK = -H.
                    for (var r = 0; r < k0; r++)
                    {
                        for (var q = 0; q < kb; q++)
                        {
                            pa[((long)(k0 + q) * n) + r] = y[((long)r * kb) + q];
                        }
                    }

                    for (var r = k1; r < n; r++)
                    {
                        new ReadOnlySpan<T>(y + ((long)r * kb), kb).CopyTo(new Span<T>(pa + ((long)r * n) + k0, kb));
                    }

                    for (var i = 0; i < kb; i++)
                    {
                        for (var j = 0; j <= i; j++)
                        {
                            pa[((long)(k0 + i) * n) + k0 + j] = -h[(i * kb) + j];
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(panel);
            ArrayPool<T>.Shared.Return(product);
            ArrayPool<T>.Shared.Return(pivot);
            ArrayPool<T>.Shared.Return(packed);
        }

        NegateAndMirror(a, n);
        return true;
    }

    /// <summary>
    /// The plain reference: factor with <see cref="Cholesky.TryFactorReference{T}"/> and solve for each column
    /// of the identity. O(n³) scalar work; for tests and small matrices.
    /// </summary>
    public static bool TryInvertReference<T>(Span<T> a, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Cholesky.CheckSquare(a.Length, n);
        var factor = a[..(n * n)].ToArray();
        if (!Cholesky.TryFactorReference<T>(factor, n))
        {
            return false;
        }

        var column = new T[n];
        for (var j = 0; j < n; j++)
        {
            Array.Clear(column);
            column[j] = T.One;
            for (var i = 0; i < n; i++)
            {
                var s = column[i];
                for (var k = 0; k < i; k++)
                {
                    s -= factor[(i * n) + k] * column[k];
                }

                column[i] = s / factor[(i * n) + i];
            }

            for (var i = n - 1; i >= 0; i--)
            {
                var s = column[i];
                for (var k = i + 1; k < n; k++)
                {
                    s -= factor[(k * n) + i] * column[k];
                }

                column[i] = s / factor[(i * n) + i];
            }

            for (var i = 0; i < n; i++)
            {
                a[(i * n) + j] = column[i];
            }
        }

        return true;
    }

    // Unblocked symmetric sweep of a full (both triangles) kb x kb block, leaving its inverse.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool InvertSmall<T>(Span<T> h, int kb)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var p = 0; p < kb; p++)
        {
            var rowP = h.Slice(p * kb, kb);
            var d = rowP[p];
            if (!(d > T.Zero) || !T.IsFinite(d))
            {
                return false;
            }

            for (var i = 0; i < kb; i++)
            {
                if (i == p)
                {
                    continue;
                }

                var rowI = h.Slice(i * kb, kb);
                var f = rowI[p] / d;
                TensorPrimitives.MultiplyAdd(rowP, -f, rowI, rowI);
                rowI[p] = f;
            }

            TensorPrimitives.Divide(rowP, d, rowP);
            rowP[p] = -T.One / d;
        }

        TensorPrimitives.Negate(h, h);
        return true;
    }

    // After the sweep the lower triangle holds -A⁻¹: negate it and copy it to the upper triangle, tile by tile.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void NegateAndMirror<T>(Span<T> a, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int tile = 64;
        for (var i0 = 0; i0 < n; i0 += tile)
        {
            var i1 = Math.Min(n, i0 + tile);
            for (var j0 = 0; j0 <= i0; j0 += tile)
            {
                var j1 = Math.Min(n, j0 + tile);
                for (var i = i0; i < i1; i++)
                {
                    var jEnd = Math.Min(j1, i + 1);
                    for (var j = j0; j < jEnd; j++)
                    {
                        var v = -a[(i * n) + j];
                        a[(i * n) + j] = v;
                        a[(j * n) + i] = v;
                    }
                }
            }
        }
    }
}
