namespace Penchant.Storage.Import;

/// <summary>The named fields of one record of Penchant's own formats, whether a CSV row or a JSON object.</summary>
internal interface IFieldSource
{
    /// <summary>A single value as text; null when absent, empty or JSON null. Throws <see cref="FormatException"/> for a nested value.</summary>
    string? Text(string name);

    /// <summary>A list: a JSON array of strings, or text split on <paramref name="separator"/>; null when absent.</summary>
    IReadOnlyList<string>? List(string name, char separator);

    /// <summary>The attributes: CSV columns named <c>attr.KEY</c>, or the JSON object <c>attributes</c>; null when there are none.</summary>
    IReadOnlyDictionary<string, string>? Attributes();
}
