using System.Text.Json;

namespace Penchant.Storage.Import;

/// <summary>A JSON object as named fields.</summary>
internal sealed class JsonFieldSource(JsonElement root) : IFieldSource
{
    public string? Text(string name)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return null;
        }

        var text = Scalar(value) ?? throw new FormatException($"{name} must be a single value, not {value.ValueKind.ToString().ToLowerInvariant()}");
        return text.Length == 0 ? null : text;
    }

    public IReadOnlyList<string>? List(string name, char separator)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString()!.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"{name} must be an array of strings");
        }

        var list = new List<string>(value.GetArrayLength());
        foreach (var element in value.EnumerateArray())
        {
            list.Add(element.ValueKind == JsonValueKind.String ? element.GetString()! : throw new FormatException($"{name} must be an array of strings"));
        }

        return list;
    }

    public IReadOnlyDictionary<string, string>? Attributes()
    {
        if (!root.TryGetProperty("attributes", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("attributes must be an object");
        }

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            attributes[property.Name] = Scalar(property.Value) ?? throw new FormatException($"attribute {property.Name} must be a single value");
        }

        return attributes;
    }

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "",
        _ => null,
    };
}
