using System.Text;
using System.Text.Json;
using Penchant.Core.Data;

namespace Penchant.Storage.Import;

/// <summary>
/// Amazon reviews in the 2014 JSON Lines form (one review per line: <c>reviewerID</c>, <c>asin</c>, <c>overall</c>,
/// <c>reviewText</c>, <c>summary</c>, <c>unixReviewTime</c>).
/// </summary>
/// <remarks>
/// Each review gives a <see cref="EventType.Rating"/> event (when <c>overall</c> is present) and a
/// <see cref="EventType.Review"/> event whose text is the summary and the review text on separate lines (when either
/// is present), with derived ids <c>amazon:{reviewer}:{asin}:{time}:rating|review</c>. A product not yet in the store
/// is created with its ASIN as id and title; a product already there is left as it is.
/// </remarks>
public sealed class AmazonReviewsImporter(ImportOptions? options = null) : IImporter
{
    public string Format => "amazon";

    public async Task<ImportReport> ImportAsync(string path, IPenchantStore store, IProgress<ImportProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var session = new ImportSession(store, options, progress, [path], cancellation);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var file = session.BeginFile(path, Encoding.UTF8);
        while (file.ReadLine() is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                if (Parse(line, out var review) is { } error)
                {
                    session.Reject(file, file.LineNumber, error);
                }
                else
                {
                    if (seen.Add(review.Asin))
                    {
                        if (await store.GetItemAsync(review.Asin, cancellation) is null)
                        {
                            await session.AddAsync(new Item(review.Asin, review.Asin));
                        }
                        else
                        {
                            session.CountKnownItem();
                        }
                    }

                    var id = $"amazon:{review.Reviewer}:{review.Asin}:{review.Seconds}";
                    if (review.Rating is { } rating)
                    {
                        await session.AddAsync(new Event(id + ":rating", review.Reviewer, review.Asin, EventType.Rating, review.Time, rating));
                    }

                    if (review.Text is { } text)
                    {
                        await session.AddAsync(new Event(id + ":review", review.Reviewer, review.Asin, EventType.Review, review.Time, review.Rating, text));
                    }
                }
            }

            session.LineDone(file);
        }

        session.EndFile(file);
        return await session.FinishAsync();
    }

    private readonly record struct Review(string Reviewer, string Asin, long Seconds, DateTimeOffset Time, double? Rating, string? Text);

    /// <summary>Parses one line; returns the reason when it is rejected.</summary>
    private static string? Parse(string line, out Review review)
    {
        review = default;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            return $"bad JSON: {ex.Message}";
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return "bad JSON: a line must be an object";
            }

            if (String(root, "reviewerID") is not { Length: > 0 } reviewer)
            {
                return "missing reviewerID";
            }

            if (String(root, "asin") is not { Length: > 0 } asin)
            {
                return "missing asin";
            }

            if (!root.TryGetProperty("unixReviewTime", out var t))
            {
                return "missing unixReviewTime";
            }

            if (t.ValueKind != JsonValueKind.Number || !Fields.TryUnixSeconds(t.GetRawText(), out var time))
            {
                return $"unixReviewTime {t.GetRawText()} is not a whole number of seconds";
            }

            double? rating = null;
            if (root.TryGetProperty("overall", out var o) && o.ValueKind != JsonValueKind.Null)
            {
                if (o.ValueKind != JsonValueKind.Number || !Fields.TryDouble(o.GetRawText(), out var r))
                {
                    return $"overall {o.GetRawText()} is not a number";
                }

                rating = r;
            }

            var summary = String(root, "summary")?.Trim();
            var body = String(root, "reviewText")?.Trim();
            var text = (summary, body) switch
            {
                ({ Length: > 0 }, { Length: > 0 }) => summary + "\n" + body,
                ({ Length: > 0 }, _) => summary,
                (_, { Length: > 0 }) => body,
                _ => null,
            };
            if (rating is null && text is null)
            {
                return "neither a rating (overall) nor any text";
            }

            review = new Review(reviewer, asin, time.ToUnixTimeSeconds(), time, rating, text);
            return null;
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
