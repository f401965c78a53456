namespace Penchant.Core.Explanations;

/// <summary>Why an item was recommended, in a form a person can read.</summary>
/// <param name="Kind">The kind of reason, for clients that render their own wording.</param>
/// <param name="Text">The sentence shown to people.</param>
/// <param name="Anchor">The item or interest the reason points to (item id, category, cluster label), when any.</param>
public sealed record Reason(ReasonKind Kind, string Text, string? Anchor = null);

/// <summary>The kinds of reason Penchant gives.</summary>
public enum ReasonKind
{
    /// <summary>Similar to something the shopper did with another item.</summary>
    BecauseOfItem,

    /// <summary>Matches one of the shopper's interests.</summary>
    MatchesInterest,

    /// <summary>A new arrival from a brand the shopper likes.</summary>
    NewFromBrand,

    /// <summary>Chosen to explore an interest new to the shopper.</summary>
    Explore,

    /// <summary>Popular overall or in a category.</summary>
    Popular,

    /// <summary>Rising fast.</summary>
    Trending,
}
