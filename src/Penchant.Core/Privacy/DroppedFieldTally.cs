namespace Penchant.Core.Privacy;

/// <summary>Counts dropped fields across an ingest batch, for the response ("dropped": {"text": 3, ...}). Not thread-safe.</summary>
public sealed class DroppedFieldTally
{
    private readonly SortedDictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>Dropped field name to how many records lost it, in name order.</summary>
    public IReadOnlyDictionary<string, int> Counts => _counts;

    /// <summary>How many fields were dropped in all.</summary>
    public int Total { get; private set; }

    /// <summary>Records what one minimisation dropped and passes the minimised record through.</summary>
    public T Add<T>(Minimized<T> minimized)
    {
        ArgumentNullException.ThrowIfNull(minimized);
        foreach (var field in minimized.DroppedFields)
        {
            _counts[field] = _counts.GetValueOrDefault(field) + 1;
            Total++;
        }

        return minimized.Value;
    }
}
