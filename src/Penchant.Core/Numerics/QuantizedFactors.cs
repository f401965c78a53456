using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Penchant.Core.Numerics;

/// <summary>
/// A factor model's item rows in 8 bits per entry, for an exact top-K over a very large catalogue that reads a quarter
/// of the bytes. Each row keeps one scale (its largest magnitude over 127) and its entries rounded to whole steps of
/// it; the user vector is rounded to 16 bits the same way, so a row's approximate score is one integer dot product
/// (AVX2 <c>vpmaddwd</c>) times two scales. That pass keeps the best <c>rerank</c> × K items, which are scored again
/// exactly from the float rows. The rounding bounds every row's error (<see cref="ErrorBound"/>), so the result is
/// certified: when the K-th exact score beats the best approximate score left out by more than that bound, no item
/// outside the candidates can belong to the top K. When it does not (scores crowded within the rounding error), the
/// float rows are scanned in full, so the answer is always the exact top K.
/// </summary>
public sealed class QuantizedFactors
{
    /// <summary>The most factors a row may have (the integer sums then stay within 32 bits).</summary>
    public const int MaxFactors = 256;

    /// <summary>How many times K items the approximate pass hands to the exact one by default.</summary>
    public const int DefaultRerank = 8;

    private readonly sbyte[] _values;
    private readonly float[] _scales;
    private readonly int _stride;
    private readonly float _largestScale;

    /// <summary>Quantizes <paramref name="itemFactors"/> (row-major items × <paramref name="factors"/>).</summary>
    public QuantizedFactors(ReadOnlySpan<float> itemFactors, int factors)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(factors);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(factors, MaxFactors);
        if (itemFactors.Length % factors != 0)
        {
            throw new ArgumentException("itemFactors must hold whole rows of length factors.", nameof(itemFactors));
        }

