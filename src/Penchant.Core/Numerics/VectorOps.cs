using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Penchant.Core.Numerics;

/// <summary>
/// Dense vector and matrix kernels over spans. Element-wise work goes through <see cref="TensorPrimitives"/>;
/// the row-major matrix-vector product that scores every item of a factor model is hand-written (four rows at
/// a time, one horizontal reduction for all four) because a per-row <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>
/// call costs more than the arithmetic at 64 factors. <see cref="MatVecReference"/> is the plain scalar version
/// the fast one is tested against.
/// </summary>
public static class VectorOps
{
    /// <summary>y[r] = sum over c of matrix[r * columns + c] * x[c] for every row r (row-major matrix).</summary>
    public static void MatVec(ReadOnlySpan<float> matrix, int columns, ReadOnlySpan<float> x, Span<float> y) =>
        MatVec(matrix, columns, x, y, SimdPath.Auto);

    /// <summary>The scalar reference for <see cref="MatVec(ReadOnlySpan{float}, int, ReadOnlySpan{float}, Span{float})"/>.</summary>
    public static void MatVecReference(ReadOnlySpan<float> matrix, int columns, ReadOnlySpan<float> x, Span<float> y)
    {
        var rows = CheckMatVec(matrix, columns, x, y);
        for (var r = 0; r < rows; r++)
        {
            var sum = 0f;
            for (var c = 0; c < columns; c++)
            {
                sum += matrix[(r * columns) + c] * x[c];
            }

            y[r] = sum;
        }
    }

    /// <summary>y = alpha * x + y.</summary>
    public static void Axpy(float alpha, ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.MultiplyAdd(x, alpha, y, y);

    /// <summary>The dot product of <paramref name="x"/> and <paramref name="y"/>.</summary>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y) => TensorPrimitives.Dot(x, y);

    /// <summary>The L2 norm of each row of the row-major matrix <paramref name="rows"/> with <paramref name="columns"/> columns.</summary>
    public static float[] RowNorms(ReadOnlySpan<float> rows, int columns)
    {
        var norms = new float[rows.Length / columns];
        for (var i = 0; i < norms.Length; i++)
        {
            norms[i] = TensorPrimitives.Norm(rows.Slice(i * columns, columns));
        }

        return norms;
    }

    /// <summary>
    /// Cosine similarity of row <paramref name="row"/> to every row of a row-major matrix, given each row's L2 norm
    /// (<see cref="RowNorms"/>); rows of zero norm, and every row when <paramref name="row"/> is unknown or zero, get 0.
    /// </summary>
    public static void CosineToRow(ReadOnlySpan<float> rows, int columns, ReadOnlySpan<float> norms, int row, Span<float> scores)
    {
        var n = norms.Length;
        scores = scores[..n];
        if ((uint)row >= (uint)n || norms[row] == 0f)
        {
            scores.Clear();
            return;
        }

        MatVec(rows, columns, rows.Slice(row * columns, columns), scores);
        var self = norms[row];
        for (var j = 0; j < n; j++)
        {
            scores[j] = norms[j] > 0f ? scores[j] / (norms[j] * self) : 0f;
        }
    }

    /// <summary>
    /// The cosine of rows <paramref name="a"/> and <paramref name="b"/> of the row-major matrix: the value
    /// <see cref="CosineToRow"/> writes at <paramref name="b"/> for row <paramref name="a"/>, without the other rows.
    /// </summary>
    public static float CosineOfRows(ReadOnlySpan<float> rows, int columns, ReadOnlySpan<float> norms, int a, int b)
    {
        if ((uint)a >= (uint)norms.Length || (uint)b >= (uint)norms.Length || norms[a] == 0f || norms[b] == 0f)
        {
            return 0f;
        }

        return TensorPrimitives.Dot(rows.Slice(a * columns, columns), rows.Slice(b * columns, columns)) / (norms[a] * norms[b]);
    }

    /// <summary>
    /// The Gram matrix G = Vᵀ V (dim x dim, row-major, full) of the row-major count x dim matrix V, computed on the
    /// packed rank-k kernel in chunks of rows.
    /// </summary>
    public static unsafe void Gram(ReadOnlySpan<float> rows, int dim, Span<float> gram)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dim);
        if (rows.Length % dim != 0 || gram.Length < dim * dim)
        {
            throw new ArgumentException("rows must hold whole rows of length dim and gram dim x dim entries.");
        }

