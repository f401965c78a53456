using System.Globalization;

namespace Penchant.Storage.Import;

/// <summary>Parsing of the scalar values found in import files; all invariant-culture.</summary>
internal static class Fields
{
    public static bool TryLong(string? text, out long value) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    public static bool TryDouble(string? text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    public static bool TryDecimal(string? text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out value);

    /// <summary>A whole number written in decimal digits only (MovieLens ids).</summary>
    public static bool IsDigits(string text) => text.Length > 0 && text.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0;

    /// <summary>Whole Unix seconds within the range <see cref="DateTimeOffset"/> can hold.</summary>
    public static bool TryUnixSeconds(string? text, out DateTimeOffset value)
    {
        value = default;
        if (!TryLong(text, out var seconds) || seconds < -62_135_596_800 || seconds > 253_402_300_799)
        {
            return false;
        }

        value = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }

    /// <summary>true/false, 1/0, yes/no (case-insensitive).</summary>
    public static bool TryBool(string? text, out bool value)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "true" or "1" or "yes":
                value = true;
                return true;
            case "false" or "0" or "no":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>
    /// A timestamp: Unix seconds (an integer or decimal number), or ISO-8601 text; ISO text without an offset is UTC.
    /// </summary>
    public static bool TryTimestamp(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (TryDouble(text, out var seconds))
        {
            if (Math.Abs(seconds) > 253_402_300_799)
            {
                return false;
            }

            value = DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    /// <summary>Formats a timestamp for a derived event id: Unix seconds, with milliseconds when there are any.</summary>
    public static string IdTime(DateTimeOffset time)
    {
        var ms = time.ToUnixTimeMilliseconds();
        return ms % 1000 == 0
            ? (ms / 1000).ToString(CultureInfo.InvariantCulture)
            : (ms / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
    }
}
