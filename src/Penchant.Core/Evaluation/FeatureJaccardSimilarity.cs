namespace Penchant.Core.Evaluation;

/// <summary>Jaccard similarity of item feature sets (categories, attributes): |A ∩ B| / |A ∪ B|; 0 when both are empty.</summary>
public sealed class FeatureJaccardSimilarity : IItemSimilarity
{
    private readonly int[][] _features;

    /// <param name="features">Per dense item, its feature ids (any order, repeats ignored).</param>
    public FeatureJaccardSimilarity(IReadOnlyList<int[]> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        _features = [.. features.Select(static f => f.Distinct().Order().ToArray())];
    }

    public double Similarity(int a, int b)
    {
        var x = (uint)a < (uint)_features.Length ? _features[a] : [];
        var y = (uint)b < (uint)_features.Length ? _features[b] : [];
        var common = SortedIntersection.Count(x, y);
        var union = x.Length + y.Length - common;
        return union == 0 ? 0 : (double)common / union;
    }
}
