namespace Penchant.Core.Merchandising;

/// <summary>
/// The one rule for names a shop gives its merchandising objects (campaign ids, placements): 1 to
/// <see cref="MaxLength"/> ASCII letters, digits, '.', '_' or '-', so they sit in a URL and a query string as typed.
/// </summary>
public static class MerchandisingName
{
    /// <summary>The longest name.</summary>
    public const int MaxLength = 64;

    /// <summary>The rule in words, for error messages.</summary>
    public const string Rule = "1 to 64 letters, digits, '.', '_' or '-'";

    /// <summary>Whether <paramref name="name"/> follows the rule.</summary>
    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxLength && name.All(static c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>What is wrong with <paramref name="value"/> given as <paramref name="field"/>, or null when it follows the rule.</summary>
    public static string? Problem(string field, string value) =>
        IsValid(value) ? null : $"{field} must be {Rule}, not '{value}'";
}
