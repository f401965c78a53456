namespace Penchant.Core.Recommenders;

/// <summary>
/// A model that can tell the similarity of one pair of items without scoring the whole catalogue: the value
/// <see cref="IRecommenderModel.ScoreSimilar"/> writes at <c>b</c> for item <c>a</c>. Explanations compare a few
/// history items with a few recommended ones, so on a large catalogue this keeps them cheap.
/// </summary>
public interface IItemPairSimilarity
{
    /// <summary>The similarity of item <paramref name="b"/> to item <paramref name="a"/> (0 when either is unknown).</summary>
    float Similarity(int a, int b);
}
