using System.Text;

namespace Penchant.Storage.Import;

/// <summary>Penchant's own CSV files of items, users or events (UTF-8, header row first); see docs/formats.md.</summary>
public sealed class PenchantCsvImporter(PenchantRecordKind kind, ImportOptions? options = null) : IImporter
{
    public string Format => $"{kind.ToString().ToLowerInvariant()}-csv";

    public async Task<ImportReport> ImportAsync(string path, IPenchantStore store, IProgress<ImportProgress>? progress = null, CancellationToken cancellation = default)
    {
        var session = new ImportSession(store, options, progress, [path], cancellation);
        using (var file = session.BeginFile(path, Encoding.UTF8))
        {
            var table = CsvTable.Open(session, file, PenchantRecords.RequiredColumns(kind));
            var fields = table is null ? null : new CsvFieldSource(table);
            while (table is not null && table.Next(out var error))
            {
                if (!table.IsBlank && (error ?? await PenchantRecords.AddAsync(session, kind, fields!)) is { } reason)
                {
                    session.Reject(file, table.Line, reason);
                }

                session.LineDone(file);
            }

            session.EndFile(file);
        }

        return await session.FinishAsync();
    }
}
