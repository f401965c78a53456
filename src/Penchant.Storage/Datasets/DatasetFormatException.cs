namespace Penchant.Storage.Datasets;

/// <summary>A data set file has a line that cannot be read; the message names the file and line.</summary>
public sealed class DatasetFormatException : FormatException
{
    public DatasetFormatException(string fileName, long line, string problem)
        : base($"{fileName}:{line}: {problem}")
    {
        FileName = fileName;
        Line = line;
        Problem = problem;
    }

    public DatasetFormatException()
    {
        FileName = "";
        Problem = "";
    }

    public DatasetFormatException(string message)
        : base(message)
    {
        FileName = "";
        Problem = message;
    }

    public DatasetFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        FileName = "";
        Problem = message;
    }

    /// <summary>The file (or stream name) read.</summary>
    public string FileName { get; }

    /// <summary>The 1-based line number.</summary>
    public long Line { get; }

    /// <summary>What is wrong with the line.</summary>
    public string Problem { get; }
}
