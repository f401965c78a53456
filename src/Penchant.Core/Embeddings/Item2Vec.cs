using System.Numerics.Tensors;

namespace Penchant.Core.Embeddings;

/// <summary>Options for <see cref="Item2Vec"/>.</summary>
/// <param name="Dimensions">Length of the item vectors.</param>
/// <param name="Window">How many items either side of an item count as its context.</param>
/// <param name="Negatives">Negative samples drawn per positive pair.</param>
/// <param name="Epochs">Passes over the sequences.</param>
/// <param name="LearningRate">Initial step size, decayed linearly to 1e-4 of itself.</param>
/// <param name="Subsample">Frequent items are dropped with probability 1 - sqrt(t / f) (word2vec); 0 turns it off.</param>
/// <param name="MinCount">Items seen fewer times get no behaviour vector.</param>
public sealed record Item2VecOptions(
    int Dimensions = 48,
    int Window = 5,
    int Negatives = 5,
    int Epochs = 5,
    float LearningRate = 0.025f,
    double Subsample = 1e-3,
    int MinCount = 2);

/// <summary>
/// Behavioural item embeddings: skip-gram with negative sampling over shoppers' chronological item
/// sequences, so items consumed by the same shoppers close together in time end up close. Single-threaded,
/// hence exactly reproducible for a seed; the inner loops are <see cref="TensorPrimitives"/> calls.
/// </summary>
/// <remarks>
/// Barkan and Koenigstein, "Item2Vec: neural item embedding for collaborative filtering", MLSP 2016, on top of
/// Mikolov et al., "Distributed representations of words and phrases and their compositionality", NIPS 2013
/// (negative sampling from the unigram distribution raised to 3/4, frequent-item subsampling).
/// </remarks>
public sealed class Item2Vec(Item2VecOptions? options = null)
{
    private const int NoiseTableSize = 1 << 20;

    public Item2VecOptions Options { get; } = options ?? new Item2VecOptions();

    /// <summary>
    /// Trains on <paramref name="sequences"/> (item ids in 0..<paramref name="itemCount"/>-1). Returns one
    /// L2-normalised vector per item, all zeros for items below <see cref="Item2VecOptions.MinCount"/>.
    /// </summary>
    public float[][] Fit(IReadOnlyList<int[]> sequences, int itemCount, int seed, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var o = Options;
        ArgumentOutOfRangeException.ThrowIfLessThan(o.Dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(o.Window, 1);
        var d = o.Dimensions;
        var counts = new long[itemCount];
        long total = 0;
        foreach (var seq in sequences)
        {
            foreach (var item in seq)
            {
                if ((uint)item < (uint)itemCount)
                {
                    counts[item]++;
                    total++;
                }
            }
        }

        var result = new float[itemCount][];
        var kept = new bool[itemCount];
        for (var i = 0; i < itemCount; i++)
        {
            kept[i] = counts[i] >= Math.Max(1, o.MinCount);
            result[i] = new float[d];
        }

        if (total == 0 || !kept.Contains(true))
        {
            return result;
        }

        var rng = new Random(seed);
        var input = new float[itemCount * d];
        var output = new float[itemCount * d];
        for (var k = 0; k < input.Length; k++)
        {
            input[k] = (float)((rng.NextDouble() - 0.5) / d);
        }

        var noise = NoiseTable(counts, kept);
        var keepProbability = new double[itemCount];
        for (var i = 0; i < itemCount; i++)
        {
            var f = (double)counts[i] / total;
            keepProbability[i] = o.Subsample <= 0 || f == 0 ? 1.0 : Math.Min(1.0, Math.Sqrt(o.Subsample / f) + (o.Subsample / f));
        }

        var gradient = new float[d];
        var buffer = new List<int>();
        long steps = (long)o.Epochs * total;
        long done = 0;
        for (var epoch = 0; epoch < o.Epochs; epoch++)
        {
            foreach (var seq in sequences)
            {
                cancellation.ThrowIfCancellationRequested();
                buffer.Clear();
                foreach (var item in seq)
                {
                    if ((uint)item < (uint)itemCount && kept[item] && rng.NextDouble() < keepProbability[item])
                    {
                        buffer.Add(item);
                    }
                }

                done += seq.Length;
                var rate = o.LearningRate * (float)Math.Max(1e-4, 1.0 - ((double)done / (steps + 1)));
                for (var t = 0; t < buffer.Count; t++)
                {
                    var window = 1 + rng.Next(o.Window);
                    var center = buffer[t];
                    for (var c = Math.Max(0, t - window); c <= Math.Min(buffer.Count - 1, t + window); c++)
                    {
                        if (c == t || buffer[c] == center)
                        {
                            continue;
                        }

                        TrainPair(input.AsSpan(buffer[c] * d, d), center, output, noise, rng, rate, gradient);
                    }
                }
            }
        }

        for (var i = 0; i < itemCount; i++)
        {
            if (!kept[i])
            {
                continue;
            }

            var row = input.AsSpan(i * d, d);
            var norm = TensorPrimitives.Norm(row);
            if (norm > 0f)
            {
                TensorPrimitives.Divide(row, norm, result[i]);
            }
        }

        return result;
    }

    /// <summary>One positive (context, center) update plus <see cref="Item2VecOptions.Negatives"/> negatives.</summary>
    private void TrainPair(Span<float> context, int center, float[] output, int[] noise, Random rng, float rate, float[] gradient)
    {
        var d = context.Length;
        Array.Clear(gradient);
        for (var n = 0; n <= Options.Negatives; n++)
        {
            int target;
            float label;
            if (n == 0)
            {
                target = center;
                label = 1f;
            }
            else
            {
                target = noise[rng.Next(noise.Length)];
                if (target == center)
                {
                    continue;
                }

                label = 0f;
            }

            var row = output.AsSpan(target * d, d);
            var score = TensorPrimitives.Dot(context, row);
            var g = (label - Sigmoid(score)) * rate;
            TensorPrimitives.MultiplyAdd(row, g, gradient, gradient);
            TensorPrimitives.MultiplyAdd(context, g, row, row);
        }

        TensorPrimitives.Add(context, gradient, context);
    }

    private static float Sigmoid(float x) => x > 8f ? 1f : x < -8f ? 0f : 1f / (1f + MathF.Exp(-x));

    /// <summary>A table where each kept item occupies a share proportional to count^0.75 (only kept items appear).</summary>
    private static int[] NoiseTable(long[] counts, bool[] kept)
    {
        var sum = 0.0;
        var last = -1;
        for (var i = 0; i < counts.Length; i++)
        {
            if (kept[i])
            {
                sum += Math.Pow(counts[i], 0.75);
                last = i;
            }
        }

        var table = new int[NoiseTableSize];
        var at = 0;
        var acc = 0.0;
        for (var i = 0; i < counts.Length && at < table.Length; i++)
        {
            if (!kept[i])
            {
                continue;
            }

            acc += Math.Pow(counts[i], 0.75) / sum;
            var end = i == last ? table.Length : Math.Min(table.Length, (int)Math.Round(acc * table.Length));
            while (at < end)
            {
                table[at++] = i;
            }
        }

        return table;
    }
}
