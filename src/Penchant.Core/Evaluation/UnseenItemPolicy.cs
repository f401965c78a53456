namespace Penchant.Core.Evaluation;

/// <summary>What the evaluation does with held-out items that have no training record.</summary>
public enum UnseenItemPolicy
{
    /// <summary>
    /// They stay relevant and stay candidates (ranking over all items of the data set). A collaborative model
    /// has no evidence for them, so they cost recall; this is the "all items" protocol.
    /// </summary>
    Keep,

    /// <summary>They are removed from the relevant items and from the candidates (ranking over training items).</summary>
    Drop,
}
