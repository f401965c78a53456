using System.Globalization;
using System.Text;
using System.Text.Json;
using Penchant.Core.Data;
using Penchant.Core.Evaluation;
using Penchant.Core.Text;

namespace Penchant.Storage.Datasets;

/// <summary>
/// Reads evaluation data set files into <see cref="InteractionRecord"/>s (not into a store). Empty lines are
/// skipped; any other line that cannot be read raises <see cref="DatasetFormatException"/> naming the file and line.
/// </summary>
public static class DatasetReader
{
    /// <summary>Reads <paramref name="path"/> in <paramref name="format"/>.</summary>
    public static List<InteractionRecord> Read(DatasetFormat format, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(format, reader, path);
    }

    /// <summary>Reads records from <paramref name="reader"/>; <paramref name="source"/> names it in errors.</summary>
    public static List<InteractionRecord> Read(DatasetFormat format, TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        return format switch
        {
            DatasetFormat.MovieLens => ReadLines(reader, source, ParseMovieLens),
            DatasetFormat.MovieLensCsv => ReadLines(reader, source, ParseMovieLensCsv),
            DatasetFormat.Sequences => ReadSequences(reader, source),
            DatasetFormat.AmazonReviews => ReadLines(reader, source, ParseAmazon),
            DatasetFormat.PenchantEvents => ReadLines(reader, source, ParseEvent),
            DatasetFormat.Baskets => ReadBaskets(reader, source),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown data set format."),
        };
    }

    /// <summary>
    /// Reads item features for intra-list diversity: a JSON object mapping item id to an array of feature ids
    /// (strings or numbers), as S3-Rec's <c>Beauty_item2attributes.json</c>.
    /// </summary>
    public static Dictionary<string, string[]> ReadItemFeatures(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.OpenRead(path);
        return ReadItemFeatures(stream, path);
    }

    /// <summary>Reads item features from <paramref name="stream"/>; <paramref name="source"/> names it in errors.</summary>
    public static Dictionary<string, string[]> ReadItemFeatures(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var doc = JsonDocument.Parse(stream);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new DatasetFormatException(source, 1, "expected a JSON object of item id to feature ids");
            }

