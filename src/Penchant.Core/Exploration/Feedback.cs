namespace Penchant.Core.Exploration;

/// <summary>What a shopper did with a recommended item.</summary>
public enum FeedbackKind
{
    /// <summary>Shown and ignored: a mild failure for the item's cluster.</summary>
    Ignored,

    /// <summary>Clicked or viewed.</summary>
    Click,

    /// <summary>Added to cart or bought.</summary>
    Conversion,

    /// <summary>Explicit like.</summary>
    Like,

    /// <summary>Explicit dislike.</summary>
    Dislike,

    /// <summary>"Don't show me this."</summary>
    Hide,
}

/// <summary>Options for how feedback moves exploration state.</summary>
/// <param name="DislikesToStop">Dislikes or hides of one explored cluster after which exploring it stops for that shopper.</param>
/// <param name="IgnoredWeight">How much an ignored impression counts as a failure (impressions are weak evidence).</param>
/// <param name="GlobalShare">How much the all-shopper outcome of a cluster informs each shopper's prior.</param>
public sealed record FeedbackOptions(int DislikesToStop = 2, double IgnoredWeight = 0.5, double GlobalShare = 0.1);
