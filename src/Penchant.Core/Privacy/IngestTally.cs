namespace Penchant.Core.Privacy;

/// <summary>What <see cref="IngestPrivacy"/> removed from one batch: dropped fields and masked personal data. Not thread-safe.</summary>
public sealed class IngestTally
{
    private readonly SortedDictionary<string, int> _masked = new(StringComparer.Ordinal);

    /// <summary>Fields dropped by the allow-list, by name.</summary>
    public DroppedFieldTally Dropped { get; } = new();

    /// <summary>Masked occurrences of personal data by kind (lower-case names such as "email"), in name order.</summary>
    public IReadOnlyDictionary<string, int> Masked => _masked;

    /// <summary>Counts what one masking replaced.</summary>
    public void AddMasked(PiiMaskResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        foreach (var (kind, count) in result.Counts)
        {
            if (count > 0)
            {
                var name = kind.ToString().ToLowerInvariant();
                _masked[name] = _masked.GetValueOrDefault(name) + count;
            }
        }
    }
}
