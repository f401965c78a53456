using System.Text;

namespace Penchant.Storage.Import;

/// <summary>
/// RFC 4180 comma-separated records: fields may be quoted, quotes inside are doubled, and a quoted field may span
/// lines. A quote that does not start a field is taken literally.
/// </summary>
internal static class Csv
{
    /// <summary>
    /// Reads the next record into <paramref name="fields"/>; false at the end of the input. <paramref name="line"/> is
    /// the record's first line; <paramref name="error"/> is set when the record is malformed.
    /// </summary>
    public static bool ReadRecord(LineReader reader, List<string> fields, out long line, out string? error)
    {
        fields.Clear();
        error = null;
        var text = reader.ReadLine();
        line = reader.LineNumber;
        if (text is null)
        {
            return false;
        }

        if (!text.Contains('"', StringComparison.Ordinal))
        {
            fields.AddRange(text.Split(','));
            return true;
        }

        var field = new StringBuilder();
        var i = 0;
        var quoted = false;
        var atStart = true;
        while (true)
        {
            if (i >= text.Length)
            {
                if (!quoted)
                {
                    fields.Add(field.ToString());
                    return true;
                }

                var next = reader.ReadLine();
                if (next is null)
                {
                    fields.Add(field.ToString());
                    error = "unterminated quoted field";
                    return true;
                }

                field.Append('\n');
                text = next;
                i = 0;
                continue;
            }

            var c = text[i++];
            if (quoted)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i < text.Length && text[i] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                atStart = true;
                continue;
            }
            else if (c == '"' && atStart)
            {
                quoted = true;
            }
            else
            {
                field.Append(c);
            }

            atStart = false;
        }
    }

    /// <summary>Quotes a field when it needs it.</summary>
    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
