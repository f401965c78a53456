using System.Numerics.Tensors;

namespace Penchant.Core.Text;

/// <summary>Combines a text embedding with another embedding (behavioural, image) of the same item.</summary>
public static class EmbeddingBlend
{
    /// <summary>
    /// (1 - w) a/|a| + w b/|b|, normalised; both must have the same length and live in comparable spaces.
    /// A zero vector contributes nothing, so an item without behaviour keeps its text embedding.
    /// </summary>
    /// <param name="a">The first embedding, e.g. the text embedding.</param>
    /// <param name="b">The second embedding, e.g. the behavioural one.</param>
    /// <param name="weightOfB">w in [0, 1].</param>
    public static float[] Blend(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float weightOfB)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException("Embeddings differ in length; use Concatenate.", nameof(b));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(weightOfB, 0f);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(weightOfB, 1f);
        var result = new float[a.Length];
        AddScaled(a, 1f - weightOfB, result);
        AddScaled(b, weightOfB, result);
        var norm = TensorPrimitives.Norm(result);
        if (norm > 0f)
        {
            TensorPrimitives.Divide(result, norm, result);
        }

        return result;
    }

    /// <summary>
    /// [sqrt(1 - w) a/|a|, sqrt(w) b/|b|]: works across different lengths and spaces, and the cosine of two
    /// such vectors is exactly (1 - w) cos(a, a') + w cos(b, b') when all parts are non-zero.
    /// </summary>
    public static float[] Concatenate(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float weightOfB)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(weightOfB, 0f);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(weightOfB, 1f);
        var result = new float[a.Length + b.Length];
        AddScaled(a, MathF.Sqrt(1f - weightOfB), result.AsSpan(0, a.Length));
        AddScaled(b, MathF.Sqrt(weightOfB), result.AsSpan(a.Length));
        return result;
    }

    private static void AddScaled(ReadOnlySpan<float> v, float scale, Span<float> into)
    {
        var norm = v.Length == 0 ? 0f : TensorPrimitives.Norm(v);
        if (norm == 0f || scale == 0f)
        {
            return;
        }

        for (var i = 0; i < v.Length; i++)
        {
            into[i] += v[i] * scale / norm;
        }
    }
}
