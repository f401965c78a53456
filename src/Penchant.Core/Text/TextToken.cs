namespace Penchant.Core.Text;

/// <summary>What a <see cref="TextToken"/> is.</summary>
public enum TokenKind
{
    /// <summary>A run of letters (and digits, and inner apostrophes) in an alphabetic script.</summary>
    Word,

    /// <summary>A number such as 3, 4.5 or 1,000.</summary>
    Number,

    /// <summary>A run of consecutive Han characters, not yet segmented.</summary>
    Han,

    /// <summary>One clause- or sentence-ending mark: . , ; : ! ? 。 、.</summary>
    Punctuation,
}

/// <summary>A lexical token of normalised text.</summary>
/// <param name="Text">The token, NFKC-folded and lower case.</param>
/// <param name="Kind">Its kind.</param>
public readonly record struct TextToken(string Text, TokenKind Kind)
{
    /// <summary>Whether this punctuation mark ends a sentence (. ! ? 。) rather than a clause.</summary>
    public bool EndsSentence => Kind == TokenKind.Punctuation && Text is "." or "!" or "?" or "。";
}
