namespace Penchant.Core.Evaluation;

/// <summary>How a <see cref="TimeCutSplitter"/> places its cut.</summary>
public enum TimeCutMode
{
    /// <summary>The newest fraction of records (by count) are held out.</summary>
    RecordFraction,

    /// <summary>Records in the newest fraction of the time span (first to last timestamp) are held out.</summary>
    TimeFraction,

    /// <summary>Records at or after a given timestamp are held out.</summary>
    Timestamp,
}

/// <summary>
/// A global time cut: every record at or after the cut time is a test record, whoever made it, so the
/// model is trained on the past and tested on the future. Records sharing the cut timestamp all go to the
/// test side (no same-day leakage), so the held-out share can be a little above the fraction asked.
/// </summary>
/// <remarks>
/// With validation, the validation part is the newest slice of the training part: in
/// <see cref="TimeCutMode.TimeFraction"/> mode the slice spans the same length of time as the test part,
/// otherwise it holds as many records as the test part. Test users absent from training are cold users;
/// the evaluation counts and skips them.
/// </remarks>
public sealed class TimeCutSplitter : IDataSplitter
{
    private TimeCutSplitter(TimeCutMode mode, double fraction, long timestamp)
    {
        Mode = mode;
        Fraction = fraction;
        Timestamp = timestamp;
    }

    public TimeCutMode Mode { get; }

    /// <summary>The held-out fraction in the fraction modes.</summary>
    public double Fraction { get; }

    /// <summary>The cut in <see cref="TimeCutMode.Timestamp"/> mode (Unix seconds).</summary>
    public long Timestamp { get; }

    public string Description => Mode switch
    {
        TimeCutMode.RecordFraction => $"global time cut, newest {Fraction:P0} of records held out",
        TimeCutMode.TimeFraction => $"global time cut, newest {Fraction:P0} of the time span held out",
        _ => $"global time cut at {DateTimeOffset.FromUnixTimeSeconds(Timestamp):u}",
    };

    /// <summary>Holds out the newest <paramref name="fraction"/> of records by count.</summary>
    public static TimeCutSplitter ByRecordFraction(double fraction) => new(TimeCutMode.RecordFraction, CheckFraction(fraction), 0);

    /// <summary>Holds out the records in the newest <paramref name="fraction"/> of the time span.</summary>
    public static TimeCutSplitter ByTimeFraction(double fraction) => new(TimeCutMode.TimeFraction, CheckFraction(fraction), 0);

    /// <summary>Holds out the records at or after <paramref name="unixSeconds"/>.</summary>
    public static TimeCutSplitter AtTimestamp(long unixSeconds) => new(TimeCutMode.Timestamp, 0, unixSeconds);

    public RecordSplit Split(IReadOnlyList<InteractionRecord> records, bool withValidation)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return new RecordSplit([], [], []);
        }

        var times = records.Select(static r => r.Timestamp).ToArray();
        Array.Sort(times);
        var first = times[0];
        var last = times[^1];
        var testCut = Mode switch
        {
            TimeCutMode.RecordFraction => CutForCount(times, (int)Math.Round(Fraction * times.Length)),
            TimeCutMode.TimeFraction => first + (long)Math.Ceiling((1 - Fraction) * (last - first)),
            _ => Timestamp,
        };
        var testCount = times.Length - LowerBound(times, testCut);
        var validationCut = long.MaxValue;
        if (withValidation)
        {
            var before = times.AsSpan(0, times.Length - testCount);
            validationCut = Mode == TimeCutMode.TimeFraction
                ? testCut - (last - testCut)
                : CutForCount(before, testCount);
            if (validationCut >= testCut)
            {
                validationCut = long.MaxValue;
            }
        }

        var train = new List<InteractionRecord>();
        var validation = new List<InteractionRecord>();
        var test = new List<InteractionRecord>();
        foreach (var r in records)
        {
            var target = r.Timestamp >= testCut ? test : r.Timestamp >= validationCut ? validation : train;
            target.Add(r);
        }

        return new RecordSplit(train, validation, test);
    }

    // The timestamp t such that the records at or after t are the newest `count` (more on ties).
    private static long CutForCount(ReadOnlySpan<long> sortedTimes, int count) =>
        count <= 0 || sortedTimes.Length == 0 ? long.MaxValue : sortedTimes[Math.Max(0, sortedTimes.Length - count)];

    private static int LowerBound(long[] sorted, long value)
    {
        var lo = 0;
        var hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static double CheckFraction(double fraction) =>
        fraction is > 0 and < 1 ? fraction : throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The held-out fraction must be in (0, 1).");
}
