using System.Buffers;
using Penchant.Core.Numerics;

namespace Penchant.Core.Recommenders;

/// <summary>Ranking on top of <see cref="IRecommenderModel.Score"/>: exclusion, filters, top-K and batches.</summary>
public static class RecommenderModelExtensions
{
    /// <summary>
    /// The top <paramref name="count"/> items for a shopper. Items in the shopper's history are excluded when
    /// <paramref name="excludeSeen"/>; <paramref name="allow"/>, when given, must return true for an item to be kept.
    /// </summary>
    public static ScoredItem[] Recommend(this IRecommenderModel model, UserQuery query, int count, bool excludeSeen = true, Func<int, bool>? allow = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(query);
        var n = model.ItemCount;
        var buffer = ArrayPool<float>.Shared.Rent(n);
        try
        {
            var scores = buffer.AsSpan(0, n);
            model.Score(query, scores);
            if (excludeSeen)
            {
                foreach (var item in query.Items)
                {
                    if ((uint)item < (uint)n)
                    {
                        scores[item] = float.NegativeInfinity;
                    }
                }
            }

            if (allow is not null)
            {
                for (var i = 0; i < n; i++)
                {
                    if (!allow(i))
                    {
                        scores[i] = float.NegativeInfinity;
                    }
                }
            }

            return TopK.Select(scores, count);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>Recommendations for many shoppers in parallel; element i answers query i.</summary>
    public static ScoredItem[][] RecommendBatch(this IRecommenderModel model, IReadOnlyList<UserQuery> queries, int count, bool excludeSeen = true, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(queries);
        var results = new ScoredItem[queries.Count][];
        Parallel.For(0, queries.Count, new ParallelOptions { CancellationToken = cancellation }, i =>
            results[i] = model.Recommend(queries[i], count, excludeSeen));
        return results;
    }

    /// <summary>The <paramref name="count"/> items most similar to <paramref name="item"/>, excluding itself.</summary>
    public static ScoredItem[] SimilarItems(this IRecommenderModel model, int item, int count, Func<int, bool>? allow = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var n = model.ItemCount;
        if ((uint)item >= (uint)n)
        {
            return [];
        }

        var buffer = ArrayPool<float>.Shared.Rent(n);
        try
        {
            var scores = buffer.AsSpan(0, n);
            model.ScoreSimilar(item, scores);
            scores[item] = float.NegativeInfinity;
            if (allow is not null)
            {
                for (var i = 0; i < n; i++)
                {
                    if (!allow(i))
                    {
                        scores[i] = float.NegativeInfinity;
                    }
                }
            }

            return TopK.Select(scores, count);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }
}