        var count = rows.Length / dim;
        gram[..(dim * dim)].Clear();
        const int depth = 256;
        var path = Simd.Resolve(SimdPath.Auto);
        var strip = RankUpdate.StripWidth<float>(path);
        var transposed = new float[dim * depth];
        var packed = new float[RankUpdate.PackedLength(dim, depth, strip)];
        fixed (float* pv = rows)
        fixed (float* pg = gram)
        fixed (float* pt = transposed)
        fixed (float* pp = packed)
        {
            for (var r0 = 0; r0 < count; r0 += depth)
            {
                var kb = Math.Min(depth, count - r0);
                for (var r = 0; r < kb; r++)
                {
                    var src = pv + ((long)(r0 + r) * dim);
                    for (var a = 0; a < dim; a++)
                    {
                        pt[(a * kb) + r] = src[a];
                    }
                }

                // G -= Vcᵀ (-Vc): the chunk's contribution, lower triangle only.
                RankUpdate.Pack(pt, kb, dim, kb, pp, strip, negate: true);
                RankUpdate.Update(pg, dim, 0, dim, 0, dim, lowerOnly: true, pt, kb, pp, kb, path, parallel: false);
            }
        }

        for (var i = 0; i < dim; i++)
        {
            for (var j = 0; j < i; j++)
            {
                gram[(j * dim) + i] = gram[(i * dim) + j];
            }
        }
    }

    /// <summary>
    /// The weighted Gram matrix G = Σ_r w_r v_r v_rᵀ (dim x dim, row-major, full) of the row-major count x dim matrix
    /// V with one non-negative weight per row: the Gram of the rows scaled by √w_r.
    /// </summary>
    public static void WeightedGram(ReadOnlySpan<float> rows, int dim, ReadOnlySpan<float> weights, Span<float> gram)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dim);
        if (rows.Length % dim != 0 || weights.Length != rows.Length / dim)
        {
            throw new ArgumentException("rows must hold whole rows of length dim and weights one entry per row.");
        }

        var scaled = new float[rows.Length];
        for (var r = 0; r < weights.Length; r++)
        {
            if (weights[r] < 0 || !float.IsFinite(weights[r]))
            {
                throw new ArgumentException($"Row weight {r} is {weights[r]}; weights must be finite and non-negative.", nameof(weights));
            }

            TensorPrimitives.Multiply(rows.Slice(r * dim, dim), MathF.Sqrt(weights[r]), scaled.AsSpan(r * dim, dim));
        }

        Gram(scaled, dim, gram);
    }

    internal static void MatVec(ReadOnlySpan<float> matrix, int columns, ReadOnlySpan<float> x, Span<float> y, SimdPath path)
    {
        var rows = CheckMatVec(matrix, columns, x, y);
        path = Simd.Resolve(path);
        if (columns == 0)
        {
            y[..rows].Clear();
            return;
        }

        var r = 0;
        if (path == SimdPath.Vector512 && columns >= Vector512<float>.Count)
        {
            r = MatVec512(matrix, columns, x, y, rows);
        }
        else if (path != SimdPath.Scalar && columns >= Vector256<float>.Count)
        {
            r = MatVec256(matrix, columns, x, y, rows);
        }

        for (; r < rows; r++)
        {
            var sum = 0f;
            var row = matrix.Slice(r * columns, columns);
            for (var c = 0; c < columns; c++)
            {
                sum += row[c] * x[c];
            }

            y[r] = sum;
        }
    }

    private static int CheckMatVec(ReadOnlySpan<float> matrix, int columns, ReadOnlySpan<float> x, Span<float> y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (x.Length < columns)
        {
            throw new ArgumentException($"x needs {columns} entries.", nameof(x));
        }

        if (columns == 0)
        {
            return y.Length;
        }

        if (matrix.Length % columns != 0 || y.Length < matrix.Length / columns)
        {
            throw new ArgumentException("matrix must hold whole rows and y one entry per row.");
        }

        return matrix.Length / columns;
    }

    // Four rows at a time; returns the first row left for the scalar tail.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int MatVec512(ReadOnlySpan<float> matrix, int columns, ReadOnlySpan<float> x, Span<float> y, int rows)
    {
        var w = Vector512<float>.Count;
        var vecEnd = columns - (columns % w);
        ref var m = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(matrix);
        ref var xv = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
        var r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            var sums = Dot4x512(ref m, (nuint)((long)r * columns), (nuint)columns, ref xv, vecEnd);
            if (vecEnd < columns)
            {
                sums += Tail4(matrix, columns, x, r, vecEnd);
            }

            sums.StoreUnsafe(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(y), (nuint)r);
        }

        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    private static int MatVec256(ReadOnlySpan<float> matrix, int columns, ReadOnlySpan<float> x, Span<float> y, int rows)
    {
        var w = Vector256<float>.Count;
        var vecEnd = columns - (columns % w);
        ref var m = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(matrix);
        ref var xv = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
        var r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            var sums = Dot4x256(ref m, (nuint)((long)r * columns), (nuint)columns, ref xv, vecEnd);
            if (vecEnd < columns)
            {
                sums += Tail4(matrix, columns, x, r, vecEnd);
            }

            sums.StoreUnsafe(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(y), (nuint)r);
        }

        return r;
    }

    // Dot products of four rows (at o, o + stride, ...) with x over columns [0, end), end a multiple of the width.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> Dot4x256(ref float m, nuint o, nuint stride, ref float x, int end)
    {
        var s0 = Vector256<float>.Zero;
        var s1 = Vector256<float>.Zero;
        var s2 = Vector256<float>.Zero;
        var s3 = Vector256<float>.Zero;
        for (var c = 0; c < end; c += Vector256<float>.Count)
        {
            var xc = Vector256.LoadUnsafe(ref x, (nuint)c);
            var at = o + (nuint)c;
            s0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref m, at), xc, s0);
            s1 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref m, at + stride), xc, s1);
            s2 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref m, at + (2 * stride)), xc, s2);
            s3 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref m, at + (3 * stride)), xc, s3);
        }

        return VectorOps.Sum4(s0, s1, s2, s3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> Dot4x512(ref float m, nuint o, nuint stride, ref float x, int end)
    {
        var s0 = Vector512<float>.Zero;
        var s1 = Vector512<float>.Zero;
        var s2 = Vector512<float>.Zero;
        var s3 = Vector512<float>.Zero;
        for (var c = 0; c < end; c += Vector512<float>.Count)
        {
            var xc = Vector512.LoadUnsafe(ref x, (nuint)c);
            var at = o + (nuint)c;
            s0 = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref m, at), xc, s0);
            s1 = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref m, at + stride), xc, s1);
            s2 = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref m, at + (2 * stride)), xc, s2);
            s3 = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref m, at + (3 * stride)), xc, s3);
        }

        return VectorOps.Sum4(s0.GetLower() + s0.GetUpper(), s1.GetLower() + s1.GetUpper(), s2.GetLower() + s2.GetUpper(), s3.GetLower() + s3.GetUpper());
    }

    // The four horizontal sums of a, b, c, d as one vector (a, b, c, d).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> Sum4(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d)
    {
        var a4 = a.GetLower() + a.GetUpper();
        var b4 = b.GetLower() + b.GetUpper();
        var c4 = c.GetLower() + c.GetUpper();
        var d4 = d.GetLower() + d.GetUpper();
        if (Sse3.IsSupported)
        {
            return Sse3.HorizontalAdd(Sse3.HorizontalAdd(a4, b4), Sse3.HorizontalAdd(c4, d4));
        }

        return Vector128.Create(Vector128.Sum(a4), Vector128.Sum(b4), Vector128.Sum(c4), Vector128.Sum(d4));
    }

    private static Vector128<float> Tail4(ReadOnlySpan<float> matrix, int columns, ReadOnlySpan<float> x, int r, int from)
    {
        Span<float> t = stackalloc float[4];
        for (var q = 0; q < 4; q++)
        {
            var row = matrix.Slice((r + q) * columns, columns);
            var sum = 0f;
            for (var c = from; c < columns; c++)
            {
                sum += row[c] * x[c];
            }

            t[q] = sum;
        }

        return Vector128.Create<float>(t);
    }
}
