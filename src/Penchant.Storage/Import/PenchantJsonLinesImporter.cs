using System.Text;
using System.Text.Json;

namespace Penchant.Storage.Import;

/// <summary>Penchant's own JSON Lines files of items, users or events (UTF-8, one object per line); see docs/formats.md.</summary>
public sealed class PenchantJsonLinesImporter(PenchantRecordKind kind, ImportOptions? options = null) : IImporter
{
    public string Format => $"{kind.ToString().ToLowerInvariant()}-jsonl";

    public async Task<ImportReport> ImportAsync(string path, IPenchantStore store, IProgress<ImportProgress>? progress = null, CancellationToken cancellation = default)
    {
        var session = new ImportSession(store, options, progress, [path], cancellation);
        using (var file = session.BeginFile(path, Encoding.UTF8))
        {
            while (file.ReadLine() is { } line)
            {
                if (!string.IsNullOrWhiteSpace(line) && await AddLineAsync(session, line) is { } reason)
                {
                    session.Reject(file, file.LineNumber, reason);
                }

                session.LineDone(file);
            }

            session.EndFile(file);
        }

        return await session.FinishAsync();
    }

    private async ValueTask<string?> AddLineAsync(ImportSession session, string line)
    {
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
            return document.RootElement.ValueKind != JsonValueKind.Object
                ? "bad JSON: a line must be an object"
                : await PenchantRecords.AddAsync(session, kind, new JsonFieldSource(document.RootElement));
        }
    }
}
