namespace Penchant.Storage.Import;

/// <summary>The current row of a <see cref="CsvTable"/> as named fields.</summary>
internal sealed class CsvFieldSource(CsvTable table) : IFieldSource
{
    public const string AttributePrefix = "attr.";

    private readonly (string Key, int Index)[] _attributes =
        [.. table.ColumnsStartingWith(AttributePrefix).Select(c => (c.Name[AttributePrefix.Length..], c.Index))];

    public string? Text(string name) => table[name];

    public IReadOnlyList<string>? List(string name, char separator) =>
        table[name]?.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IReadOnlyDictionary<string, string>? Attributes()
    {
        Dictionary<string, string>? attributes = null;
        foreach (var (key, index) in _attributes)
        {
            if (table.Fields[index] is { Length: > 0 } value)
            {
                (attributes ??= new Dictionary<string, string>(StringComparer.Ordinal))[key] = value;
            }
        }

        return attributes;
    }
}
