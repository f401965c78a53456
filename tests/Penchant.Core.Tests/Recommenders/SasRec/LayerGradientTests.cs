using Penchant.Core.Recommenders.SasRec;

namespace Penchant.Core.Tests.Recommenders.SasRec;

/// <summary>Each layer's backward pass against central finite differences on tiny shapes.</summary>
public sealed class LayerGradientTests
{
    [Fact]
    public void Layer_norm_backward_matches_finite_differences()
    {
        const int rows = 3, d = 5;
        var rng = new Random(1);
        var x = GradientCheck.Random(rng, rows * d, 2);
        var gamma = GradientCheck.Random(rng, d);
        var beta = GradientCheck.Random(rng, d);
        var w = GradientCheck.Random(rng, rows * d);
        var y = new float[rows * d];
        var mean = new float[rows];
        var rstd = new float[rows];
        double Loss()
        {
            LayerNorm.Forward(rows, d, x, gamma, beta, y, mean, rstd);
            return GradientCheck.Weighted(y, w);
        }

        Loss();
        var dx = new float[rows * d];
        var dGamma = new float[d];
        var dBeta = new float[d];
        LayerNorm.Backward(rows, d, x, gamma, mean, rstd, w, dGamma, dBeta, dx, new float[2 * d]);
        GradientCheck.Assert("x", x, Loss, dx, eps: 1e-2f);
        GradientCheck.Assert("gamma", gamma, Loss, dGamma);
        GradientCheck.Assert("beta", beta, Loss, dBeta);
    }

    [Fact]
    public void Linear_backward_matches_finite_differences()
    {
        const int rows = 3, inDim = 4, outDim = 5;
        var rng = new Random(2);
        var x = GradientCheck.Random(rng, rows * inDim);
        var weights = GradientCheck.Random(rng, inDim * outDim);
        var b = GradientCheck.Random(rng, outDim);
        var w = GradientCheck.Random(rng, rows * outDim);
        var y = new float[rows * outDim];
        double Loss()
        {
            Linear.Forward(rows, inDim, outDim, x, weights, b, y);
            return GradientCheck.Weighted(y, w);
        }

        var dx = new float[rows * inDim];
        var dW = new float[inDim * outDim];
        var dB = new float[outDim];
        Linear.Backward(rows, inDim, outDim, x, weights, w, dW, dB, dx, false, new float[rows * inDim * outDim]);
        GradientCheck.Assert("x", x, Loss, dx);
        GradientCheck.Assert("W", weights, Loss, dW);
        GradientCheck.Assert("b", b, Loss, dB);
    }

    [Fact]
    public void Causal_attention_backward_matches_finite_differences()
    {
        const int rows = 4, d = 6, heads = 2;
        var rng = new Random(3);
        var q = GradientCheck.Random(rng, rows * d);
        var k = GradientCheck.Random(rng, rows * d);
        var v = GradientCheck.Random(rng, rows * d);
        var w = GradientCheck.Random(rng, rows * d);
        var probs = new float[heads * rows * rows];
        var output = new float[rows * d];
        double Loss()
        {
            CausalSelfAttention.Forward(rows, d, heads, q, k, v, probs, output);
            return GradientCheck.Weighted(output, w);
        }

        Loss();
        var dq = new float[rows * d];
        var dk = new float[rows * d];
        var dv = new float[rows * d];
        CausalSelfAttention.Backward(rows, d, heads, q, k, v, probs, w, dq, dk, dv, new float[rows]);
        GradientCheck.Assert("q", q, Loss, dq);
        GradientCheck.Assert("k", k, Loss, dk);
        GradientCheck.Assert("v", v, Loss, dv);
    }

