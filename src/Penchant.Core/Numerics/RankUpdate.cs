using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Penchant.Core.Numerics;

/// <summary>
/// The rank-k update kernel behind the blocked Cholesky factorisation and the blocked SPD inverse:
/// C[i, j] -= sum over k &lt; depth of X[i, k] * Z[j, k], over a rectangle of a row-major C, optionally only
/// where j &lt;= i (the lower triangle). Z is first packed into column strips (<see cref="Pack{T}"/>) so the
/// innermost loop streams contiguous memory; a 4-row by 2-vector register tile does the arithmetic.
/// </summary>
/// <remarks>
/// This is the GEMM/SYRK micro-kernel design of Goto and van de Geijn, "Anatomy of high-performance matrix
/// multiplication", ACM TOMS 2008, reduced to what the two callers need. Work is split over row chunks on the
/// thread pool; each chunk walks column blocks so the packed strips it reuses stay in L2.
/// </remarks>
internal static unsafe class RankUpdate
{
    /// <summary>Rows computed together by one register tile.</summary>
    public const int RowTile = 4;

    private const int RowChunk = 96;
    private const int ColumnBlockBytes = 128 * 1024;
    private const long ParallelThreshold = 1L << 21;

    /// <summary>Columns per packed strip for element type <typeparamref name="T"/> on <paramref name="path"/>.</summary>
    public static int StripWidth<T>(SimdPath path) => path switch
    {
        SimdPath.Vector512 => 2 * Vector512<T>.Count,
        SimdPath.Vector256 => 2 * Vector256<T>.Count,
        _ => 8,
    };

    /// <summary>Elements needed to pack <paramref name="columns"/> rows of Z of length <paramref name="depth"/>.</summary>
    public static long PackedLength(int columns, int depth, int strip) => (long)((columns + strip - 1) / strip) * strip * depth;

