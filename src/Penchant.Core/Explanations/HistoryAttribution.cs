using System.Buffers;
using Penchant.Core.Recommenders;

namespace Penchant.Core.Explanations;

/// <summary>Which history item contributed most to a recommended item's score.</summary>
/// <param name="HistoryItem">Dense id of the history item.</param>
/// <param name="Contribution">Its weight in the history times its similarity to the recommended item.</param>
public readonly record struct Attribution(int HistoryItem, float Contribution);

/// <summary>
/// Attributes recommendations to the shopper's own history: for each recommended item, the history item
/// whose (weight x similarity) is largest, using the model's own item similarities. The weight is the one the model
/// scored with where it says so (<see cref="IHistoryWeights"/>: EASE, whose newest items may weigh most), else the
/// item's evidence weight. This is exact for item-based models (item-kNN, EASE: the score is that sum) and a faithful
/// approximation for others.
/// Models that implement <see cref="IItemPairSimilarity"/> are asked only about the (history, recommended)
/// pairs, so the cost does not grow with the catalogue; others score the catalogue once per history item.
/// </summary>
/// <remarks>
/// A history item is a candidate only when it is a real neighbour of the recommended item: its similarity is at
/// least <c>minSimilarityShare</c> of the largest similarity any item has to the recommended item
/// (<see cref="ItemTopSimilarity"/>). Content and factor models give almost every pair a small positive
/// similarity, and without this bar a shoe in the list for its popularity would be "because you viewed" a book;
/// with it the weak link is dropped and the caller's next kind of reason is used. The bar is relative, so it
/// means the same for models whose similarities live on different scales (cosines, EASE weights, factor dot
/// products). The ceiling costs a catalogue pass the first time an item needs it; pass a long-lived
/// <see cref="ItemTopSimilarity"/> (one per served model) to pay it once per item.
/// </remarks>
public static class HistoryAttribution
{
    /// <summary>The default least share of a recommended item's top similarity that a history item needs.</summary>
    public const float DefaultMinSimilarityShare = 0.25f;

    /// <summary>Attributes each of <paramref name="recommended"/>; looks at the <paramref name="maxHistory"/> most recent distinct history items.</summary>
    /// <param name="model">The model whose item similarities attribute the scores.</param>
    /// <param name="query">The shopper.</param>
    /// <param name="recommended">Dense ids of the recommended items.</param>
    /// <param name="maxHistory">How many of the most recent distinct history items may be named.</param>
    /// <param name="minSimilarityShare">
    /// The least similarity of a history item to the recommended item, as a share of the recommended item's top
    /// similarity to any other item; 0 accepts any positive similarity.
    /// </param>
    /// <param name="ceilings">The top similarities of <paramref name="model"/>'s items, kept across calls; a fresh one per call when null.</param>
    /// <param name="minShareOfClosest">
    /// The least similarity of a named history item as a share of the closest history item's similarity to the same
    /// recommended item (0: any). Above 0 a heavily weighted but weakly related item (a mouse bought many times) is not
    /// named for a recommendation that another history item (a cat food viewed) resembles far more closely; among
    /// those left the largest contribution still wins.
    /// </param>
    public static Attribution?[] Attribute(
        IRecommenderModel model,
        UserQuery query,
        IReadOnlyList<int> recommended,
        int maxHistory = 10,
        float minSimilarityShare = DefaultMinSimilarityShare,
        ItemTopSimilarity? ceilings = null,
        float minShareOfClosest = 0f)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(recommended);
        ArgumentOutOfRangeException.ThrowIfNegative(minSimilarityShare);
        ArgumentOutOfRangeException.ThrowIfNegative(minShareOfClosest);
        if (ceilings is not null && !ReferenceEquals(ceilings.Model, model))
        {
            throw new ArgumentException("The ceilings belong to another model.", nameof(ceilings));
        }

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

        // Each history item's weight and its similarity to each recommended item (0 where it cannot be named).
        var weights = new float[recent.Count];
        var similarity = new float[recent.Count, recommended.Count];
        var pairs = model as IItemPairSimilarity;
        var history = model as IHistoryWeights;
        var buffer = pairs is null ? ArrayPool<float>.Shared.Rent(model.ItemCount) : null;
        try
        {
            for (var k = 0; k < recent.Count; k++)
            {
                var h = recent[k];
                weights[k] = history?.HistoryWeight(query, h) ?? EvidenceWeight(query, h);
                if (weights[k] <= 0)
                {
                    continue;
                }

                var sims = buffer.AsSpan(0, pairs is null ? model.ItemCount : 0);
                if (pairs is null)
                {
                    model.ScoreSimilar(h, sims);
                }

                for (var r = 0; r < recommended.Count; r++)
                {
                    var item = recommended[r];
                    if (item != h && (uint)item < (uint)model.ItemCount)
                    {
                        similarity[k, r] = pairs is null ? sims[item] : pairs.Similarity(h, item);
                    }
                }
            }

            for (var r = 0; r < recommended.Count; r++)
            {
                var bar = float.NaN;
                var closest = 0f;
                for (var k = 0; k < recent.Count; k++)
                {
                    if (weights[k] > 0)
                    {
                        closest = Math.Max(closest, similarity[k, r]);
                    }
                }

                for (var k = 0; k < recent.Count; k++)
                {
                    var contribution = weights[k] * similarity[k, r];
                    if (!(contribution > 0) || (result[r] is { } best && contribution <= best.Contribution) || similarity[k, r] < minShareOfClosest * closest)
                    {
                        continue;
                    }

                    if (minSimilarityShare > 0)
                    {
                        if (float.IsNaN(bar))
                        {
                            ceilings ??= new ItemTopSimilarity(model);
                            bar = minSimilarityShare * ceilings.Of(recommended[r]);
                        }

                        if (similarity[k, r] < bar)
                        {
                            continue;
                        }
                    }

                    result[r] = new Attribution(recent[k], contribution);
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

    /// <summary>The item's evidence weight in the query, or 1 for an item only in its sequence.</summary>
    private static float EvidenceWeight(UserQuery query, int item)
    {
        var at = Array.BinarySearch(query.Items, item);
        return at >= 0 ? query.Weights[at] : 1f;
    }
}
