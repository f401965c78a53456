using System.Collections.Frozen;
using System.Text;
using Penchant.Core.Numerics;

namespace Penchant.Core.Text;

/// <summary>A text with its sentiment label, for training.</summary>
public readonly record struct LabeledText(string Text, bool IsPositive);

/// <summary>Options for <see cref="TrainedSentimentClassifier.Train"/>.</summary>
/// <param name="L2Grid">L2 penalties tried; the one with the best cross-validated macro-F1 is kept (one value skips the search).</param>
/// <param name="Folds">Cross-validation folds over the training texts, used to choose the penalty and the decision threshold.</param>
/// <param name="MinCount">Features in fewer training texts are dropped.</param>
/// <param name="BalanceClasses">Weight each class inversely to its frequency in the loss.</param>
/// <param name="MaxIterations">L-BFGS iteration limit per fit.</param>
/// <param name="Seed">Seeds the fold assignment; the same data and seed give the same model.</param>
public sealed record SentimentClassifierOptions(
    IReadOnlyList<double>? L2Grid = null,
    int Folds = 4,
    int MinCount = 2,
    bool BalanceClasses = true,
    int MaxIterations = 300,
    int Seed = 42)
{
    /// <summary>The penalties searched when <see cref="L2Grid"/> is null.</summary>
    public static IReadOnlyList<double> DefaultL2Grid { get; } = [0.5, 2, 8];
}

/// <summary>
/// A sentiment classifier Penchant trains on labelled reviews: L2-regularised logistic regression over
/// hashed word and Han n-grams, negation-marked words and lexicon scores (see <see cref="SentimentFeatures"/>),
/// with class weighting and a decision threshold tuned for macro-F1 on cross-validation folds of the
/// training data. Immutable and thread-safe once trained; saved and loaded with a <see cref="BinaryWriter"/>.
/// </summary>
/// <remarks>
/// Polarity is the probability of "positive" mapped piecewise-linearly so that the tuned threshold is 0:
/// p ≥ t gives (p - t) / (1 - t), p &lt; t gives (p - t) / t. Aspects come from the lexicon analyzer.
/// </remarks>
public sealed class TrainedSentimentClassifier : ISentimentAnalyzer
{
    private const int FormatVersion = 1;
    private static ReadOnlySpan<byte> Magic => "PNCHSNT1"u8;

    private readonly FrozenDictionary<ulong, float> _weights;
    private readonly float[] _dense;
    private readonly LexiconSentimentAnalyzer _lexicon;

    private TrainedSentimentClassifier(Dictionary<ulong, float> weights, float[] dense, float bias, double threshold, LexiconSentimentAnalyzer? lexicon)
    {
        _weights = weights.ToFrozenDictionary();
        _dense = dense;
        Bias = bias;
        Threshold = threshold;
        _lexicon = lexicon ?? new LexiconSentimentAnalyzer();
    }

    /// <summary>The decision threshold on P(positive).</summary>
    public double Threshold { get; }

    public float Bias { get; }

    /// <summary>How many hashed features carry a weight.</summary>
    public int FeatureCount => _weights.Count;

    /// <summary>The penalty chosen by cross-validation (NaN for a loaded model).</summary>
    public double ChosenL2 { get; private init; } = double.NaN;

    public SentimentResult Analyze(string text)
    {
        var p = Probability(text, out var score);
        var t = Threshold;
        var polarity = p >= t ? (t >= 1 ? 0 : (p - t) / (1 - t)) : (p - t) / t;
        return new SentimentResult(Math.Clamp(polarity, -1, 1), Math.Abs(polarity), score.Aspects);
    }

    /// <summary>The model's probability that <paramref name="text"/> is positive (before the threshold).</summary>
    public double Probability(string? text) => Probability(text, out _);

