using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Penchant.Core.Numerics;

/// <summary>A scored item index.</summary>
public readonly record struct ScoredItem(int Item, float Score);

/// <summary>Top-K selection over a dense score vector with a bounded min-heap: O(n log k), no allocation but the result.</summary>
public static class TopK
{
    /// <summary>
    /// The <paramref name="k"/> highest finite scores in descending order (ties broken by lower index).
    /// Entries that are NaN or negative infinity are never selected, so callers exclude items by
    /// setting their score to <see cref="float.NegativeInfinity"/>.
    /// </summary>
    public static ScoredItem[] Select(ReadOnlySpan<float> scores, int k)
    {
        if (k <= 0)
        {
            return [];
        }

        var heap = new ScoredItem[Math.Min(k, scores.Length)];
        var size = SelectInto(scores, heap);
        return Ordered(heap.AsSpan(0, size));
    }

    /// <summary>A heap's entries (as <see cref="SelectInto"/> leaves them) as a new array, best first: score descending, ties by lower index.</summary>
    public static ScoredItem[] Ordered(ReadOnlySpan<ScoredItem> heap)
    {
        var result = heap.ToArray();
        Array.Sort(result, static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Item.CompareTo(b.Item));
        return result;
    }

    /// <summary>Fills <paramref name="heap"/> with the best entries (unordered); returns how many were found.</summary>
    public static int SelectInto(ReadOnlySpan<float> scores, Span<ScoredItem> heap)
    {
        var k = heap.Length;
        if (k == 0)
        {
            return 0;
        }

        var size = 0;
        var i = 0;
        for (; i < scores.Length && size < k; i++)
        {
            Offer(heap, ref size, i, scores[i]);
        }

        // Once the heap is full, a later item enters only with a score above the root's: every kept item has a lower
        // index, so an equal score loses the tie. Whole vectors at or below the root (NaN and negative infinity
        // compare false) are skipped without touching the heap.
        if (Vector256.IsHardwareAccelerated && size == k)
        {
            ref var first = ref MemoryMarshal.GetReference(scores);
            var width = Vector256<float>.Count;
            for (; i <= scores.Length - width; i += width)
            {
                var block = Vector256.LoadUnsafe(ref first, (nuint)i);
                if (!Vector256.GreaterThanAny(block, Vector256.Create(heap[0].Score)))
                {
                    continue;
                }

                for (var j = i; j < i + width; j++)
                {
                    Offer(heap, ref size, j, scores[j]);
                }
            }
        }

        for (; i < scores.Length; i++)
        {
            Offer(heap, ref size, i, scores[i]);
        }

        return size;
    }

    /// <summary>The plain heap selection without the vector skip: the reference the fast path is tested against.</summary>
    internal static int SelectIntoScalar(ReadOnlySpan<float> scores, Span<ScoredItem> heap)
    {
        var size = 0;
        for (var i = 0; i < scores.Length && heap.Length > 0; i++)
        {
            Offer(heap, ref size, i, scores[i]);
        }

        return size;
    }

    /// <summary>
    /// Offers one entry to a heap being filled (<paramref name="size"/> entries so far), with the same rules as
    /// <see cref="SelectInto"/>: NaN and negative infinity never enter, ties go to the lower index.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Offer(Span<ScoredItem> heap, ref int size, int item, float score)
    {
        if (float.IsNaN(score) || float.IsNegativeInfinity(score))
        {
            return;
        }

        if (size < heap.Length)
        {
            heap[size] = new ScoredItem(item, score);
            SiftUp(heap, size);
            size++;
        }
        else if (Better(score, item, heap[0]))
        {
            heap[0] = new ScoredItem(item, score);
            SiftDown(heap, 0, size);
        }
    }

    // "a beats b" ordering: higher score, then lower index. The heap root is the worst kept entry.
    private static bool Better(float score, int item, ScoredItem other) =>
        score > other.Score || (score == other.Score && item < other.Item);

    private static void SiftUp(Span<ScoredItem> heap, int at)
    {
        while (at > 0)
        {
            var parent = (at - 1) >> 1;
            if (Better(heap[parent].Score, heap[parent].Item, heap[at]))
            {
                (heap[parent], heap[at]) = (heap[at], heap[parent]);
                at = parent;
            }
            else
            {
                break;
            }
        }
    }

    private static void SiftDown(Span<ScoredItem> heap, int at, int size)
    {
        while (true)
        {
            var left = (2 * at) + 1;
            if (left >= size)
            {
                return;
            }

            var worst = left;
            var right = left + 1;
            if (right < size && Better(heap[left].Score, heap[left].Item, heap[right]))
            {
                worst = right;
            }

            if (Better(heap[at].Score, heap[at].Item, heap[worst]))
            {
                (heap[at], heap[worst]) = (heap[worst], heap[at]);
                at = worst;
            }
            else
            {
                return;
            }
        }
    }
}
