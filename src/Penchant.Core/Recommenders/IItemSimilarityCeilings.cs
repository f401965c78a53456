namespace Penchant.Core.Recommenders;

/// <summary>
/// A pair-similarity model that can give every item's similarity ceiling in one pass over what it stores, instead of
/// one <see cref="IItemPairSimilarity.Similarity"/> call per (other item, item) pair: on a catalogue of 100,000 items
/// the pairwise way costs about 10 ms per item, which a recommendation request would pay for each item met cold.
/// </summary>
public interface IItemSimilarityCeilings : IItemPairSimilarity
{
    /// <summary>
    /// Writes at each item <c>b</c> the largest <c>Similarity(a, b)</c> over every other item <c>a</c>, or 0 when none
    /// is positive: the same values as asking every pair.
    /// </summary>
    /// <param name="ceilings">One slot per item.</param>
    void LargestSimilaritiesTo(Span<float> ceilings);
}
