using System.Numerics.Tensors;
using Penchant.Core.Data;

namespace Penchant.Core.Recommenders.Hybrid;

/// <summary>How component scores are put on one scale before blending.</summary>
public enum ScoreNormalization
{
    /// <summary>(s − mean) / standard deviation over the items, per query.</summary>
    ZScore,

    /// <summary>(s − min) / (max − min) over the items, per query.</summary>
    MinMax,

    /// <summary>
    /// (s − mean) / standard deviation over the items that can be recommended: those outside the query's history
    /// (for similar items, all but the item asked about). The history's own scores are left out of the scale
    /// because they are never ranked; a model that reconstructs them (ALS scores them near 1) would otherwise get
    /// a wide spread from them, and so a smaller weight in the blend, the longer the shopper's history.
    /// </summary>
    ZScoreCandidates,
}

/// <summary>Options for <see cref="HybridRecommender"/>.</summary>
/// <param name="Components">The recommenders blended and their weights.</param>
/// <param name="Normalization">How each component's scores are normalised per query before blending.</param>
public sealed record HybridOptions(IReadOnlyList<(IRecommender Recommender, double Weight)> Components, ScoreNormalization Normalization = ScoreNormalization.ZScoreCandidates);

/// <summary>
/// A weighted blend of several recommenders: each scores every item, the scores are normalised per query so
/// that no component dominates by scale, and the weighted sum ranks. Weights are tuned on a validation split
/// by the evaluation harness (<c>HybridWeightSearch</c>).
/// </summary>
public sealed class HybridRecommender(HybridOptions options) : IRecommender
{
    public HybridOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    public string Name => HybridModel.KindName;

    public IRecommenderModel Fit(InteractionData data, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Options.Components.Count == 0)
        {
            throw new ArgumentException("A hybrid needs at least one component.");
        }

        var models = new IRecommenderModel[Options.Components.Count];
        for (var c = 0; c < models.Length; c++)
        {
            // Each component gets its own seed, derived from the context's, so the blend is reproducible.
            models[c] = Options.Components[c].Recommender.Fit(data, context with { Seed = unchecked((context.Seed * 31) + c) });
        }

        return new HybridModel(models, [.. Options.Components.Select(static c => (float)c.Weight)], Options.Normalization);
    }
}

/// <summary>A trained blend: component models, weights and the normalisation.</summary>
public sealed class HybridModel : IRecommenderModel, IItemPairSimilarity
{
    public const string KindName = "hybrid";

    private readonly IRecommenderModel[] _models;
    private readonly float[] _weights;
    private readonly ScoreNormalization _normalization;

    public HybridModel(IRecommenderModel[] models, float[] weights, ScoreNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(weights);
        if (models.Length == 0 || models.Length != weights.Length || models.Any(m => m.ItemCount != models[0].ItemCount))
        {
            throw new ArgumentException("A hybrid needs one weight per component and components over the same items.");
        }

        _models = models;
        _weights = weights;
        _normalization = normalization;
    }

    public string Kind => KindName;

    public int ItemCount => _models[0].ItemCount;

    public void Score(UserQuery query, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(query);
        Blend(scores, query.Items, (m, s) => m.Score(query, s));
    }

    public void ScoreSimilar(int item, Span<float> scores) => Blend(scores, [item], (m, s) => m.ScoreSimilar(item, s));

    /// <summary>
    /// The weighted sum of the components' own pair similarities, unnormalised (a pair has no per-query scale);
    /// components that cannot compare a pair (popularity, sequence models) add nothing. Good enough to tell which
    /// history item a recommendation resembles most, which is what explanations ask.
    /// </summary>
    public float Similarity(int a, int b)
    {
        var sum = 0f;
        for (var c = 0; c < _models.Length; c++)
        {
            if (_models[c] is IItemPairSimilarity pair)
            {
                sum += _weights[c] * pair.Similarity(a, b);
            }
        }

        return sum;
    }

