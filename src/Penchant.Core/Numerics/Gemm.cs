using System.Runtime.Intrinsics;

namespace Penchant.Core.Numerics;

/// <summary>
/// Dense single-precision matrix multiply C (+)= A·B over row-major spans with leading dimensions, and the
/// transposes the callers need to express Aᵀ·B and A·Bᵀ through it.
/// </summary>
/// <remarks>
/// The kernel blocks over k (a panel of B stays in L2) and n, and computes 4 rows x 2 vectors of C in
/// registers with fused multiply-adds (Vector512 where the hardware has it, else Vector256). Edges fall back
/// to one-row and scalar loops. <see cref="MultiplyReference"/> is the plain triple loop the tests compare to.
/// Results are deterministic for a given machine: the summation order depends only on the shapes.
/// </remarks>
public static class Gemm
{
    private const int KBlock = 256;
    private const int NBlock = 512;

    /// <summary>
    /// C[m×n] = A[m×k]·B[k×n] (or += when <paramref name="accumulate"/>); lda/ldb/ldc are row strides.
    /// </summary>
    public static unsafe void Multiply(
        int m, int n, int k,
        ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc,
        bool accumulate)
    {
        if (m <= 0 || n <= 0)
        {
            return;
        }

        CheckSpan(a.Length, m, k, lda, nameof(a));
        CheckSpan(b.Length, k, n, ldb, nameof(b));
        CheckSpan(c.Length, m, n, ldc, nameof(c));
        if (!accumulate)
        {
            for (var i = 0; i < m; i++)
            {
                c.Slice(i * ldc, n).Clear();
            }
        }

        if (k <= 0)
        {
            return;
        }

        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            for (var k0 = 0; k0 < k; k0 += KBlock)
            {
                var kb = Math.Min(KBlock, k - k0);
                for (var j0 = 0; j0 < n; j0 += NBlock)
                {
                    var nb = Math.Min(NBlock, n - j0);
                    Block(m, nb, kb, pa + k0, lda, pb + ((long)k0 * ldb) + j0, ldb, pc + j0, ldc);
                }
            }
        }
    }

    /// <summary>
    /// <see cref="Multiply"/> split over threads: by row blocks when C is tall, else by column blocks. Each element
    /// of C is summed in the same order whatever the split, so the result does not depend on the thread count.
    /// </summary>
    public static void MultiplyParallel(
        int m, int n, int k,
        float[] a, int aOffset, int lda,
        float[] b, int bOffset, int ldb,
        float[] c, int cOffset, int ldc,
        bool accumulate, int maxThreads = -1)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(c);
        var threads = maxThreads > 0 ? maxThreads : Environment.ProcessorCount;
        var work = (long)m * n * k;
        if (threads == 1 || work < 1 << 18 || m <= 0 || n <= 0)
        {
            Multiply(m, n, k, a.AsSpan(aOffset), lda, b.AsSpan(bOffset), ldb, c.AsSpan(cOffset), ldc, accumulate);
            return;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        if (m >= 16 * threads)
        {
            var rowsPerTask = Math.Max(4, ((m / (4 * threads)) + 3) & ~3);
            var tasks = (m + rowsPerTask - 1) / rowsPerTask;
            Parallel.For(0, tasks, options, t =>
            {
                var r0 = t * rowsPerTask;
                var rows = Math.Min(rowsPerTask, m - r0);
                Multiply(rows, n, k, a.AsSpan(aOffset + (r0 * lda)), lda, b.AsSpan(bOffset), ldb, c.AsSpan(cOffset + (r0 * ldc)), ldc, accumulate);
            });
        }
        else
        {
            var colsPerTask = Math.Max(32, ((n / (4 * threads)) + 31) & ~31);
            var tasks = (n + colsPerTask - 1) / colsPerTask;
            Parallel.For(0, tasks, options, t =>
            {
                var c0 = t * colsPerTask;
                var cols = Math.Min(colsPerTask, n - c0);
                Multiply(m, cols, k, a.AsSpan(aOffset), lda, b.AsSpan(bOffset + c0), ldb, c.AsSpan(cOffset + c0), ldc, accumulate);
            });
        }
    }

    /// <summary>The plain triple loop (double accumulation) that <see cref="Multiply"/> must agree with.</summary>
    public static void MultiplyReference(
        int m, int n, int k,
        ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc,
        bool accumulate)
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double sum = accumulate ? c[(i * ldc) + j] : 0.0;
                for (var p = 0; p < k; p++)
                {
                    sum += (double)a[(i * lda) + p] * b[(p * ldb) + j];
                }

                c[(i * ldc) + j] = (float)sum;
            }
        }
    }

    /// <summary>Writes the transpose of A[rows×cols] (row stride lda) into T[cols×rows] (row stride ldt).</summary>
    public static void Transpose(int rows, int cols, ReadOnlySpan<float> a, int lda, Span<float> t, int ldt)
    {
        const int Tile = 32;
        for (var i0 = 0; i0 < rows; i0 += Tile)
        {
            var i1 = Math.Min(rows, i0 + Tile);
            for (var j0 = 0; j0 < cols; j0 += Tile)
            {
                var j1 = Math.Min(cols, j0 + Tile);
                for (var i = i0; i < i1; i++)
                {
                    for (var j = j0; j < j1; j++)
                    {
                        t[(j * ldt) + i] = a[(i * lda) + j];
                    }
                }
            }
        }
    }

    private static void CheckSpan(int length, int rows, int cols, int ld, string name)
    {
        if (rows > 0 && cols > 0 && (ld < cols || length < ((long)(rows - 1) * ld) + cols))
        {
            throw new ArgumentException($"Span '{name}' is too short for {rows}x{cols} with stride {ld}.", name);
        }
    }

    // C[m×n] += A[m×k]·B[k×n] on raw pointers: the k and n extents are one cache block.
    private static unsafe void Block(int m, int n, int k, float* a, int lda, float* b, int ldb, float* c, int ldc)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 4 <= m; i += 4)
            {
                var j = 0;
                for (; j + 32 <= n; j += 32)
                {
                    Kernel4x32(k, a + ((long)i * lda), lda, b + j, ldb, c + ((long)i * ldc) + j, ldc);
                }

                for (var r = 0; r < 4; r++)
                {
                    RowTail(j, n, k, a + ((long)(i + r) * lda), b, ldb, c + ((long)(i + r) * ldc));
                }
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 4 <= m; i += 4)
            {
                var j = 0;
                for (; j + 16 <= n; j += 16)
                {
                    Kernel4x16(k, a + ((long)i * lda), lda, b + j, ldb, c + ((long)i * ldc) + j, ldc);
                }

                for (var r = 0; r < 4; r++)
                {
                    RowTail(j, n, k, a + ((long)(i + r) * lda), b, ldb, c + ((long)(i + r) * ldc));
                }
            }
        }

        for (; i < m; i++)
        {
            RowTail(0, n, k, a + ((long)i * lda), b, ldb, c + ((long)i * ldc));
        }
    }

    private static unsafe void Kernel4x32(int k, float* a, int lda, float* b, int ldb, float* c, int ldc)
    {
        var c00 = Vector512.Load(c);
        var c01 = Vector512.Load(c + 16);
        var c10 = Vector512.Load(c + ldc);
        var c11 = Vector512.Load(c + ldc + 16);
        var c20 = Vector512.Load(c + (2 * ldc));
        var c21 = Vector512.Load(c + (2 * ldc) + 16);
        var c30 = Vector512.Load(c + (3 * ldc));
        var c31 = Vector512.Load(c + (3 * ldc) + 16);
        var a1 = a + lda;
        var a2 = a + (2 * lda);
        var a3 = a + (3 * lda);
        for (var p = 0; p < k; p++)
        {
            var bp = b + ((long)p * ldb);
            var b0 = Vector512.Load(bp);
            var b1 = Vector512.Load(bp + 16);
            var x = Vector512.Create(a[p]);
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a1[p]);
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a2[p]);
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a3[p]);
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
        }

        c00.Store(c);
        c01.Store(c + 16);
        c10.Store(c + ldc);
        c11.Store(c + ldc + 16);
        c20.Store(c + (2 * ldc));
        c21.Store(c + (2 * ldc) + 16);
        c30.Store(c + (3 * ldc));
        c31.Store(c + (3 * ldc) + 16);
    }

    private static unsafe void Kernel4x16(int k, float* a, int lda, float* b, int ldb, float* c, int ldc)
    {
        var c00 = Vector256.Load(c);
        var c01 = Vector256.Load(c + 8);
        var c10 = Vector256.Load(c + ldc);
        var c11 = Vector256.Load(c + ldc + 8);
        var c20 = Vector256.Load(c + (2 * ldc));
        var c21 = Vector256.Load(c + (2 * ldc) + 8);
        var c30 = Vector256.Load(c + (3 * ldc));
        var c31 = Vector256.Load(c + (3 * ldc) + 8);
        var a1 = a + lda;
        var a2 = a + (2 * lda);
        var a3 = a + (3 * lda);
        for (var p = 0; p < k; p++)
        {
            var bp = b + ((long)p * ldb);
            var b0 = Vector256.Load(bp);
            var b1 = Vector256.Load(bp + 8);
            var x = Vector256.Create(a[p]);
            c00 = Vector256.FusedMultiplyAdd(x, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
            x = Vector256.Create(a1[p]);
            c10 = Vector256.FusedMultiplyAdd(x, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
            x = Vector256.Create(a2[p]);
            c20 = Vector256.FusedMultiplyAdd(x, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
            x = Vector256.Create(a3[p]);
            c30 = Vector256.FusedMultiplyAdd(x, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
        }

        c00.Store(c);
        c01.Store(c + 8);
        c10.Store(c + ldc);
        c11.Store(c + ldc + 8);
        c20.Store(c + (2 * ldc));
        c21.Store(c + (2 * ldc) + 8);
        c30.Store(c + (3 * ldc));
        c31.Store(c + (3 * ldc) + 8);
    }

    // One row of C, columns [j0, n): vector strips, then scalars.
    private static unsafe void RowTail(int j0, int n, int k, float* a, float* b, int ldb, float* c)
    {
        var j = j0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j + 8 <= n; j += 8)
            {
                var acc = Vector256.Load(c + j);
                for (var p = 0; p < k; p++)
                {
                    acc = Vector256.FusedMultiplyAdd(Vector256.Create(a[p]), Vector256.Load(b + ((long)p * ldb) + j), acc);
                }

                acc.Store(c + j);
            }
        }

        for (; j < n; j++)
        {
            var sum = c[j];
            for (var p = 0; p < k; p++)
            {
                sum = MathF.FusedMultiplyAdd(a[p], b[((long)p * ldb) + j], sum);
            }

            c[j] = sum;
        }
    }
}
