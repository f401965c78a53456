using System.Buffers;
using Penchant.Core.Recommenders;

namespace Penchant.Core.Explanations;

/// <summary>Which history item contributed most to a recommended item's score.</summary>
/// <param name="HistoryItem">Dense id of the history item.</param>
/// <param name="Contribution">Its weight in the history times its similarity to the recommended item.</param>
public readonly record struct Attribution(int HistoryItem, float Contribution);

/// <summary>
/// Attributes recommendations to the shopper's own history: for each recommended item, the history item
/// whose (evidence weight x similarity) is largest, using the model's own item similarities. This is exact
/// for item-based models (item-kNN, EASE: the score is that sum) and a faithful approximation for others.
/// Models that implement <see cref="IItemPairSimilarity"/> are asked only about the (history, recommended)
/// pairs, so the cost does not grow with the catalogue; others score the catalogue once per history item.
/// </summary>
public static class HistoryAttribution
{
    /// <summary>Attributes each of <paramref name="recommended"/>; looks at the <paramref name="maxHistory"/> most recent distinct history items.</summary>
    public static Attribution?[] Attribute(IRecommenderModel model, UserQuery query, IReadOnlyList<int> recommended, int maxHistory = 10)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(recommended);
        var result = new Attribution?[recommended.Count];
        if (recommended.Count == 0 || query.Items.Length == 0)
        {
            return result;
        }

        // Most recent distinct items first (the sequence is oldest first); fall back to the item list.
        var recent = new List<int>();
        var seen = new HashSet<int>();
        var order = query.Sequence.Length > 0 ? query.Sequence : query.Items;
        for (var i = order.Length - 1; i >= 0 && recent.Count < maxHistory; i--)
        {
            if ((uint)order[i] < (uint)model.ItemCount && seen.Add(order[i]))
            {
                recent.Add(order[i]);
            }
        }

        var pairs = model as IItemPairSimilarity;
        var buffer = pairs is null ? ArrayPool<float>.Shared.Rent(model.ItemCount) : null;
        try
        {
            foreach (var h in recent)
            {
                var at = Array.BinarySearch(query.Items, h);
                var weight = at >= 0 ? query.Weights[at] : 1f;
                if (weight <= 0)
                {
                    continue;
                }

                var sims = buffer.AsSpan(0, buffer is null ? 0 : model.ItemCount);
                if (pairs is null)
                {
                    model.ScoreSimilar(h, sims);
                }

                for (var r = 0; r < recommended.Count; r++)
                {
                    var item = recommended[r];
                    if (item == h || (uint)item >= (uint)model.ItemCount)
                    {
                        continue;
                    }

                    var contribution = weight * (pairs is null ? sims[item] : pairs.Similarity(h, item));
                    if (contribution > 0 && (result[r] is null || contribution > result[r]!.Value.Contribution))
                    {
                        result[r] = new Attribution(h, contribution);
                    }
                }
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<float>.Shared.Return(buffer);
            }
        }

        return result;
    }
}
