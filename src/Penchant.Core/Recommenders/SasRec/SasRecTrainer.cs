using System.Diagnostics;
using System.Text;

namespace Penchant.Core.Recommenders.SasRec;

/// <summary>Where an epoch's wall time went: network forward, output loss (logits and their gradients), network backward, Adam.</summary>
public readonly record struct SasRecEpochProfile(TimeSpan Forward, TimeSpan Loss, TimeSpan Backward, TimeSpan Optimizer);

/// <summary>
/// Trains a SASRec network on chronological item sequences with mini-batch Adam, epoch by epoch, so callers can
/// validate between epochs, stop early and checkpoint. Each sequence contributes its most recent MaxLength+1
/// items: every position predicts the next item. Sequences of a batch run in parallel; their gradients go to a
/// fixed number of shard buffers that are summed in order, and all randomness comes from counters keyed by
/// (seed, epoch, batch, slot), so the result is the same for any thread count and after a resume.
/// </summary>
public sealed class SasRecTrainer
{
    private const int Shards = 8;
    private static ReadOnlySpan<byte> CheckpointMagic => "PNCHSASR"u8;

    private readonly SasRecNetwork _network;
    private readonly IReadOnlyList<int[]> _sequences;
    private readonly int[][] _examples;
    private readonly float[] _parameters;
    private readonly float[] _gradient;
    private readonly float[][] _shardGradients;
    private readonly AdamOptimizer _adam;
    private readonly ParallelOptions _parallel;
    private SasRecActivations[] _activations = [];
    private float[] _hidden = [];
    private float[] _dHidden = [];
    private int[] _targets = [];
    private int[] _negatives = [];
    private FullSoftmaxLoss? _fullLoss;
    private SampledSoftmaxLoss? _sampledLoss;
    private long _forwardTicks, _lossTicks, _backwardTicks, _optimizerTicks;

    /// <summary>Starts a fresh run: parameters initialised from <paramref name="seed"/>.</summary>
    public SasRecTrainer(IReadOnlyList<int[]> sequences, int itemCount, SasRecOptions options, int seed)
        : this(sequences, itemCount, options, seed, initialize: true)
    {
    }

