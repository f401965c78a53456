using Penchant.Core.Numerics;

namespace Penchant.Core.Exploration;

/// <summary>
/// Maximal marginal relevance re-ranking (Carbonell and Goldstein, SIGIR 1998): each next item maximises
/// λ·relevance − (1 − λ)·(highest similarity to an item already chosen), relevance min-max normalised over
/// the candidates. λ = 1 keeps the relevance order; smaller λ trades relevance for diversity.
/// </summary>
public static class DiversityReranker
{
    public static ScoredItem[] Rerank(IReadOnlyList<ScoredItem> candidates, int count, double lambda, Func<int, int, float> similarity)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(similarity);
        if (candidates.Count == 0 || count <= 0)
        {
            return [];
        }

        var min = candidates.Min(c => c.Score);
        var max = candidates.Max(c => c.Score);
        var range = max - min;
        var remaining = candidates.ToList();
        var chosen = new List<ScoredItem>(Math.Min(count, candidates.Count));
        var maxSim = new float[remaining.Count];
        while (chosen.Count < count && remaining.Count > 0)
        {
            var best = -1;
            var bestValue = double.NegativeInfinity;
            for (var i = 0; i < remaining.Count; i++)
            {
                var relevance = range > 0 ? (remaining[i].Score - min) / range : 1.0;
                var value = (lambda * relevance) - ((1 - lambda) * maxSim[i]);
                if (value > bestValue)
                {
                    bestValue = value;
                    best = i;
                }
            }

            var pick = remaining[best];
            chosen.Add(pick);
            remaining.RemoveAt(best);
            var sims = new float[remaining.Count];
            for (int i = 0, j = 0; j < maxSim.Length; j++)
            {
                if (j == best)
                {
                    continue;
                }

                sims[i] = Math.Max(maxSim[j], similarity(pick.Item, remaining[i].Item));
                i++;
            }

            maxSim = sims;
        }

        return [.. chosen];
    }

    /// <summary>Intra-list diversity: 1 − mean pairwise similarity (1 for a list of one or none).</summary>
    public static double IntraListDiversity(IReadOnlyList<int> items, Func<int, int, float> similarity)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(similarity);
        if (items.Count < 2)
        {
            return 1.0;
        }

        double sum = 0;
        var pairs = 0;
        for (var a = 0; a < items.Count; a++)
        {
            for (var b = a + 1; b < items.Count; b++)
            {
                sum += similarity(items[a], items[b]);
                pairs++;
            }
        }

        return 1.0 - (sum / pairs);
    }
}