    [Fact]
    public void Attention_is_causal_a_later_key_or_value_never_changes_an_earlier_output()
    {
        const int rows = 5, d = 4, heads = 2;
        var rng = new Random(4);
        var q = GradientCheck.Random(rng, rows * d);
        var k = GradientCheck.Random(rng, rows * d);
        var v = GradientCheck.Random(rng, rows * d);
        var before = new float[rows * d];
        CausalSelfAttention.Forward(rows, d, heads, q, k, v, new float[heads * rows * rows], before);
        k[(3 * d) + 1] += 5f;
        v[(4 * d) + 2] -= 5f;
        var after = new float[rows * d];
        CausalSelfAttention.Forward(rows, d, heads, q, k, v, new float[heads * rows * rows], after);
        Assert.Equal(before.AsSpan(0, 3 * d).ToArray(), after.AsSpan(0, 3 * d).ToArray());
        Assert.NotEqual(before.AsSpan(3 * d).ToArray(), after.AsSpan(3 * d).ToArray());
    }

    [Fact]
    public void Full_softmax_loss_gradients_match_finite_differences()
    {
        const int rows = 3, items = 7, d = 4;
        var rng = new Random(5);
        var h = GradientCheck.Random(rng, rows * d);
        var e = GradientCheck.Random(rng, items * d);
        int[] targets = [2, 6, 2];
        var loss = new FullSoftmaxLoss(items, d, maxThreads: 1);
        var dh = new float[rows * d];
        var dItems = new float[items * d];
        double Loss() => loss.Compute(rows, h, targets, 0.5f, e, new float[rows * d], new float[items * d]);
        loss.Compute(rows, h, targets, 0.5f, e, dh, dItems);
        GradientCheck.Assert("h", h, Loss, dh);
        GradientCheck.Assert("E", e, Loss, dItems);
    }

    [Fact]
    public void Full_softmax_loss_is_the_mean_negative_log_likelihood()
    {
        // Zero hidden states: every item is equally likely, so the loss is log(items).
        var loss = new FullSoftmaxLoss(10, 3, maxThreads: 1);
        var value = loss.Compute(2, new float[6], [1, 4], 0.5f, GradientCheck.Random(new Random(1), 30), new float[6], new float[30]);
        Assert.Equal(Math.Log(10), value, 5);
    }

    [Fact]
    public void Sampled_softmax_loss_gradients_match_finite_differences_with_a_masked_accidental_hit()
    {
        const int rows = 3, items = 9, d = 4;
        var rng = new Random(6);
        var h = GradientCheck.Random(rng, rows * d);
        var e = GradientCheck.Random(rng, items * d);
        int[] targets = [2, 5, 8];
        int[] negatives = [1, 5, 7, 1, 3]; // 5 is row 1's positive (masked there); 1 repeats.
        var loss = new SampledSoftmaxLoss(d, maxThreads: 1);
        var dh = new float[rows * d];
        var dItems = new float[items * d];
        double Loss() => loss.Compute(rows, h, targets, negatives, 1f / rows, e, new float[rows * d], new float[items * d]);
        loss.Compute(rows, h, targets, negatives, 1f / rows, e, dh, dItems);
        GradientCheck.Assert("h", h, Loss, dh);
        GradientCheck.Assert("E", e, Loss, dItems);
    }

    [Fact]
    public void Binary_cross_entropy_gradients_match_finite_differences()
    {
        const int rows = 3, items = 6, d = 4;
        var rng = new Random(7);
        var h = GradientCheck.Random(rng, rows * d);
        var e = GradientCheck.Random(rng, items * d);
        int[] targets = [0, 3, 3];
        int[] negatives = [4, 1, 0];
        var dh = new float[rows * d];
        var dItems = new float[items * d];
        double Loss() => BinaryCrossEntropyLoss.Compute(rows, d, h, targets, negatives, 1f / rows, e, new float[rows * d], new float[items * d]);
        BinaryCrossEntropyLoss.Compute(rows, d, h, targets, negatives, 1f / rows, e, dh, dItems);
        GradientCheck.Assert("h", h, Loss, dh);
        GradientCheck.Assert("E", e, Loss, dItems);
    }
}