    private SasRecTrainer(IReadOnlyList<int[]> sequences, int itemCount, SasRecOptions options, int seed, bool initialize)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(itemCount, 1);
        Options = options;
        Seed = seed;
        _network = new SasRecNetwork(itemCount, options);
        _sequences = sequences;
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Threads > 0 ? options.Threads : Environment.ProcessorCount };
        var examples = new List<int[]>();
        foreach (var sequence in sequences)
        {
            var valid = sequence.Where(i => (uint)i < (uint)itemCount).ToArray();
            if (valid.Length >= 2)
            {
                examples.Add(valid[Math.Max(0, valid.Length - options.MaxLength - 1)..]);
            }
        }

        _examples = [.. examples];
        _parameters = new float[_network.ParameterCount];
        _gradient = new float[_network.ParameterCount];
        _shardGradients = new float[Shards][];
        for (var s = 0; s < Shards; s++)
        {
            _shardGradients[s] = new float[_network.DenseCount];
        }

        _adam = new AdamOptimizer(_network.ParameterCount, options.LearningRate, options.WeightDecay);
        if (initialize)
        {
            _network.Initialize(_parameters, SplitMix64.Seed(seed, -1));
        }
    }

    public SasRecOptions Options { get; }

    public int Seed { get; }

    public int ItemCount => _network.ItemCount;

    /// <summary>Epochs completed.</summary>
    public int Epoch { get; private set; }

    /// <summary>Optimizer steps taken.</summary>
    public long Steps => _adam.Steps;

    /// <summary>Training sequences with at least one next-item target.</summary>
    public int ExampleCount => _examples.Length;

    /// <summary>The current parameters (a live view; copy to keep).</summary>
    public ReadOnlySpan<float> Parameters => _parameters;

    /// <summary>The time split of the last completed epoch.</summary>
    public SasRecEpochProfile LastEpochProfile { get; private set; }

    internal SasRecNetwork Network => _network;

    internal float[] ParameterArray => _parameters;

    /// <summary>Runs one epoch; returns the mean loss per predicted position.</summary>
    public double TrainEpoch(CancellationToken cancellation = default, IProgress<double>? progress = null)
    {
        var order = new int[_examples.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var rng = new SplitMix64(SplitMix64.Seed(Seed, Epoch, -2));
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var batchSize = Options.BatchSize;
        var batches = (order.Length + batchSize - 1) / batchSize;
        double lossSum = 0;
        long rowsSum = 0;
        _forwardTicks = _lossTicks = _backwardTicks = _optimizerTicks = 0;
        for (var b = 0; b < batches; b++)
        {
            cancellation.ThrowIfCancellationRequested();
            var batch = order.AsSpan(b * batchSize, Math.Min(batchSize, order.Length - (b * batchSize))).ToArray();
            var (loss, rows) = TrainBatch(batch, b);
            lossSum += loss * rows;
            rowsSum += rows;
            progress?.Report((double)(b + 1) / batches);
        }

        Epoch++;
        LastEpochProfile = new SasRecEpochProfile(
            Stopwatch.GetElapsedTime(0, _forwardTicks),
            Stopwatch.GetElapsedTime(0, _lossTicks),
            Stopwatch.GetElapsedTime(0, _backwardTicks),
            Stopwatch.GetElapsedTime(0, _optimizerTicks));
        return rowsSum == 0 ? 0 : lossSum / rowsSum;
    }

    /// <summary>A serving model holding a copy of the current parameters.</summary>
    public SasRecModel ToModel()
    {
        var popularity = new float[ItemCount];
        foreach (var sequence in _sequences)
        {
            foreach (var item in sequence)
            {
                if ((uint)item < (uint)ItemCount)
                {
                    popularity[item]++;
                }
            }
        }

        return new SasRecModel(Options, ItemCount, (float[])_parameters.Clone(), popularity);
    }

    /// <summary>Writes options, seed, progress, parameters and the Adam moments.</summary>
    public void SaveCheckpoint(Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(CheckpointMagic);
        SasRecModel.WriteOptions(writer, Options);
        writer.Write(ItemCount);
        writer.Write(Seed);
        writer.Write(Epoch);
        writer.Write(_adam.Steps);
        ModelFile.WriteArray(writer, _parameters);
        ModelFile.WriteArray(writer, _adam.M);
        ModelFile.WriteArray(writer, _adam.V);
    }

    /// <summary>Resumes a run saved by <see cref="SaveCheckpoint"/> over the same training sequences.</summary>
    public static SasRecTrainer LoadCheckpoint(Stream stream, IReadOnlyList<int[]> sequences)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        if (!reader.ReadBytes(CheckpointMagic.Length).AsSpan().SequenceEqual(CheckpointMagic))
        {
            throw new InvalidDataException("Not a SASRec checkpoint.");
        }

        var options = SasRecModel.ReadOptions(reader);
        var itemCount = reader.ReadInt32();
        var seed = reader.ReadInt32();
        var trainer = new SasRecTrainer(sequences, itemCount, options, seed, initialize: false)
        {
            Epoch = reader.ReadInt32(),
        };
        var steps = reader.ReadInt64();
        Restore(ModelFile.ReadFloats(reader), trainer._parameters);
        Restore(ModelFile.ReadFloats(reader), trainer._adam.M);
        Restore(ModelFile.ReadFloats(reader), trainer._adam.V);
        trainer._adam.Restore(steps);
        return trainer;
    }

    private static void Restore(float[] source, float[] target)
    {
        if (source.Length != target.Length)
        {
            throw new InvalidDataException("Checkpoint does not match the model shape.");
        }

        source.CopyTo(target, 0);
    }

    private (double Loss, int Rows) TrainBatch(int[] batch, int batchIndex)
    {
        var net = _network;
        int d = net.Dimensions, slots = batch.Length;
        if (_activations.Length < slots)
        {
            var grown = new SasRecActivations[slots];
            _activations.CopyTo(grown, 0);
            for (var s = _activations.Length; s < slots; s++)
            {
                grown[s] = new SasRecActivations(net);
            }

            _activations = grown;
        }

        var offsets = new int[slots + 1];
        for (var s = 0; s < slots; s++)
        {
            offsets[s + 1] = offsets[s] + _examples[batch[s]].Length - 1;
        }

        var rows = offsets[slots];
        if (_hidden.Length < rows * d)
        {
            _hidden = new float[rows * d];
            _dHidden = new float[rows * d];
            _targets = new int[rows];
            _negatives = new int[rows];
        }

        var shards = Math.Min(Shards, slots);
        var t0 = Stopwatch.GetTimestamp();
        Parallel.For(0, shards, _parallel, shard =>
        {
            for (var s = shard; s < slots; s += shards)
            {
                var example = _examples[batch[s]];
                var act = _activations[s];
                var inputs = example.AsSpan(0, example.Length - 1);
                net.Forward(_parameters, inputs, act, SplitMix64.Seed(Seed, Epoch, batchIndex, s));
                act.Output.AsSpan(0, inputs.Length * d).CopyTo(_hidden.AsSpan(offsets[s] * d));
                example.AsSpan(1).CopyTo(_targets.AsSpan(offsets[s]));
            }
        });

        var t1 = Stopwatch.GetTimestamp();
        Array.Clear(_gradient);
        var weight = 1f / rows;
        var lossRng = new SplitMix64(SplitMix64.Seed(Seed, Epoch, batchIndex, -3));
        double loss;
        switch (Options.Loss)
        {
            case SasRecLoss.FullSoftmax:
                _fullLoss ??= new FullSoftmaxLoss(net.ItemCount, d, _parallel.MaxDegreeOfParallelism);
                loss = _fullLoss.Compute(rows, _hidden, _targets, weight, _parameters, _dHidden, _gradient);
                break;
            case SasRecLoss.SampledSoftmax:
                _sampledLoss ??= new SampledSoftmaxLoss(d, _parallel.MaxDegreeOfParallelism);
                var negatives = new int[Math.Min(Options.Negatives, net.ItemCount)];
                for (var j = 0; j < negatives.Length; j++)
                {
                    negatives[j] = lossRng.NextInt(net.ItemCount);
                }

                loss = _sampledLoss.Compute(rows, _hidden, _targets, negatives, weight, _parameters, _dHidden, _gradient);
                break;
            default:
                for (var s = 0; s < slots; s++)
                {
                    var example = _examples[batch[s]];
                    for (var r = offsets[s]; r < offsets[s + 1]; r++)
                    {
                        _negatives[r] = SampleNegative(example, ref lossRng);
                    }
                }

                loss = BinaryCrossEntropyLoss.Compute(rows, d, _hidden, _targets, _negatives, weight, _parameters, _dHidden, _gradient);
                break;
        }

        var t2 = Stopwatch.GetTimestamp();
        Parallel.For(0, shards, _parallel, shard =>
        {
            var grad = _shardGradients[shard];
            Array.Clear(grad);
            for (var s = shard; s < slots; s += shards)
            {
                var act = _activations[s];
                net.Backward(_parameters, act, _dHidden.AsSpan(offsets[s] * d, act.Length * d), grad);
            }
        });

        var itemGrad = _gradient.AsSpan(0, net.PositionOffset);
        for (var s = 0; s < slots; s++)
        {
            net.ScatterItemGradient(_activations[s], itemGrad);
        }

        var dense = _gradient.AsSpan(net.PositionOffset);
        for (var shard = 0; shard < shards; shard++)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(dense, _shardGradients[shard], dense);
        }

        var t3 = Stopwatch.GetTimestamp();
        _adam.Step(_parameters, _gradient, _parallel);
        var t4 = Stopwatch.GetTimestamp();
        _forwardTicks += t1 - t0;
        _lossTicks += t2 - t1;
        _backwardTicks += t3 - t2;
        _optimizerTicks += t4 - t3;
        return (loss, rows);
    }

    // A uniform item outside the example's items (the original SASRec rejects the user's whole history; the example is its recent part).
    private int SampleNegative(int[] history, ref SplitMix64 rng)
    {
        var n = _network.ItemCount;
        var candidate = rng.NextInt(n);
        for (var attempt = 0; attempt < 32 && Array.IndexOf(history, candidate) >= 0; attempt++)
        {
            candidate = rng.NextInt(n);
        }

        return candidate;
    }
}
