using System.Numerics.Tensors;

namespace Penchant.Core.Recommenders.SasRec;

/// <summary>
/// The SASRec network over one flat parameter vector: item embeddings E [items×d] (shared with the output
/// layer), right-aligned position embeddings P [maxLength×d], then per block a pre-norm causal multi-head
/// self-attention and a point-wise feed-forward layer, each with dropout and a residual, and a final layer norm.
/// Forward and backward passes handle one sequence at its true length (no padding).
/// </summary>
internal sealed class SasRecNetwork
{
    // Offsets inside one block.
    private readonly int _ln1G, _ln1B, _wq, _bq, _wk, _bk, _wv, _bv, _wo, _bo, _ln2G, _ln2B, _w1, _b1, _w2, _b2;
    private readonly float _embeddingScale;

    public SasRecNetwork(int itemCount, SasRecOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ItemCount = itemCount;
        Dimensions = options.Dimensions;
        InnerDimensions = options.InnerDimensions;
        Heads = options.Heads;
        BlockCount = options.Blocks;
        MaxLength = options.MaxLength;
        DropoutRate = options.Dropout;
        int d = Dimensions, f = InnerDimensions;
        _embeddingScale = MathF.Sqrt(d);
        PositionOffset = itemCount * d;
        var at = 0;
        _ln1G = Take(ref at, d);
        _ln1B = Take(ref at, d);
        _wq = Take(ref at, d * d);
        _bq = Take(ref at, d);
        _wk = Take(ref at, d * d);
        _bk = Take(ref at, d);
        _wv = Take(ref at, d * d);
        _bv = Take(ref at, d);
        _wo = Take(ref at, d * d);
        _bo = Take(ref at, d);
        _ln2G = Take(ref at, d);
        _ln2B = Take(ref at, d);
        _w1 = Take(ref at, d * f);
        _b1 = Take(ref at, f);
        _w2 = Take(ref at, f * d);
        _b2 = Take(ref at, d);
        BlockSize = at;
        BlocksOffset = PositionOffset + (MaxLength * d);
        FinalOffset = BlocksOffset + (BlockCount * BlockSize);
        ParameterCount = FinalOffset + (2 * d);
    }

    public int ItemCount { get; }

    public int Dimensions { get; }

    public int InnerDimensions { get; }

    public int Heads { get; }

    public int BlockCount { get; }

    public int MaxLength { get; }

    public float DropoutRate { get; }

    public int PositionOffset { get; }

    public int BlocksOffset { get; }

    public int BlockSize { get; }

    public int FinalOffset { get; }

    public int ParameterCount { get; }

    /// <summary>Parameters after the item embeddings (their gradient is dense and small).</summary>
    public int DenseCount => ParameterCount - PositionOffset;

    /// <summary>Xavier-normal weights and embeddings, unit layer-norm gains, zero biases.</summary>
    public void Initialize(Span<float> p, ulong seed)
    {
        var rng = new SplitMix64(seed);
        int d = Dimensions, f = InnerDimensions;
        p.Clear();
        Fill(p[..PositionOffset], Math.Sqrt(2.0 / (ItemCount + d)), ref rng);
        Fill(p.Slice(PositionOffset, MaxLength * d), Math.Sqrt(2.0 / (MaxLength + d)), ref rng);
        for (var b = 0; b < BlockCount; b++)
        {
            var o = BlocksOffset + (b * BlockSize);
            p.Slice(o + _ln1G, d).Fill(1f);
            p.Slice(o + _ln2G, d).Fill(1f);
            foreach (var w in new[] { _wq, _wk, _wv, _wo })
            {
                Fill(p.Slice(o + w, d * d), Math.Sqrt(1.0 / d), ref rng);
            }

            Fill(p.Slice(o + _w1, d * f), Math.Sqrt(2.0 / (d + f)), ref rng);
            Fill(p.Slice(o + _w2, f * d), Math.Sqrt(2.0 / (d + f)), ref rng);
        }

        p.Slice(FinalOffset, d).Fill(1f);
    }

