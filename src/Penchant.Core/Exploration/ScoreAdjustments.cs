namespace Penchant.Core.Exploration;

/// <summary>Freshness boosts and repeat suppression applied to a dense score vector in place.</summary>
public static class ScoreAdjustments
{
    /// <summary>
    /// Adds weight × (score range) × 0.5^(age / halfLife) to each item with a known age, so a brand-new item
    /// gains up to <paramref name="weight"/> of the spread of scores and the boost halves every half-life.
    /// Items excluded with negative infinity stay excluded; a negative age (unknown) gets no boost.
    /// </summary>
    public static void BoostFresh(Span<float> scores, ReadOnlySpan<float> itemAgeDays, double weight, double halfLifeDays)
    {
        if (weight <= 0 || halfLifeDays <= 0)
        {
            return;
        }

        var (min, max) = FiniteRange(scores);
        var range = max > min ? max - min : 1f;
        for (var i = 0; i < scores.Length && i < itemAgeDays.Length; i++)
        {
            if (float.IsFinite(scores[i]) && itemAgeDays[i] >= 0)
            {
                scores[i] += (float)(weight * range * Math.Pow(0.5, itemAgeDays[i] / halfLifeDays));
            }
        }
    }

    /// <summary>
    /// Pushes down items already shown to the shopper without a response: each earlier impression moves the
    /// item down by <paramref name="penalty"/> of the score range, so repeats make way for fresh items.
    /// </summary>
    public static void SuppressRepeats(Span<float> scores, IReadOnlyDictionary<int, int> impressions, double penalty)
    {
        ArgumentNullException.ThrowIfNull(impressions);
        if (penalty <= 0 || impressions.Count == 0)
        {
            return;
        }

        var (min, max) = FiniteRange(scores);
        var range = max > min ? max - min : 1f;
        foreach (var (item, count) in impressions)
        {
            if ((uint)item < (uint)scores.Length && float.IsFinite(scores[item]))
            {
                scores[item] -= (float)(penalty * range * count);
            }
        }
    }

    private static (float Min, float Max) FiniteRange(ReadOnlySpan<float> scores)
    {
        var min = float.PositiveInfinity;
        var max = float.NegativeInfinity;
        foreach (var s in scores)
        {
            if (float.IsFinite(s))
            {
                min = Math.Min(min, s);
                max = Math.Max(max, s);
            }
        }

        return float.IsFinite(min) ? (min, max) : (0f, 0f);
    }
}
