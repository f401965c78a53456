using System.Buffers;
using Penchant.Core.Numerics;

namespace Penchant.Core.Recommenders;

/// <summary>Ranking on top of <see cref="IRecommenderModel.Score"/>: exclusion, filters, top-K and batches.</summary>
public static class RecommenderModelExtensions
{
    /// <summary>
    /// The top <paramref name="count"/> items for a shopper. Items in the shopper's history are excluded when
    /// <paramref name="excludeSeen"/>; <paramref name="allow"/>, when given, must return true for an item to be kept.
    /// A factor model (<see cref="IFactorModel"/>) without <paramref name="allow"/> is ranked in one fused pass over its
    /// item rows (<see cref="FactorTopK"/>), which writes no score array, and from <see cref="QuantizedFrom"/> items on
    /// over a copy of its rows in 8 bits (<see cref="QuantizedFactors"/>, built on the first call and kept as long as the
    /// model), a quarter of the bytes to read, with the exact top K certified; any other model is scored in full, then
    /// selected. All give the same items.
    /// </summary>
    public static ScoredItem[] Recommend(this IRecommenderModel model, UserQuery query, int count, bool excludeSeen = true, Func<int, bool>? allow = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(query);
        if (model is IFactorModel factorModel && allow is null)
        {
            return RecommendByFactors(factorModel, query, count, excludeSeen);
        }

        return RecommendByScores(model, query, count, excludeSeen, allow);
    }

    /// <summary>
    /// The catalogue size from which <see cref="Recommend"/> ranks a factor model over 8-bit rows: there the float rows
    /// (25 MB and more at 64 factors) no longer stay in the caches, and reading them bounds the time.
    /// </summary>
    public const int QuantizedFrom = 100_000;

    // The 8-bit rows of each large factor model, built once and dropped with the model.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IFactorModel, QuantizedFactors> Quantized = [];

    /// <summary>Whether <see cref="Recommend"/> has built 8-bit rows for <paramref name="model"/>.</summary>
    internal static bool HasQuantizedRows(IFactorModel model) => Quantized.TryGetValue(model, out _);

    /// <summary>
    /// <see cref="Recommend"/> the plain way for any model: every item's score into an array, the history and the
    /// items <paramref name="allow"/> refuses set to negative infinity, then <see cref="TopK.Select"/>. The reference
    /// the fused path for factor models is tested against.
    /// </summary>
    public static ScoredItem[] RecommendByScores(this IRecommenderModel model, UserQuery query, int count, bool excludeSeen = true, Func<int, bool>? allow = null)
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

    // The fused path: the shopper's vector, then one pass over the item rows keeping the best `count` (history excluded
    // by binary search in the ascending item list). Allocates the result and, for an unsorted history, a sorted copy.
    private static ScoredItem[] RecommendByFactors(IFactorModel model, UserQuery query, int count, bool excludeSeen)
    {
        var n = model.ItemCount;
        if (count <= 0 || n == 0)
        {
            return [];
        }

        var k = model.Factors;
        Span<float> user = k <= QuantizedFactors.MaxFactors ? stackalloc float[k] : new float[k];
        model.UserVector(query, user);
        ReadOnlySpan<int> excluded = excludeSeen ? Ascending(query.Items) : [];
        var heapLength = Math.Min(count, n);
        var pooled = ArrayPool<ScoredItem>.Shared.Rent(heapLength);
        try
        {
            var heap = pooled.AsSpan(0, heapLength);
            var size = n >= QuantizedFrom && k <= QuantizedFactors.MaxFactors
                ? Quantized.GetValue(model, static m => new QuantizedFactors(m.ItemFactorRows.Span, m.Factors)).Select(model.ItemFactorRows.Span, user, model.ItemBiases.Span, excluded, heap)
                : FactorTopK.Select(model.ItemFactorRows.Span, k, user, model.ItemBiases.Span, excluded, heap);
            return TopK.Ordered(heap[..size]);
        }
        finally
        {
            ArrayPool<ScoredItem>.Shared.Return(pooled);
        }
    }

    // The history as an ascending list for binary search: itself when it already is one (UserQuery's contract), else a sorted copy.
    private static int[] Ascending(int[] items)
    {
        for (var i = 1; i < items.Length; i++)
        {
            if (items[i] <= items[i - 1])
            {
                var copy = (int[])items.Clone();
                Array.Sort(copy);
                return copy;
            }
        }

        return items;
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