        Rows = itemFactors.Length / factors;
        Factors = factors;
        _stride = (factors + 31) & ~31; // whole 32-byte blocks; the padding stays 0
        _values = new sbyte[(long)Rows * _stride];
        _scales = new float[Rows];
        for (var r = 0; r < Rows; r++)
        {
            var row = itemFactors.Slice(r * factors, factors);
            var max = Math.Abs(TensorPrimitives.MaxMagnitude(row));
            if (!(max > 0) || !float.IsFinite(max))
            {
                continue; // a zero (or broken) row scores 0
            }

            _scales[r] = max / 127f;
            _largestScale = Math.Max(_largestScale, _scales[r]);
            var inverse = 127f / max;
            var values = _values.AsSpan((int)((long)r * _stride), factors);
            for (var j = 0; j < factors; j++)
            {
                values[j] = (sbyte)Math.Clamp(MathF.Round(row[j] * inverse), -127f, 127f);
            }
        }
    }

    /// <summary>Item rows.</summary>
    public int Rows { get; }

    /// <summary>Entries per row.</summary>
    public int Factors { get; }

    /// <summary>Bytes held: the 8-bit rows (padded to 32 entries) and the scales.</summary>
    public long Bytes => _values.LongLength + (4L * _scales.Length);

    /// <summary>Row <paramref name="row"/> as the quantization keeps it (the 8-bit entries times the scale).</summary>
    public void Dequantize(int row, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Rows, nameof(row));
        var values = _values.AsSpan((int)((long)row * _stride), Factors);
        for (var j = 0; j < Factors; j++)
        {
            destination[j] = values[j] * _scales[row];
        }
    }

    /// <summary>
    /// Fills <paramref name="heap"/> (unordered, as <see cref="TopK.SelectInto"/>) with the K items of highest exact
    /// score item row · user (+ bias): found by the 8-bit pass, rescored from <paramref name="itemFactors"/>, and
    /// certified or else found again by a full float pass (see the class summary); returns how many were found.
    /// Allocation-free up to 512 candidates (K × <paramref name="rerank"/>).
    /// </summary>
    /// <param name="itemFactors">The float rows this was built from (the exact rescoring reads the candidates' rows).</param>
    /// <param name="user">The user vector (at least <see cref="Factors"/> entries).</param>
    /// <param name="bias">One additive bias per item, or empty for none.</param>
    /// <param name="excluded">Items never returned (for example the shopper's history), sorted ascending.</param>
    /// <param name="heap">Receives the best entries; its length is K.</param>
    /// <param name="rerank">How many times K candidates the exact pass rescores (at least 1).</param>
    public int Select(ReadOnlySpan<float> itemFactors, ReadOnlySpan<float> user, ReadOnlySpan<float> bias, ReadOnlySpan<int> excluded, Span<ScoredItem> heap, int rerank = DefaultRerank) =>
        Select(itemFactors, user, bias, excluded, heap, rerank, out _);

    /// <summary>
    /// <see cref="Select(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{int}, Span{ScoredItem}, int)"/>,
    /// telling whether the 8-bit pass's candidates were certified (<paramref name="certified"/> true) or the float rows
    /// had to be scanned in full (false).
    /// </summary>
    public int Select(ReadOnlySpan<float> itemFactors, ReadOnlySpan<float> user, ReadOnlySpan<float> bias, ReadOnlySpan<int> excluded, Span<ScoredItem> heap, int rerank, out bool certified)
    {
        if (itemFactors.Length != (long)Rows * Factors || user.Length < Factors || (!bias.IsEmpty && bias.Length < Rows))
        {
            throw new ArgumentException("itemFactors must be the rows this was built from, user at least Factors entries, and bias one entry per row (or none).");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rerank);
        certified = true;
        if (heap.IsEmpty || Rows == 0)
        {
            return 0;
        }

        var largest = Math.Abs(TensorPrimitives.MaxMagnitude(user[..Factors]));
        if (!(largest > 0) || !float.IsFinite(largest))
        {
            return FactorTopK.Select(itemFactors, Factors, user, bias, excluded, heap); // nothing to round: every row scores its bias
        }

        Span<short> quantized = stackalloc short[_stride];
        var userScale = QuantizeUser(user[..Factors], largest, quantized);

        var depth = (int)Math.Min(Rows, (long)heap.Length * rerank);
        ScoredItem[]? rented = null;
        var candidates = depth <= 512 ? stackalloc ScoredItem[depth] : (rented = ArrayPool<ScoredItem>.Shared.Rent(depth)).AsSpan(0, depth);
        try
        {
            var found = Approximate(quantized, userScale, bias, excluded, candidates);
            var filled = 0;
            foreach (var candidate in candidates[..found])
            {
                var exact = TensorPrimitives.Dot(itemFactors.Slice(candidate.Item * Factors, Factors), user[..Factors]) + (bias.IsEmpty ? 0f : bias[candidate.Item]);
                TopK.Offer(heap, ref filled, candidate.Item, exact);
            }

            // Fewer candidates than asked for means every row that is not excluded was one. Otherwise a row left out
            // scored at most the worst candidate's approximate score, so exactly at most that plus the error bound;
            // the kept K are certain when the worst of them beats it.
            if (found == candidates.Length && found > 0)
            {
                var ceiling = candidates[0].Score + ErrorBound(user[..Factors], userScale);
                ceiling += 1e-5f * Math.Max(1f, Math.Abs(ceiling)); // the float arithmetic of both passes
                certified = filled == heap.Length && heap[0].Score > ceiling;
                if (!certified)
                {
                    return FactorTopK.Select(itemFactors, Factors, user, bias, excluded, heap);
                }
            }

            return filled;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<ScoredItem>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// How far any row's approximate score can be from its exact one for <paramref name="user"/> (whose 16-bit step is
    /// <paramref name="userScale"/>). With a row x = s·q + δ (|δⱼ| ≤ s/2) and the user u = t·v + ε (|εⱼ| ≤ t/2):
    /// x·u − s·t·(q·v) = s·(q·ε) + t·(δ·v) + δ·ε, at most s·(127·F·t/2 + (‖u‖₁ + F·t/2)/2 + F·t/4), taken at the
    /// largest row scale s.
    /// </summary>
    internal float ErrorBound(ReadOnlySpan<float> user, float userScale)
    {
        var f = user.Length;
        var l1 = TensorPrimitives.SumOfMagnitudes(user);
        return _largestScale * ((127f * f * userScale / 2f) + ((l1 + (f * userScale / 2f)) / 2f) + (f * userScale / 4f));
    }

    /// <summary>Row <paramref name="row"/>'s approximate score for <paramref name="user"/> (no bias), as the 8-bit pass computes it, with the scalar dot product.</summary>
    internal float ApproximateScore(int row, ReadOnlySpan<float> user)
    {
        var quantized = new short[_stride];
        var userScale = QuantizeUser(user[..Factors], Math.Abs(TensorPrimitives.MaxMagnitude(user[..Factors])), quantized);
        return DotScalar(_values.AsSpan((int)((long)row * _stride), _stride), quantized) * (_scales[row] * userScale);
    }

    // The user in 16 bits, in steps of largest / 32767, padded with zeros as the rows are; returns the step.
    private static float QuantizeUser(ReadOnlySpan<float> user, float largest, Span<short> quantized)
    {
        quantized.Clear();
        var inverse = 32767f / largest;
        for (var j = 0; j < user.Length; j++)
        {
            quantized[j] = (short)Math.Clamp(MathF.Round(user[j] * inverse), -32767f, 32767f);
        }

        return largest / 32767f;
    }

    // The best candidates.Length rows by the 8-bit score; returns how many were kept.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Approximate(ReadOnlySpan<short> user, float userScale, ReadOnlySpan<float> bias, ReadOnlySpan<int> excluded, Span<ScoredItem> candidates)
    {
        ref var values = ref MemoryMarshal.GetArrayDataReference(_values);
        var vector = Avx2.IsSupported;
        var filled = 0;
        var threshold = float.NegativeInfinity;
        for (var r = 0; r < Rows; r++)
        {
            ref var row = ref Unsafe.Add(ref values, (nint)((long)r * _stride));
            var dot = vector ? DotAvx2(ref row, user, _stride) : DotScalar(MemoryMarshal.CreateReadOnlySpan(ref row, _stride), user);
            var score = (dot * (_scales[r] * userScale)) + (bias.IsEmpty ? 0f : bias[r]);
            if (score >= threshold && (excluded.IsEmpty || excluded.BinarySearch(r) < 0))
            {
                TopK.Offer(candidates, ref filled, r, score);
                if (filled == candidates.Length)
                {
                    threshold = candidates[0].Score;
                }
            }
        }

        return filled;
    }

    /// <summary>The integer dot product of a padded 8-bit row with a 16-bit vector of the same length (a multiple of 32), with AVX2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int DotAvx2(ref sbyte row, ReadOnlySpan<short> user, int length)
    {
        ref var u = ref MemoryMarshal.GetReference(user);
        var sum = Vector256<int>.Zero;
        for (var j = 0; j < length; j += 32)
        {
            var (lower, upper) = Vector256.Widen(Vector256.LoadUnsafe(ref row, (nuint)j));
            sum = Avx2.Add(sum, Avx2.MultiplyAddAdjacent(lower, Vector256.LoadUnsafe(ref u, (nuint)j)));
            sum = Avx2.Add(sum, Avx2.MultiplyAddAdjacent(upper, Vector256.LoadUnsafe(ref u, (nuint)(j + 16))));
        }

        return Vector256.Sum(sum);
    }

    /// <summary>The plain reference of <see cref="DotAvx2"/>.</summary>
    internal static int DotScalar(ReadOnlySpan<sbyte> row, ReadOnlySpan<short> user)
    {
        var sum = 0;
        for (var j = 0; j < row.Length; j++)
        {
            sum += row[j] * user[j];
        }

        return sum;
    }
}
