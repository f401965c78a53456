using System.Numerics.Tensors;

namespace Penchant.Core.Recommenders.SasRec;

/// <summary>
/// Adam (Kingma and Ba, ICLR 2015) with optional decoupled weight decay (AdamW, Loshchilov and Hutter, ICLR 2019),
/// over one flat parameter vector. The moments are part of a training checkpoint.
/// </summary>
internal sealed class AdamOptimizer
{
    private const int Chunk = 16384;
    private readonly float[] _m;
    private readonly float[] _v;
    private readonly float _beta1;
    private readonly float _beta2;
    private readonly float _epsilon;

    public AdamOptimizer(int size, float learningRate, float weightDecay, float beta1 = 0.9f, float beta2 = 0.98f, float epsilon = 1e-8f)
    {
        _m = new float[size];
        _v = new float[size];
        LearningRate = learningRate;
        WeightDecay = weightDecay;
        _beta1 = beta1;
        _beta2 = beta2;
        _epsilon = epsilon;
    }

    public float LearningRate { get; }

    public float WeightDecay { get; }

    /// <summary>Updates taken so far (for bias correction).</summary>
    public long Steps { get; private set; }

    /// <summary>First moments.</summary>
    public float[] M => _m;

    /// <summary>Second moments.</summary>
    public float[] V => _v;

    /// <summary>Restores the step count of a checkpoint (the moments are restored through <see cref="M"/> and <see cref="V"/>).</summary>
    public void Restore(long steps) => Steps = steps;

    /// <summary>One update of <paramref name="parameters"/> from <paramref name="gradient"/>; elementwise, so chunks run in parallel.</summary>
    public void Step(float[] parameters, float[] gradient, ParallelOptions parallel)
    {
        Steps++;
        var correction1 = 1.0 - Math.Pow(_beta1, Steps);
        var correction2 = 1.0 - Math.Pow(_beta2, Steps);
        var stepSize = (float)(LearningRate * Math.Sqrt(correction2) / correction1);
        var epsilon = (float)(_epsilon * Math.Sqrt(correction2));
        var decay = 1f - (LearningRate * WeightDecay);
        var chunks = (parameters.Length + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, parallel, () => new float[Chunk], (c, _, tmp) =>
        {
            var start = c * Chunk;
            var len = Math.Min(Chunk, parameters.Length - start);
            var p = parameters.AsSpan(start, len);
            var g = gradient.AsSpan(start, len);
            var m = _m.AsSpan(start, len);
            var v = _v.AsSpan(start, len);
            var t = tmp.AsSpan(0, len);
            // m = β1·m + (1−β1)·g ; v = β2·v + (1−β2)·g²
            TensorPrimitives.Multiply(m, _beta1, m);
            TensorPrimitives.MultiplyAdd(g, 1f - _beta1, m, m);
            TensorPrimitives.Multiply(g, g, t);
            TensorPrimitives.Multiply(v, _beta2, v);
            TensorPrimitives.MultiplyAdd(t, 1f - _beta2, v, v);
            if (WeightDecay > 0f)
            {
                TensorPrimitives.Multiply(p, decay, p);
            }

            // p −= stepSize · m / (√v + ε), bias corrections folded into stepSize and ε.
            TensorPrimitives.Sqrt(v, t);
            TensorPrimitives.Add(t, epsilon, t);
            TensorPrimitives.Divide(m, t, t);
            TensorPrimitives.MultiplyAdd(t, -stepSize, p, p);
            return tmp;
        }, static _ => { });
    }
}