    private double Probability(string? text, out LexiconScore score)
    {
        var keys = new HashSet<ulong>();
        Span<float> dense = stackalloc float[SentimentFeatures.DenseCount];
        score = SentimentFeatures.Extract(text, _lexicon, keys, dense);
        double z = Bias;
        foreach (var key in keys)
        {
            if (_weights.TryGetValue(key, out var w))
            {
                z += w;
            }
        }

        for (var j = 0; j < dense.Length; j++)
        {
            z += _dense[j] * dense[j];
        }

        return 1 / (1 + Math.Exp(-z));
    }

    /// <summary>Trains a classifier on <paramref name="examples"/>.</summary>
    /// <exception cref="ArgumentException">Fewer than two examples of either class.</exception>
    public static TrainedSentimentClassifier Train(
        IReadOnlyList<LabeledText> examples,
        SentimentClassifierOptions? options = null,
        LexiconSentimentAnalyzer? lexicon = null,
        IProgress<string>? progress = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        options ??= new SentimentClassifierOptions();
        lexicon ??= new LexiconSentimentAnalyzer();
        var positives = examples.Count(e => e.IsPositive);
        if (positives < 2 || examples.Count - positives < 2)
        {
            throw new ArgumentException("Training needs at least two positive and two negative texts.", nameof(examples));
        }

        var data = Featurize(examples, lexicon, options.MinCount, cancellation);
        var folds = Math.Clamp(options.Folds, 2, Math.Min(examples.Count - positives, positives));
        var fold = AssignFolds(examples, folds, options.Seed);
        var grid = options.L2Grid is { Count: > 0 } g ? g : SentimentClassifierOptions.DefaultL2Grid;
        var bestScore = double.NegativeInfinity;
        var bestL2 = grid[0];
        var bestThreshold = 0.5;
        var outOfFold = new double[examples.Count];
        foreach (var l2 in grid)
        {
            for (var f = 0; f < folds; f++)
            {
                cancellation.ThrowIfCancellationRequested();
                var trainRows = Enumerable.Range(0, examples.Count).Where(i => fold[i] != f).ToArray();
                var theta = Fit(data, trainRows, l2, options, cancellation);
                for (var i = 0; i < examples.Count; i++)
                {
                    if (fold[i] == f)
                    {
                        outOfFold[i] = Sigmoid(data.Score(theta, i));
                    }
                }
            }

            var (threshold, score) = BestThreshold(outOfFold, data.Labels);
            progress?.Report($"L2 {l2}: cross-validated macro-F1 {score:F4} at threshold {threshold:F4}");
            if (score > bestScore)
            {
                (bestScore, bestL2, bestThreshold) = (score, l2, threshold);
            }
        }

        var final = Fit(data, Enumerable.Range(0, examples.Count).ToArray(), bestL2, options, cancellation);
        var weights = new Dictionary<ulong, float>(data.Keys.Length);
        for (var j = 0; j < data.Keys.Length; j++)
        {
            if (final[j] != 0)
            {
                weights[data.Keys[j]] = (float)final[j];
            }
        }

        var dense = new float[SentimentFeatures.DenseCount];
        for (var j = 0; j < dense.Length; j++)
        {
            dense[j] = (float)final[data.Keys.Length + j];
        }

        return new TrainedSentimentClassifier(weights, dense, (float)final[^1], bestThreshold, lexicon) { ChosenL2 = bestL2 };
    }

    /// <summary>Writes the model (magic "PNCHSNT1", version, threshold, bias, weights).</summary>
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(Threshold);
        writer.Write(Bias);
        writer.Write(_dense.Length);
        foreach (var w in _dense)
        {
            writer.Write(w);
        }

