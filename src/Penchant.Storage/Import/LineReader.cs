using System.Text;

namespace Penchant.Storage.Import;

/// <summary>Reads a text file line by line, counting line numbers and bytes consumed.</summary>
internal sealed class LineReader : IDisposable
{
    private readonly FileStream _stream;
    private readonly StreamReader _reader;

    public LineReader(string path, Encoding encoding)
    {
        Path = path;
        Name = System.IO.Path.GetFileName(path);
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        _reader = new StreamReader(_stream, encoding, detectEncodingFromByteOrderMarks: encoding is UTF8Encoding, 1 << 16);
    }

    public string Path { get; }

    /// <summary>The file name without folder, as used in error reports.</summary>
    public string Name { get; }

    /// <summary>The number of the line last read (1-based); 0 before the first.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Bytes consumed from the file (read ahead by the buffer, so approximate mid-file).</summary>
    public long BytesRead => _stream.Position;

    public string? ReadLine()
    {
        var line = _reader.ReadLine();
        if (line is not null)
        {
            LineNumber++;
        }

        return line;
    }

    public void Dispose() => _reader.Dispose();
}