    /// <summary>
    /// Runs the network over <paramref name="items"/> (at most MaxLength, oldest first). With a dropout seed the
    /// masks are drawn (training); without, dropout is off (serving). The hidden states land in <c>act.Output</c>.
    /// </summary>
    public void Forward(ReadOnlySpan<float> p, ReadOnlySpan<int> items, SasRecActivations act, ulong? dropoutSeed)
    {
        int d = Dimensions, f = InnerDimensions, n = items.Length;
        if (n > MaxLength)
        {
            throw new ArgumentException("Sequence longer than MaxLength.", nameof(items));
        }

        act.Length = n;
        act.PositionStart = MaxLength - n;
        act.Dropout = dropoutSeed.HasValue && DropoutRate > 0f;
        items.CopyTo(act.Items);
        var rng = new SplitMix64(dropoutSeed ?? 0);
        var x0 = act.X0.AsSpan(0, n * d);
        for (var t = 0; t < n; t++)
        {
            var row = x0.Slice(t * d, d);
            TensorPrimitives.Multiply(p.Slice(items[t] * d, d), _embeddingScale, row);
            TensorPrimitives.Add(row, p.Slice(PositionOffset + ((act.PositionStart + t) * d), d), row);
        }

        DropoutForward(act, x0, act.Mask0, ref rng);
        ReadOnlySpan<float> current = x0;
        for (var b = 0; b < BlockCount; b++)
        {
            var o = BlocksOffset + (b * BlockSize);
            var a = act.Blocks[b];
            LayerNorm.Forward(n, d, current, p.Slice(o + _ln1G, d), p.Slice(o + _ln1B, d), a.H1, a.Mean1, a.Rstd1);
            Linear.Forward(n, d, d, a.H1, p.Slice(o + _wq, d * d), p.Slice(o + _bq, d), a.Q);
            Linear.Forward(n, d, d, a.H1, p.Slice(o + _wk, d * d), p.Slice(o + _bk, d), a.K);
            Linear.Forward(n, d, d, a.H1, p.Slice(o + _wv, d * d), p.Slice(o + _bv, d), a.V);
            CausalSelfAttention.Forward(n, d, Heads, a.Q, a.K, a.V, a.Probs, a.Att);
            Linear.Forward(n, d, d, a.Att, p.Slice(o + _wo, d * d), p.Slice(o + _bo, d), a.Ao);
            DropoutForward(act, a.Ao.AsSpan(0, n * d), a.MaskA, ref rng);
            TensorPrimitives.Add(current, a.Ao.AsSpan(0, n * d), a.A.AsSpan(0, n * d));
            LayerNorm.Forward(n, d, a.A, p.Slice(o + _ln2G, d), p.Slice(o + _ln2B, d), a.H2, a.Mean2, a.Rstd2);
            Linear.Forward(n, d, f, a.H2, p.Slice(o + _w1, d * f), p.Slice(o + _b1, f), a.F1);
            var f1 = a.F1.AsSpan(0, n * f);
            TensorPrimitives.Max(f1, 0f, f1);
            DropoutForward(act, f1, a.MaskF1, ref rng);
            Linear.Forward(n, f, d, a.F1, p.Slice(o + _w2, f * d), p.Slice(o + _b2, d), a.F2);
            DropoutForward(act, a.F2.AsSpan(0, n * d), a.MaskF2, ref rng);
            TensorPrimitives.Add(a.A.AsSpan(0, n * d), a.F2.AsSpan(0, n * d), a.Out.AsSpan(0, n * d));
            current = a.Out.AsSpan(0, n * d);
        }

        LayerNorm.Forward(n, d, current, p.Slice(FinalOffset, d), p.Slice(FinalOffset + d, d), act.Output, act.MeanF, act.RstdF);
    }

