namespace Penchant.Core.Recommenders;

/// <summary>
/// A model whose score is a weighted sum over the shopper's history items, saying what weight each item got, so that
/// an explanation names the item that contributed most to the score rather than the one with the most evidence.
/// </summary>
public interface IHistoryWeights
{
    /// <summary>The weight history item <paramref name="item"/> gets when <paramref name="query"/> is scored (0 when none).</summary>
    float HistoryWeight(UserQuery query, int item);
}
