namespace Penchant.Server.Validation;

/// <summary>Field errors keyed by a JSON path such as <c>events[3].type</c>, as problem details list them.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public int Count => _errors.Count;

    /// <summary>Whether <paramref name="field"/> has an error already.</summary>
    public bool Has(string field) => _errors.ContainsKey(field);

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    /// <summary>The errors in the shape <c>TypedResults.ValidationProblem</c> takes.</summary>
    public Dictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(static p => p.Key, static p => p.Value.ToArray(), StringComparer.Ordinal);
}
