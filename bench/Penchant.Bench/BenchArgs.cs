namespace Penchant.Bench;

/// <summary>Minimal "--name value" argument parsing for benches.</summary>
public sealed class BenchArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    private BenchArgs()
    {
    }

    public static BenchArgs Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = new BenchArgs();
        for (var i = 0; i < args.Count; i++)
        {
            var key = args[i].TrimStart('-');
            var value = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
            result._values[key] = value;
        }

        return result;
    }

    public string Get(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    /// <summary>The value of --<paramref name="name"/>, or null when not given.</summary>
    public string? Get(string name) => _values.GetValueOrDefault(name);

    /// <summary>Whether --<paramref name="name"/> was given.</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>An integer value (underscores allowed as digit separators: 1_000_000).</summary>
    public int GetInt(string name, int fallback) =>
        _values.TryGetValue(name, out var text) ? int.Parse(text.Replace("_", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) : fallback;

    public string Require(string name) =>
        _values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");
}
