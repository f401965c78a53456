namespace Penchant.Storage.Import;

/// <summary>A CSV file with a header row, read record by record with fields looked up by column name.</summary>
internal sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;
    private readonly List<string> _fields = [];

    private CsvTable(LineReader file, Dictionary<string, int> columns, IReadOnlyList<string> header)
    {
        File = file;
        _columns = columns;
        Header = header;
    }

    public LineReader File { get; }

    /// <summary>Column names as written in the header.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>The first line of the current record.</summary>
    public long Line { get; private set; }

    public IReadOnlyList<string> Fields => _fields;

    /// <summary>
    /// Reads the header. When it lacks a required column the file is rejected at line 1 and null is returned.
    /// </summary>
    public static CsvTable? Open(ImportSession session, LineReader file, params string[] required)
    {
        var header = new List<string>();
        if (!Csv.ReadRecord(file, header, out var line, out var error) || error is not null)
        {
            session.Reject(file, Math.Max(1, line), error ?? "empty file: a header row is required");
            return null;
        }

        var names = header.Select(static h => h.Trim().TrimStart('\uFEFF')).ToList();
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Count; i++)
        {
            columns.TryAdd(names[i], i);
        }

        var missing = required.Where(r => !columns.ContainsKey(r)).ToList();
        if (missing.Count > 0)
        {
            session.Reject(file, line, $"header lacks required column(s) {string.Join(", ", missing)}; the file is skipped");
            return null;
        }

        return new CsvTable(file, columns, names);
    }

    /// <summary>
    /// Reads the next record; false at the end. When the record is malformed or has the wrong number of fields,
    /// <paramref name="error"/> says why.
    /// </summary>
    public bool Next(out string? error)
    {
        if (!Csv.ReadRecord(File, _fields, out var line, out error))
        {
            return false;
        }

        Line = line;
        if (error is null && _fields.Count != Header.Count)
        {
            error = $"expected {Header.Count} fields, found {_fields.Count}";
        }

        return true;
    }

    /// <summary>Whether the current record is a blank line.</summary>
    public bool IsBlank => _fields.Count == 1 && _fields[0].Length == 0;

    public bool Has(string column) => _columns.ContainsKey(column);

    /// <summary>The field of <paramref name="column"/>; null when the column is absent or the field empty.</summary>
    public string? this[string column] =>
        _columns.TryGetValue(column, out var i) && i < _fields.Count && _fields[i].Length > 0 ? _fields[i] : null;

    /// <summary>Column names starting with <paramref name="prefix"/>, with their index.</summary>
    public IEnumerable<(string Name, int Index)> ColumnsStartingWith(string prefix) =>
        Header.Select((name, index) => (name, index)).Where(c => c.name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
}
