using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Penchant.Core.Numerics;

/// <summary>
/// Scoring every item of a factor model and keeping the best K in one pass: score = item row · user (+ bias),
/// never written to a score array. Four item rows per step (Vector512 where the factor count allows, else Vector256)
/// share the loads of the user vector; the four sums are compared with the heap's worst kept score at once, so the
/// heap is touched only by the rare candidates that beat it.
/// </summary>
/// <remarks>
/// At 1,000,000 items × 64 factors the item matrix is 256 MB, so the pass is bound by memory bandwidth; fusing
/// saves the separate passes over the score array (bias, exclusion, selection). <see cref="SelectReference"/> is
/// the plain scalar version the fast one is tested against.
/// </remarks>
public static class FactorTopK
{
    /// <summary>
    /// Fills <paramref name="heap"/> (unordered, as <see cref="TopK.SelectInto"/>) with the items of highest
    /// score; returns how many were found. Allocation-free.
    /// </summary>
    /// <param name="itemFactors">Row-major items × <paramref name="factors"/>.</param>
    /// <param name="factors">Columns of <paramref name="itemFactors"/>.</param>
    /// <param name="user">The user vector (at least <paramref name="factors"/> entries).</param>
    /// <param name="bias">One additive bias per item, or empty for none.</param>
    /// <param name="excluded">Items never returned (for example the shopper's history), sorted ascending.</param>
    /// <param name="heap">Receives the best entries; its length is K.</param>
    public static int Select(ReadOnlySpan<float> itemFactors, int factors, ReadOnlySpan<float> user, ReadOnlySpan<float> bias, ReadOnlySpan<int> excluded, Span<ScoredItem> heap)
    {
        Check(itemFactors.Length, factors, user, bias);
        var size = 0;
        SelectRows(itemFactors, factors, user, bias, 0, excluded, heap, ref size);
        return size;
    }

    /// <summary>
    /// <see cref="Select"/> over <paramref name="parts"/> contiguous slices of the item matrix at once, one per
    /// core: each slice keeps its own best K, and the slices' heaps are merged in slice order. A 1,000,000-item
    /// matrix is read from memory twice as fast by two cores as by one. It allocates the slice heaps and the
    /// parallel loop's state (a few hundred bytes per call); <see cref="Select"/> is the allocation-free path.
    /// </summary>
    /// <param name="itemFactors">Row-major items × <paramref name="factors"/>.</param>
    /// <param name="factors">Columns of <paramref name="itemFactors"/>.</param>
    /// <param name="user">The user vector (at least <paramref name="factors"/> entries).</param>
    /// <param name="bias">One additive bias per item, or empty for none.</param>
    /// <param name="excluded">Items never returned, sorted ascending.</param>
    /// <param name="heap">Receives the best entries; its length is K.</param>
    /// <param name="parts">How many slices to score in parallel (1 runs <see cref="Select"/>).</param>
    public static int SelectParallel(ReadOnlyMemory<float> itemFactors, int factors, ReadOnlyMemory<float> user, ReadOnlyMemory<float> bias, ReadOnlyMemory<int> excluded, Span<ScoredItem> heap, int parts)
    {
        var rows = Check(itemFactors.Length, factors, user.Span, bias.Span);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parts);
        parts = Math.Min(parts, Math.Max(1, rows / 4096)); // slices under ~4k rows cost more to hand out than to score
        if (parts == 1 || heap.Length == 0)
        {
            return Select(itemFactors.Span, factors, user.Span, bias.Span, excluded.Span, heap);
        }

