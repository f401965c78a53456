using System.Globalization;

namespace Penchant.Bench.Storage;

/// <summary>Reads <c>--name value</c> pairs from a bench's arguments.</summary>
internal sealed class BenchArgs(string[] args)
{
    public string? Get(string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    public int GetInt(string name, int fallback) =>
        Get(name) is { } text ? int.Parse(text.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) : fallback;
}