            var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var item in doc.RootElement.EnumerateObject())
            {
                if (item.Value.ValueKind != JsonValueKind.Array)
                {
                    throw new DatasetFormatException(source, 1, $"features of item '{item.Name}' are not an array");
                }

                result[item.Name] = [.. item.Value.EnumerateArray().Select(static f => f.ValueKind == JsonValueKind.String ? f.GetString()! : f.GetRawText())];
            }

            return result;
        }
        catch (JsonException e)
        {
            throw new DatasetFormatException(source, (e.LineNumber ?? 0) + 1, e.Message);
        }
    }

    /// <summary>Parses a format name as typed on the command line ("movielens", "ml-csv", "beauty", "amazon", "events").</summary>
    public static bool TryParseFormat(string? text, out DatasetFormat format)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "movielens" or "ml" or "udata":
                format = DatasetFormat.MovieLens;
                return true;
            case "movielens-csv" or "ml-csv" or "ratings-csv":
                format = DatasetFormat.MovieLensCsv;
                return true;
            case "beauty" or "sequences" or "s3rec":
                format = DatasetFormat.Sequences;
                return true;
            case "amazon" or "amazon-json":
                format = DatasetFormat.AmazonReviews;
                return true;
            case "events" or "penchant":
                format = DatasetFormat.PenchantEvents;
                return true;
            case "baskets" or "basket-csv" or "transactions":
                format = DatasetFormat.Baskets;
                return true;
            default:
                format = default;
                return false;
        }
    }

    private delegate InteractionRecord? LineParser(string line, int lineNumber);

    private static List<InteractionRecord> ReadLines(TextReader reader, string source, LineParser parse)
    {
        var records = new List<InteractionRecord>();
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                if (parse(line, number) is { } record)
                {
                    records.Add(record);
                }
            }
            catch (Exception e) when (e is FormatException or JsonException or OverflowException or KeyNotFoundException or InvalidOperationException)
            {
                throw new DatasetFormatException(source, number, e.Message);
            }
        }

        return records;
    }

    private static InteractionRecord? ParseMovieLens(string line, int number)
    {
        var fields = line.Contains('\t', StringComparison.Ordinal)
            ? line.Split('\t')
            : line.Split("::");
        if (fields.Length < 3)
        {
            throw new FormatException($"expected 'user<TAB>item<TAB>rating<TAB>timestamp', got {fields.Length} field(s)");
        }

        return new InteractionRecord(
            Id(fields[0], "user"),
            Id(fields[1], "item"),
            Number(fields[2], "rating"),
            fields.Length > 3 ? Integer(fields[3], "timestamp") : 0);
    }

    private static InteractionRecord? ParseMovieLensCsv(string line, int number)
    {
        var fields = line.Split(',');
        if (number == 1 && fields[0].Trim().Equals("userId", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (fields.Length < 3)
        {
            throw new FormatException($"expected 'userId,movieId,rating,timestamp', got {fields.Length} field(s)");
        }

        return new InteractionRecord(
            Id(fields[0], "userId"),
            Id(fields[1], "movieId"),
            Number(fields[2], "rating"),
            fields.Length > 3 ? Integer(fields[3], "timestamp") : 0);
    }

    private static InteractionRecord? ParseAmazon(string line, int number)
    {
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("expected a JSON object");
        }

        var user = root.TryGetProperty("reviewerID", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString()! : throw new FormatException("missing string 'reviewerID'");
        var item = root.TryGetProperty("asin", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : throw new FormatException("missing string 'asin'");
        var rating = root.TryGetProperty("overall", out var o) && o.ValueKind == JsonValueKind.Number ? o.GetSingle() : 1f;
        var time = root.TryGetProperty("unixReviewTime", out var t) && t.ValueKind == JsonValueKind.Number
            ? t.GetInt64()
            : throw new FormatException("missing number 'unixReviewTime'");
        return new InteractionRecord(Id(user, "reviewerID"), Id(item, "asin"), rating, time);
    }

    // The events CSV keeps to the simple form: no quoted commas (the storage import documents the full format).
    private static InteractionRecord? ParseEvent(string line, int number)
    {
        var fields = line.Split(',');
        if (number == 1 && fields[0].Trim().Equals("event_id", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (fields.Length < 5)
        {
            throw new FormatException($"expected 'event_id,user_id,item_id,type,timestamp[,value]', got {fields.Length} field(s)");
        }

        if (!EventTypes.TryParse(fields[3], out var type))
        {
            throw new FormatException($"unknown event type '{fields[3].Trim()}'");
        }

        var value = fields.Length > 5 && !string.IsNullOrWhiteSpace(fields[5]) ? Number(fields[5], "value") : (float?)null;
        var time = Time(fields[4]);
        if (string.IsNullOrWhiteSpace(fields[2]) || EventWeights.Default.WeightOf(type, value) <= 0)
        {
            // Searches, dislikes, removals and impressions are no evidence of interest.
            return null;
        }

        return new InteractionRecord(Id(fields[1], "user_id"), Id(fields[2], "item_id"), value ?? 1f, time);
    }

    // One basket per line, items separated by commas; the basket's id is its line number. Item labels are kept as
    // written, inner and trailing spaces included (arules' Groceries has "cream cheese "), except a final '\r'.
    // An item named twice in one line counts once. Each item's timestamp is a fixed pseudo-random key of its line
    // and position, so "the last item" of a basket (as leave-one-out holds out) is a random one of its items,
    // and the same on every run.
    private static List<InteractionRecord> ReadBaskets(TextReader reader, string source)
    {
        var records = new List<InteractionRecord>();
        var number = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            seen.Clear();
            var fields = line.Split(',');
            var basket = number.ToString(CultureInfo.InvariantCulture);
            for (var k = 0; k < fields.Length; k++)
            {
                if (fields[k].Trim().Length == 0)
                {
                    throw new DatasetFormatException(source, number, $"item {k + 1} of the basket is empty");
                }

                if (seen.Add(fields[k]))
                {
                    records.Add(new InteractionRecord(basket, fields[k], 1f, (long)(FeatureHash.Mix(((ulong)number << 20) | (uint)k) >> 2)));
                }
            }
        }

        return records;
    }

    private static List<InteractionRecord> ReadSequences(TextReader reader, string source)
    {
        var records = new List<InteractionRecord>();
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2)
            {
                throw new DatasetFormatException(source, number, "expected 'user item1 item2 ...' with at least one item");
            }

            for (var i = 1; i < fields.Length; i++)
            {
                records.Add(new InteractionRecord(fields[0], fields[i], 1f, i - 1));
            }
        }

        return records;
    }

    private static string Id(string text, string name)
    {
        var id = text.Trim();
        return id.Length > 0 ? id : throw new FormatException($"empty {name}");
    }

    private static float Number(string text, string name) =>
        float.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && float.IsFinite(v)
            ? v
            : throw new FormatException($"{name} '{text.Trim()}' is not a number");

    private static long Integer(string text, string name) =>
        long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new FormatException($"{name} '{text.Trim()}' is not an integer");

    private static long Time(string text)
    {
        var t = text.Trim();
        if (long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds;
        }

        return DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUnixTimeSeconds()
            : throw new FormatException($"timestamp '{t}' is neither Unix seconds nor ISO 8601");
    }
}