        var k = heap.Length;
        var heaps = new ScoredItem[parts * k];
        var sizes = new int[parts];
        var chunk = (rows + parts - 1) / parts;
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
        {
            var lo = part * chunk;
            var count = Math.Min(rows, lo + chunk) - lo;
            var size = 0;
            SelectRows(
                itemFactors.Span.Slice(lo * factors, count * factors),
                factors,
                user.Span,
                bias.IsEmpty ? [] : bias.Span.Slice(lo, count),
                lo,
                excluded.Span,
                heaps.AsSpan(part * k, k),
                ref size);
            sizes[part] = size;
        });

        var filled = 0;
        for (var part = 0; part < parts; part++)
        {
            foreach (var entry in heaps.AsSpan(part * k, sizes[part]))
            {
                TopK.Offer(heap, ref filled, entry.Item, entry.Score);
            }
        }

        return filled;
    }

    /// <summary>The scalar reference for <see cref="Select"/>: every score into an array, then exclusion and <see cref="TopK.SelectInto"/>.</summary>
    /// <param name="itemFactors">Row-major items × <paramref name="factors"/>.</param>
    /// <param name="factors">Columns of <paramref name="itemFactors"/>.</param>
    /// <param name="user">The user vector.</param>
    /// <param name="bias">One additive bias per item, or empty for none.</param>
    /// <param name="excluded">Items never returned, sorted ascending.</param>
    /// <param name="heap">Receives the best entries.</param>
    public static int SelectReference(ReadOnlySpan<float> itemFactors, int factors, ReadOnlySpan<float> user, ReadOnlySpan<float> bias, ReadOnlySpan<int> excluded, Span<ScoredItem> heap)
    {
        var rows = Check(itemFactors.Length, factors, user, bias);
        var scores = new float[rows];
        VectorOps.MatVecReference(itemFactors, factors, user, scores);
        for (var r = 0; r < rows; r++)
        {
            scores[r] += bias.IsEmpty ? 0f : bias[r];
        }

        foreach (var item in excluded)
        {
            if ((uint)item < (uint)rows)
            {
                scores[item] = float.NegativeInfinity;
            }
        }

        return TopK.SelectInto(scores, heap);
    }

    // Offers rows 0..n-1 of itemFactors as items itemBase.. (bias is sliced to the same rows), so a caller can
    // feed the matrix in parts.
    private static void SelectRows(ReadOnlySpan<float> itemFactors, int factors, ReadOnlySpan<float> user, ReadOnlySpan<float> bias, int itemBase, ReadOnlySpan<int> excluded, Span<ScoredItem> heap, ref int size)
    {
        if (heap.Length == 0)
        {
            return;
        }

        var rows = itemFactors.Length / factors;
        var r = 0;
        if (Vector256.IsHardwareAccelerated && factors % Vector256<float>.Count == 0)
        {
            r = SelectBlocks(itemFactors, factors, user, bias, itemBase, excluded, heap, rows, ref size);
        }

        for (; r < rows; r++)
        {
            var score = TensorPrimitives.Dot(itemFactors.Slice(r * factors, factors), user[..factors]) + (bias.IsEmpty ? 0f : bias[r]);
            OfferUnlessExcluded(heap, ref size, itemBase + r, score, excluded);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int SelectBlocks(ReadOnlySpan<float> itemFactors, int factors, ReadOnlySpan<float> user, ReadOnlySpan<float> bias, int itemBase, ReadOnlySpan<int> excluded, Span<ScoredItem> heap, int rows, ref int size)
    {
        ref var m = ref MemoryMarshal.GetReference(itemFactors);
        ref var xv = ref MemoryMarshal.GetReference(user);
        ref var b = ref MemoryMarshal.GetReference(bias);
        var hasBias = !bias.IsEmpty;
        var wide = Vector512.IsHardwareAccelerated && factors % Vector512<float>.Count == 0;
        var stride = (nuint)factors;
        var filled = size;
        var threshold = Vector128.Create(filled == heap.Length ? heap[0].Score : float.NegativeInfinity);
        var r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            var o = (nuint)((long)r * factors);
            var sums = wide ? VectorOps.Dot4x512(ref m, o, stride, ref xv, factors) : VectorOps.Dot4x256(ref m, o, stride, ref xv, factors);
            if (hasBias)
            {
                sums += Vector128.LoadUnsafe(ref b, (nuint)r);
            }

            // Until the heap is full everything is offered; afterwards only rows that reach its worst score.
            if (Vector128.GreaterThanOrEqualAny(sums, threshold))
            {
                for (var q = 0; q < 4; q++)
                {
                    OfferUnlessExcluded(heap, ref filled, itemBase + r + q, sums.GetElement(q), excluded);
                }

                if (filled == heap.Length)
                {
                    threshold = Vector128.Create(heap[0].Score);
                }
            }
        }

        size = filled;
        return r;
    }

    private static void OfferUnlessExcluded(Span<ScoredItem> heap, ref int size, int item, float score, ReadOnlySpan<int> excluded)
    {
        if (excluded.IsEmpty || excluded.BinarySearch(item) < 0)
        {
            TopK.Offer(heap, ref size, item, score);
        }
    }

    private static int Check(int length, int factors, ReadOnlySpan<float> user, ReadOnlySpan<float> bias)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(factors);
        if (length % factors != 0 || user.Length < factors)
        {
            throw new ArgumentException("itemFactors must hold whole rows of length factors, and user at least factors entries.");
        }

        var rows = length / factors;
        if (!bias.IsEmpty && bias.Length < rows)
        {
            throw new ArgumentException("bias needs one entry per item row.", nameof(bias));
        }

        return rows;
    }
}
