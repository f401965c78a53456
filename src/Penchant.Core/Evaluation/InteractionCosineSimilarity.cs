using Penchant.Core.Data;

namespace Penchant.Core.Evaluation;

/// <summary>
/// Cosine similarity of binary item interaction vectors: |U_a ∩ U_b| / sqrt(|U_a| |U_b|), U_i being the
/// training users of item i; 0 when either item has no users.
/// </summary>
public sealed class InteractionCosineSimilarity : IItemSimilarity
{
    private readonly InteractionMatrix _itemUsers;

    public InteractionCosineSimilarity(InteractionMatrix userItems)
    {
        ArgumentNullException.ThrowIfNull(userItems);
        _itemUsers = userItems.Transpose();
    }

    public double Similarity(int a, int b)
    {
        var x = _itemUsers.RowColumns(a);
        var y = _itemUsers.RowColumns(b);
        if (x.IsEmpty || y.IsEmpty)
        {
            return 0;
        }

        return SortedIntersection.Count(x, y) / Math.Sqrt((double)x.Length * y.Length);
    }
}