    /// <summary>
    /// Back-propagates dL/dOutput (<paramref name="dOutput"/>, [length×d]). Adds the gradients of every parameter
    /// after the item embeddings into <paramref name="denseGrad"/> (indexed from <see cref="PositionOffset"/>),
    /// and leaves dL/dE's per-row contributions for <see cref="ScatterItemGradient"/>.
    /// </summary>
    public void Backward(ReadOnlySpan<float> p, SasRecActivations act, ReadOnlySpan<float> dOutput, Span<float> denseGrad)
    {
        int d = Dimensions, f = InnerDimensions, n = act.Length, nd = n * d;
        var dCur = act.DCurrent.AsSpan(0, nd);
        var dA = act.DA.AsSpan(0, nd);
        var dTemp = act.DTemp.AsSpan(0, nd);
        var scratch = act.Scratch.AsSpan();
        dCur.Clear();
        ReadOnlySpan<float> lastOut = BlockCount == 0 ? act.X0.AsSpan(0, nd) : act.Blocks[^1].Out.AsSpan(0, nd);
        var g = denseGrad[(FinalOffset - PositionOffset)..];
        LayerNorm.Backward(n, d, lastOut, p.Slice(FinalOffset, d), act.MeanF, act.RstdF, dOutput, g[..d], g.Slice(d, d), dCur, scratch);
        for (var b = BlockCount - 1; b >= 0; b--)
        {
            var o = BlocksOffset + (b * BlockSize);
            var go = denseGrad[(o - PositionOffset)..];
            var a = act.Blocks[b];
            ReadOnlySpan<float> input = b == 0 ? act.X0.AsSpan(0, nd) : act.Blocks[b - 1].Out.AsSpan(0, nd);

            // out = A + dropout(F2): the residual passes dCur to A; the branch goes through the mask.
            dCur.CopyTo(dA);
            DropoutBackward(act, dCur, a.MaskF2, dTemp);
            var dInner = act.DInner.AsSpan(0, n * f);
            Linear.Backward(n, f, d, a.F1, p.Slice(o + _w2, f * d), dTemp, go.Slice(_w2, f * d), go.Slice(_b2, d), dInner, false, scratch);
            var f1 = a.F1.AsSpan(0, n * f);
            for (var i = 0; i < dInner.Length; i++)
            {
                // ReLU then dropout, both applied in place: the kept, positive entries pass.
                dInner[i] = f1[i] > 0f ? dInner[i] * (act.Dropout ? a.MaskF1[i] : 1f) : 0f;
            }

            Linear.Backward(n, d, f, a.H2, p.Slice(o + _w1, d * f), dInner, go.Slice(_w1, d * f), go.Slice(_b1, f), dTemp, false, scratch);
            LayerNorm.Backward(n, d, a.A, p.Slice(o + _ln2G, d), a.Mean2, a.Rstd2, dTemp, go.Slice(_ln2G, d), go.Slice(_ln2B, d), dA, scratch);

            // A = input + dropout(Ao).
            dA.CopyTo(dCur);
            DropoutBackward(act, dA, a.MaskA, dTemp);
            var dAtt = act.DAtt.AsSpan(0, nd);
            Linear.Backward(n, d, d, a.Att, p.Slice(o + _wo, d * d), dTemp, go.Slice(_wo, d * d), go.Slice(_bo, d), dAtt, false, scratch);
            CausalSelfAttention.Backward(n, d, Heads, a.Q, a.K, a.V, a.Probs, dAtt, act.DQ, act.DK, act.DV, scratch);
            Linear.Backward(n, d, d, a.H1, p.Slice(o + _wq, d * d), act.DQ, go.Slice(_wq, d * d), go.Slice(_bq, d), dTemp, false, scratch);
            Linear.Backward(n, d, d, a.H1, p.Slice(o + _wk, d * d), act.DK, go.Slice(_wk, d * d), go.Slice(_bk, d), dTemp, true, scratch);
            Linear.Backward(n, d, d, a.H1, p.Slice(o + _wv, d * d), act.DV, go.Slice(_wv, d * d), go.Slice(_bv, d), dTemp, true, scratch);
            LayerNorm.Backward(n, d, input, p.Slice(o + _ln1G, d), a.Mean1, a.Rstd1, dTemp, go.Slice(_ln1G, d), go.Slice(_ln1B, d), dCur, scratch);
        }

        // x0 = dropout(E[item]·√d + P[pos]).
        if (act.Dropout)
        {
            TensorPrimitives.Multiply(dCur, act.Mask0.AsSpan(0, nd), dCur);
        }

        var gp = denseGrad.Slice(act.PositionStart * d, nd);
        TensorPrimitives.Add(gp, dCur, gp);
    }

    /// <summary>Adds the item-embedding gradient of the last backward pass into <paramref name="itemGrad"/> ([items×d]).</summary>
    public void ScatterItemGradient(SasRecActivations act, Span<float> itemGrad)
    {
        var d = Dimensions;
        for (var t = 0; t < act.Length; t++)
        {
            var g = itemGrad.Slice(act.Items[t] * d, d);
            TensorPrimitives.MultiplyAdd(act.DCurrent.AsSpan(t * d, d), _embeddingScale, g, g);
        }
    }

    private void DropoutForward(SasRecActivations act, Span<float> x, float[] mask, ref SplitMix64 rng)
    {
        if (!act.Dropout)
        {
            return;
        }

        var keep = 1f / (1f - DropoutRate);
        for (var i = 0; i < x.Length; i++)
        {
            mask[i] = rng.NextFloat() < DropoutRate ? 0f : keep;
        }

        TensorPrimitives.Multiply(x, mask.AsSpan(0, x.Length), x);
    }

    private static void DropoutBackward(SasRecActivations act, ReadOnlySpan<float> dy, float[] mask, Span<float> dx)
    {
        if (act.Dropout)
        {
            TensorPrimitives.Multiply(dy, mask.AsSpan(0, dy.Length), dx);
        }
        else
        {
            dy.CopyTo(dx);
        }
    }

    private static void Fill(Span<float> target, double std, ref SplitMix64 rng)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] = (float)(rng.NextGaussian() * std);
        }
    }

    private static int Take(ref int at, int size)
    {
        var start = at;
        at += size;
        return start;
    }
}