    /// <summary>
    /// Packs <paramref name="count"/> rows of Z (row r at z + r * ldz, <paramref name="depth"/> values) into
    /// strips of <paramref name="strip"/> columns: packed[s * strip * depth + k * strip + c] = Z[s * strip + c, k],
    /// zero-padded, negated when <paramref name="negate"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pack<T>(T* z, int ldz, int count, int depth, T* packed, int strip, bool negate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var s0 = 0; s0 < count; s0 += strip)
        {
            var width = Math.Min(strip, count - s0);
            var dst = packed + ((long)s0 * depth);
            for (var c = 0; c < width; c++)
            {
                var src = z + ((long)(s0 + c) * ldz);
                for (var k = 0; k < depth; k++)
                {
                    dst[(k * strip) + c] = negate ? -src[k] : src[k];
                }
            }

            for (var c = width; c < strip; c++)
            {
                for (var k = 0; k < depth; k++)
                {
                    dst[(k * strip) + c] = T.Zero;
                }
            }
        }
    }

    /// <summary>
    /// C[i, j] -= sum_k X[i, k] * Z[j, k] for rows [rowBegin, rowEnd) and columns [colBegin, colEnd), and with
    /// <paramref name="lowerOnly"/> only where j &lt;= i. Row i of X is at x + i * ldx (absolute row index);
    /// column j of C is packed column j - colBegin of <paramref name="packed"/>.
    /// </summary>
    public static void Update<T>(
        T* c,
        int ldc,
        int rowBegin,
        int rowEnd,
        int colBegin,
        int colEnd,
        bool lowerOnly,
        T* x,
        int ldx,
        T* packed,
        int depth,
        SimdPath path,
        bool parallel)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (rowEnd <= rowBegin || colEnd <= colBegin || depth <= 0)
        {
            return;
        }

        path = Simd.Resolve(path);
        var chunks = (rowEnd - rowBegin + RowChunk - 1) / RowChunk;
        var work = (long)(rowEnd - rowBegin) * (colEnd - colBegin) * depth;
        var job = new Job<T>(c, ldc, rowBegin, rowEnd, colBegin, colEnd, lowerOnly, x, ldx, packed, depth, path);
        if (!parallel || chunks == 1 || work < ParallelThreshold || Environment.ProcessorCount == 1)
        {
            for (var q = 0; q < chunks; q++)
            {
                job.RunChunk(q);
            }

            return;
        }

        // Lower-triangular chunks grow with the row index: hand out the heaviest (last) ones first.
        Parallel.For(0, chunks, q => job.RunChunk(lowerOnly ? chunks - 1 - q : q));
    }

    private readonly struct Job<T>(
        T* c,
        int ldc,
        int rowBegin,
        int rowEnd,
        int colBegin,
        int colEnd,
        bool lowerOnly,
        T* x,
        int ldx,
        T* packed,
        int depth,
        SimdPath path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void RunChunk(int chunk)
        {
            var r0 = rowBegin + (chunk * RowChunk);
            var r1 = Math.Min(rowEnd, r0 + RowChunk);
            var strip = StripWidth<T>(path);
            var colBlock = Math.Max(strip, ColumnBlockBytes / (sizeof(T) * depth) / strip * strip);
            var lastCol = lowerOnly ? Math.Min(colEnd, r1) : colEnd;
            for (var jb = colBegin; jb < lastCol; jb += colBlock)
            {
                var jbEnd = Math.Min(jb + colBlock, lastCol);
                for (var i = r0; i < r1; i += RowTile)
                {
                    var rows = Math.Min(RowTile, r1 - i);
                    var jEnd = lowerOnly ? Math.Min(jbEnd, i + rows) : jbEnd;
                    for (var j = jb; j < jEnd; j += strip)
                    {
                        var zp = packed + ((long)(j - colBegin) * depth);
                        var validCols = Math.Min(strip, colEnd - j);
                        var full = rows == RowTile && validCols == strip && (!lowerOnly || j + strip - 1 <= i);
                        Tile(i, rows, j, validCols, full, zp, strip);
                    }
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]

        private void Tile(int i, int rows, int j, int validCols, bool full, T* zp, int strip)
        {
            if (full)
            {
                switch (path)
                {
                    case SimdPath.Vector512:
                        Tile4x512(i, j, zp, null, strip);
                        return;
                    case SimdPath.Vector256:
                        Tile4x256(i, j, zp, null, strip);
                        return;
                }
            }

            var buffer = stackalloc T[RowTile * strip];
            switch (path)
            {
                case SimdPath.Vector512 when rows == RowTile:
                    Tile4x512(i, j, zp, buffer, strip);
                    break;
                case SimdPath.Vector256 when rows == RowTile:
                    Tile4x256(i, j, zp, buffer, strip);
                    break;
                default:
                    TileScalar(i, rows, zp, buffer, strip);
                    break;
            }

            for (var r = 0; r < rows; r++)
            {
                var row = c + ((long)(i + r) * ldc) + j;
                var limit = lowerOnly ? Math.Min(validCols, i + r - j + 1) : validCols;
                for (var q = 0; q < limit; q++)
                {
                    row[q] -= buffer[(r * strip) + q];
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]

        private void TileScalar(int i, int rows, T* zp, T* buffer, int strip)
        {
            for (var r = 0; r < rows; r++)
            {
                var xr = x + ((long)(i + r) * ldx);
                for (var q = 0; q < strip; q++)
                {
                    var sum = T.Zero;
                    for (var k = 0; k < depth; k++)
                    {
                        sum += xr[k] * zp[(k * strip) + q];
                    }

                    buffer[(r * strip) + q] = sum;
                }
            }
        }

        // With buffer == null the tile is subtracted from C directly; otherwise its products are stored there.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Tile4x512(int i, int j, T* zp, T* buffer, int strip)
        {
            var w = Vector512<T>.Count;
            var x0 = x + ((long)i * ldx);
            var x1 = x0 + ldx;
            var x2 = x1 + ldx;
            var x3 = x2 + ldx;
            Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default;
            Vector512<T> c20 = default, c21 = default, c30 = default, c31 = default;
            for (var k = 0; k < depth; k++)
            {
                var b0 = Vector512.Load(zp);
                var b1 = Vector512.Load(zp + w);
                zp += strip;
                var a = Vector512.Create(x0[k]);
                c00 = Simd.MulAdd(a, b0, c00);
                c01 = Simd.MulAdd(a, b1, c01);
                a = Vector512.Create(x1[k]);
                c10 = Simd.MulAdd(a, b0, c10);
                c11 = Simd.MulAdd(a, b1, c11);
                a = Vector512.Create(x2[k]);
                c20 = Simd.MulAdd(a, b0, c20);
                c21 = Simd.MulAdd(a, b1, c21);
                a = Vector512.Create(x3[k]);
                c30 = Simd.MulAdd(a, b0, c30);
                c31 = Simd.MulAdd(a, b1, c31);
            }

            if (buffer is null)
            {
                var r = c + ((long)i * ldc) + j;
                Vector512.Store(Vector512.Load(r) - c00, r);
                Vector512.Store(Vector512.Load(r + w) - c01, r + w);
                r += ldc;
                Vector512.Store(Vector512.Load(r) - c10, r);
                Vector512.Store(Vector512.Load(r + w) - c11, r + w);
                r += ldc;
                Vector512.Store(Vector512.Load(r) - c20, r);
                Vector512.Store(Vector512.Load(r + w) - c21, r + w);
                r += ldc;
                Vector512.Store(Vector512.Load(r) - c30, r);
                Vector512.Store(Vector512.Load(r + w) - c31, r + w);
            }
            else
            {
                Vector512.Store(c00, buffer);
                Vector512.Store(c01, buffer + w);
                Vector512.Store(c10, buffer + strip);
                Vector512.Store(c11, buffer + strip + w);
                Vector512.Store(c20, buffer + (2 * strip));
                Vector512.Store(c21, buffer + (2 * strip) + w);
                Vector512.Store(c30, buffer + (3 * strip));
                Vector512.Store(c31, buffer + (3 * strip) + w);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]

        private void Tile4x256(int i, int j, T* zp, T* buffer, int strip)
        {
            var w = Vector256<T>.Count;
            var x0 = x + ((long)i * ldx);
            var x1 = x0 + ldx;
            var x2 = x1 + ldx;
            var x3 = x2 + ldx;
            Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default;
            Vector256<T> c20 = default, c21 = default, c30 = default, c31 = default;
            for (var k = 0; k < depth; k++)
            {
                var b0 = Vector256.Load(zp);
                var b1 = Vector256.Load(zp + w);
                zp += strip;
                var a = Vector256.Create(x0[k]);
                c00 = Simd.MulAdd(a, b0, c00);
                c01 = Simd.MulAdd(a, b1, c01);
                a = Vector256.Create(x1[k]);
                c10 = Simd.MulAdd(a, b0, c10);
                c11 = Simd.MulAdd(a, b1, c11);
                a = Vector256.Create(x2[k]);
                c20 = Simd.MulAdd(a, b0, c20);
                c21 = Simd.MulAdd(a, b1, c21);
                a = Vector256.Create(x3[k]);
                c30 = Simd.MulAdd(a, b0, c30);
                c31 = Simd.MulAdd(a, b1, c31);
            }

            if (buffer is null)
            {
                var r = c + ((long)i * ldc) + j;
                Vector256.Store(Vector256.Load(r) - c00, r);
                Vector256.Store(Vector256.Load(r + w) - c01, r + w);
                r += ldc;
                Vector256.Store(Vector256.Load(r) - c10, r);
                Vector256.Store(Vector256.Load(r + w) - c11, r + w);
                r += ldc;
                Vector256.Store(Vector256.Load(r) - c20, r);
                Vector256.Store(Vector256.Load(r + w) - c21, r + w);
                r += ldc;
                Vector256.Store(Vector256.Load(r) - c30, r);
                Vector256.Store(Vector256.Load(r + w) - c31, r + w);
            }
            else
            {
                Vector256.Store(c00, buffer);
                Vector256.Store(c01, buffer + w);
                Vector256.Store(c10, buffer + strip);
                Vector256.Store(c11, buffer + strip + w);
                Vector256.Store(c20, buffer + (2 * strip));
                Vector256.Store(c21, buffer + (2 * strip) + w);
                Vector256.Store(c30, buffer + (3 * strip));
                Vector256.Store(c31, buffer + (3 * strip) + w);
            }
        }
    }
}
