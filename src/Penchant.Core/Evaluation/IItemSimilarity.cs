namespace Penchant.Core.Evaluation;

/// <summary>A similarity in [0, 1] between two items, used by intra-list diversity.</summary>
public interface IItemSimilarity
{
    double Similarity(int a, int b);
}
