namespace Penchant.Core.Evaluation;

/// <summary>
/// Accuracy metrics of one user's ranking. The top-K functions take <c>hits</c>, where hits[i] says whether
/// the item at rank i + 1 of the recommendation list is relevant (a held-out item), and the number of relevant
/// items |R|. The full-list functions take the 1-based ranks of every relevant item among the candidates.
/// </summary>
public static class RankingMetrics
{
    /// <summary>Precision@K = (relevant items in the top K) / K. A list shorter than K still divides by K.</summary>
    public static double Precision(ReadOnlySpan<bool> hits, int k) =>
        k <= 0 ? 0 : (double)CountHits(hits, k) / k;

    /// <summary>Recall@K = (relevant items in the top K) / |R|.</summary>
    public static double Recall(ReadOnlySpan<bool> hits, int relevantCount, int k) =>
        relevantCount <= 0 ? 0 : (double)CountHits(hits, k) / relevantCount;

    /// <summary>Hit rate@K = 1 when at least one relevant item is in the top K, else 0.</summary>
    public static double HitRate(ReadOnlySpan<bool> hits, int k) => CountHits(hits, k) > 0 ? 1 : 0;

    /// <summary>MRR@K term = 1 / (rank of the first relevant item) when it is in the top K, else 0.</summary>
    public static double ReciprocalRank(ReadOnlySpan<bool> hits, int k)
    {
        var n = Math.Min(k, hits.Length);
        for (var i = 0; i < n; i++)
        {
            if (hits[i])
            {
                return 1.0 / (i + 1);
            }
        }

        return 0;
    }

    /// <summary>
    /// AP@K = (1 / min(|R|, K)) x sum over ranks i ≤ K holding a relevant item of Precision@i
    /// (the RecBole / LensKit convention; MAP@K is its mean over users).
    /// </summary>
    public static double AveragePrecision(ReadOnlySpan<bool> hits, int relevantCount, int k)
    {
        var n = Math.Min(k, hits.Length);
        var found = 0;
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            if (hits[i])
            {
                found++;
                sum += (double)found / (i + 1);
            }
        }

        var norm = Math.Min(relevantCount, k);
        return norm <= 0 ? 0 : sum / norm;
    }

    /// <summary>
    /// NDCG@K with binary relevance = DCG / IDCG, DCG = sum over ranks i ≤ K holding a relevant item of
    /// 1 / log2(i + 1), IDCG = sum for i = 1..min(|R|, K) of 1 / log2(i + 1).
    /// </summary>
    public static double Ndcg(ReadOnlySpan<bool> hits, int relevantCount, int k)
    {
        var n = Math.Min(k, hits.Length);
        var dcg = 0.0;
        for (var i = 0; i < n; i++)
        {
            if (hits[i])
            {
                dcg += Discount(i + 1);
            }
        }

        var idcg = IdealDcg(Math.Min(relevantCount, k));
        return idcg <= 0 ? 0 : dcg / idcg;
    }

    /// <summary>
    /// NDCG over the full list (K = all candidates): sum over relevant items of 1 / log2(rank + 1), divided by
    /// the sum for ranks 1..|R|. Every relevant item contributes wherever it ranks.
    /// </summary>
    public static double FullNdcg(ReadOnlySpan<int> relevantRanks)
    {
        var dcg = 0.0;
        foreach (var rank in relevantRanks)
        {
            dcg += Discount(rank);
        }

        var idcg = IdealDcg(relevantRanks.Length);
        return idcg <= 0 ? 0 : dcg / idcg;
    }

    /// <summary>
    /// Full-list AUC: the share of (relevant, non-relevant) candidate pairs in which the relevant item ranks
    /// higher. With the relevant ranks sorted ascending r_1 &lt; ... &lt; r_m among N candidates, the i-th relevant
    /// item has r_i - i non-relevant items above it, so AUC = sum (N - m - (r_i - i)) / (m (N - m)).
    /// NaN when every candidate is relevant or none is.
    /// </summary>
    public static double Auc(ReadOnlySpan<int> relevantRanks, int candidateCount)
    {
        var m = relevantRanks.Length;
        var negatives = candidateCount - m;
        if (m == 0 || negatives <= 0)
        {
            return double.NaN;
        }

        var sorted = relevantRanks.ToArray();
        Array.Sort(sorted);
        var below = 0L;
        for (var i = 0; i < m; i++)
        {
            below += negatives - (sorted[i] - (i + 1));
        }

        return (double)below / ((long)m * negatives);
    }

    /// <summary>The rank discount 1 / log2(rank + 1).</summary>
    public static double Discount(int rank) => 1.0 / Math.Log2(rank + 1);

    private static double IdealDcg(int count)
    {
        var sum = 0.0;
        for (var i = 1; i <= count; i++)
        {
            sum += Discount(i);
        }

        return sum;
    }

    private static int CountHits(ReadOnlySpan<bool> hits, int k)
    {
        var n = Math.Min(k, hits.Length);
        var count = 0;
        for (var i = 0; i < n; i++)
        {
            if (hits[i])
            {
                count++;
            }
        }

        return count;
    }
}