        writer.Write(_weights.Count);
        foreach (var (key, w) in _weights.OrderBy(p => p.Key))
        {
            writer.Write(key);
            writer.Write(w);
        }
    }

    /// <summary>Reads a model written by <see cref="Write"/>; <paramref name="lexicon"/> must be the one it was trained with (default: the built-in one).</summary>
    /// <exception cref="InvalidDataException">Not a sentiment model, or of a newer format.</exception>
    public static TrainedSentimentClassifier Read(BinaryReader reader, LexiconSentimentAnalyzer? lexicon = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not a Penchant sentiment model (bad magic).");
        }

        var version = reader.ReadInt32();
        if (version is < 1 or > FormatVersion)
        {
            throw new InvalidDataException($"Sentiment model version {version} is not supported.");
        }

        var threshold = reader.ReadDouble();
        var bias = reader.ReadSingle();
        var dense = new float[reader.ReadInt32()];
        if (dense.Length != SentimentFeatures.DenseCount)
        {
            throw new InvalidDataException("Sentiment model has an unexpected number of lexicon features.");
        }

        for (var j = 0; j < dense.Length; j++)
        {
            dense[j] = reader.ReadSingle();
        }

        var count = reader.ReadInt32();
        var weights = new Dictionary<ulong, float>(count);
        for (var k = 0; k < count; k++)
        {
            weights[reader.ReadUInt64()] = reader.ReadSingle();
        }

        return new TrainedSentimentClassifier(weights, dense, bias, threshold, lexicon);
    }

    /// <summary>Saves to a stream (UTF-8 BinaryWriter, stream left open).</summary>
    public void Save(Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        Write(writer);
    }

    /// <summary>Loads from a stream written by <see cref="Save"/>.</summary>
    public static TrainedSentimentClassifier Load(Stream stream, LexiconSentimentAnalyzer? lexicon = null)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        return Read(reader, lexicon);
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>The threshold on P(positive) with the highest macro-F1, and that F1.</summary>
    internal static (double Threshold, double MacroF1) BestThreshold(double[] probability, bool[] labels)
    {
        var order = Enumerable.Range(0, probability.Length).OrderBy(i => probability[i]).ToArray();
        var totalPos = labels.Count(l => l);
        var totalNeg = labels.Length - totalPos;
        // Predict negative for the first k (lowest probabilities), positive for the rest.
        int negBelow = 0, posBelow = 0;
        var best = (Threshold: 0.5, F1: double.NegativeInfinity);
        for (var k = 0; k <= order.Length; k++)
        {
            if (k == 0 || k == order.Length || probability[order[k]] != probability[order[k - 1]])
            {
                var tn = negBelow;
                var fn = posBelow;
                var tp = totalPos - posBelow;
                var fp = totalNeg - negBelow;
                var f1 = (F1(tp, fp, fn) + F1(tn, fn, fp)) / 2;
                if (f1 > best.F1)
                {
                    var lo = k == 0 ? 0 : probability[order[k - 1]];
                    var hi = k == order.Length ? 1 : probability[order[k]];
                    best = ((lo + hi) / 2, f1);
                }
            }

            if (k < order.Length)
            {
                if (labels[order[k]])
                {
                    posBelow++;
                }
                else
                {
                    negBelow++;
                }
            }
        }

        return best;
    }

    private static double F1(int tp, int fp, int fn) => tp == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + fn);

    private static int[] AssignFolds(IReadOnlyList<LabeledText> examples, int folds, int seed)
    {
        // Stratified: each class is shuffled and dealt round-robin, so every fold sees the minority class.
        var rng = new Random(seed);
        var fold = new int[examples.Count];
        foreach (var label in new[] { false, true })
        {
            var rows = Enumerable.Range(0, examples.Count).Where(i => examples[i].IsPositive == label).ToArray();
            rng.Shuffle(rows);
            for (var k = 0; k < rows.Length; k++)
            {
                fold[rows[k]] = k % folds;
            }
        }

        return fold;
    }

    private static TrainingData Featurize(IReadOnlyList<LabeledText> examples, LexiconSentimentAnalyzer lexicon, int minCount, CancellationToken cancellation)
    {
        var perText = new ulong[examples.Count][];
        var dense = new float[examples.Count * SentimentFeatures.DenseCount];
        var df = new Dictionary<ulong, int>();
        var keys = new HashSet<ulong>();
        for (var i = 0; i < examples.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            SentimentFeatures.Extract(examples[i].Text, lexicon, keys, dense.AsSpan(i * SentimentFeatures.DenseCount, SentimentFeatures.DenseCount));
            perText[i] = [.. keys];
            foreach (var key in keys)
            {
                df[key] = df.GetValueOrDefault(key) + 1;
            }
        }

        var kept = df.Where(p => p.Value >= minCount).Select(p => p.Key).Order().ToArray();
        var index = new Dictionary<ulong, int>(kept.Length);
        for (var j = 0; j < kept.Length; j++)
        {
            index[kept[j]] = j;
        }

        var offsets = new int[examples.Count + 1];
        var columns = new List<int>();
        for (var i = 0; i < examples.Count; i++)
        {
            var row = perText[i].Where(index.ContainsKey).Select(k => index[k]).Order().ToArray();
            columns.AddRange(row);
            offsets[i + 1] = columns.Count;
        }

        return new TrainingData(kept, offsets, [.. columns], dense, examples.Select(e => e.IsPositive).ToArray());
    }

    /// <summary>Fits logistic regression on the given rows: parameters are [weights..., lexicon weights..., bias].</summary>
    private static double[] Fit(TrainingData data, int[] rows, double l2, SentimentClassifierOptions options, CancellationToken cancellation)
    {
        var features = data.Keys.Length;
        var dim = features + SentimentFeatures.DenseCount + 1;
        var pos = rows.Count(i => data.Labels[i]);
        var neg = rows.Length - pos;
        var posWeight = options.BalanceClasses ? rows.Length / (2.0 * pos) : 1.0;
        var negWeight = options.BalanceClasses ? rows.Length / (2.0 * neg) : 1.0;
        var theta = new double[dim];
        theta[^1] = Math.Log((double)pos / neg);
        double Objective(ReadOnlySpan<double> x, Span<double> grad)
        {
            grad.Clear();
            var loss = 0.0;
            foreach (var i in rows)
            {
                var z = data.Score(x, i);
                var y = data.Labels[i] ? 1.0 : -1.0;
                var c = data.Labels[i] ? posWeight : negWeight;
                var m = y * z;
                loss += c * (m > 0 ? Math.Log(1 + Math.Exp(-m)) : -m + Math.Log(1 + Math.Exp(m)));
                var r = -c * y / (1 + Math.Exp(m));
                foreach (var j in data.Row(i))
                {
                    grad[j] += r;
                }

                var d = data.Dense.AsSpan(i * SentimentFeatures.DenseCount, SentimentFeatures.DenseCount);
                for (var j = 0; j < d.Length; j++)
                {
                    grad[features + j] += r * d[j];
                }

                grad[^1] += r;
            }

            for (var j = 0; j < dim - 1; j++)
            {
                loss += 0.5 * l2 * x[j] * x[j];
                grad[j] += l2 * x[j];
            }

            return loss;
        }

        Lbfgs.Minimize(Objective, theta, maxIterations: options.MaxIterations, tolerance: 1e-5, cancellation: cancellation);
        return theta;
    }

    private sealed record TrainingData(ulong[] Keys, int[] Offsets, int[] Columns, float[] Dense, bool[] Labels)
    {
        public ReadOnlySpan<int> Row(int i) => Columns.AsSpan(Offsets[i], Offsets[i + 1] - Offsets[i]);

        public double Score(ReadOnlySpan<double> theta, int i)
        {
            var z = theta[^1];
            foreach (var j in Row(i))
            {
                z += theta[j];
            }

            var d = Dense.AsSpan(i * SentimentFeatures.DenseCount, SentimentFeatures.DenseCount);
            for (var j = 0; j < d.Length; j++)
            {
                z += theta[Keys.Length + j] * d[j];
            }

            return z;
        }
    }
}