    private void Blend(Span<float> scores, ReadOnlySpan<int> excluded, Action<IRecommenderModel, float[]> score)
    {
        scores.Clear();
        var part = new float[ItemCount];
        for (var c = 0; c < _models.Length; c++)
        {
            score(_models[c], part);
            Normalize(part, _normalization, excluded);
            TensorPrimitives.MultiplyAdd(part, _weights[c], scores, scores);
        }
    }

    /// <summary>
    /// Normalises in place; a constant vector becomes all zeros. <paramref name="excluded"/> (distinct indices) are
    /// left out of the statistics by <see cref="ScoreNormalization.ZScoreCandidates"/> and ignored by the others.
    /// </summary>
    internal static void Normalize(Span<float> values, ScoreNormalization normalization, ReadOnlySpan<int> excluded = default)
    {
        if (values.IsEmpty)
        {
            return;
        }

        if (normalization == ScoreNormalization.ZScoreCandidates)
        {
            NormalizeOverCandidates(values, excluded);
            return;
        }

        if (normalization == ScoreNormalization.MinMax)
        {
            var min = TensorPrimitives.Min(values);
            var range = TensorPrimitives.Max(values) - min;
            if (range <= 0 || !float.IsFinite(range))
            {
                values.Clear();
                return;
            }

            TensorPrimitives.Subtract(values, min, values);
            TensorPrimitives.Multiply(values, 1f / range, values);
            return;
        }

        var mean = TensorPrimitives.Average(values);
        TensorPrimitives.Subtract(values, mean, values);
        var sd = MathF.Sqrt(TensorPrimitives.SumOfSquares(values) / values.Length);
        if (sd <= 0 || !float.IsFinite(sd))
        {
            values.Clear();
            return;
        }

        TensorPrimitives.Multiply(values, 1f / sd, values);
    }

    private static void NormalizeOverCandidates(Span<float> values, ReadOnlySpan<int> excluded)
    {
        // The statistics over all items, less the excluded ones' shares; fewer than two candidates: over all items.
        var count = values.Length;
        double excludedSum = 0;
        var excludedCount = 0;
        foreach (var i in excluded)
        {
            if ((uint)i < (uint)count)
            {
                excludedSum += values[i];
                excludedCount++;
            }
        }

        if (count - excludedCount < 2)
        {
            Normalize(values, ScoreNormalization.ZScore);
            return;
        }

        var candidates = count - excludedCount;
        var mean = (float)((TensorPrimitives.Sum(values) - excludedSum) / candidates);
        TensorPrimitives.Subtract(values, mean, values);
        double excludedSquares = 0;
        foreach (var i in excluded)
        {
            if ((uint)i < (uint)count)
            {
                excludedSquares += (double)values[i] * values[i];
            }
        }

        var variance = (TensorPrimitives.SumOfSquares(values) - excludedSquares) / candidates;
        var sd = (float)Math.Sqrt(Math.Max(variance, 0));
        if (sd <= 1e-6f * Math.Max(1f, Math.Abs(mean)) || !float.IsFinite(sd))
        {
            values.Clear();
            return;
        }

        TensorPrimitives.Multiply(values, 1f / sd, values);
    }

    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write((int)_normalization);
        writer.Write(_models.Length);
        for (var c = 0; c < _models.Length; c++)
        {
            writer.Write(_weights[c]);
            using var nested = new MemoryStream();
            ModelFile.Save(_models[c], nested);
            writer.Write(nested.Length);
            writer.Write(nested.GetBuffer(), 0, (int)nested.Length);
        }
    }

    public static HybridModel Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var normalization = (ScoreNormalization)reader.ReadInt32();
        if (!Enum.IsDefined(normalization))
        {
            throw new InvalidDataException($"Unknown hybrid score normalisation {(int)normalization}.");
        }

        var count = reader.ReadInt32();
        var models = new IRecommenderModel[count];
        var weights = new float[count];
        for (var c = 0; c < count; c++)
        {
            weights[c] = reader.ReadSingle();
            var length = reader.ReadInt64();
            using var nested = new MemoryStream(reader.ReadBytes(checked((int)length)));
            models[c] = ModelFile.Load(nested);
        }

        return new HybridModel(models, weights, normalization);
    }
}
