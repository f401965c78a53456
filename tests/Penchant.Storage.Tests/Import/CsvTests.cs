using System.Text;
using Penchant.Storage.Import;

namespace Penchant.Storage.Tests.Import;

public sealed class CsvTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private List<(long Line, string[] Fields, string? Error)> Read(string text)
    {
        var path = _dir.File("t.csv");
        File.WriteAllText(path, text, new UTF8Encoding(false));
        using var reader = new LineReader(path, Encoding.UTF8);
        var records = new List<(long, string[], string?)>();
        var fields = new List<string>();
        while (Csv.ReadRecord(reader, fields, out var line, out var error))
        {
            records.Add((line, fields.ToArray(), error));
        }

        return records;
    }

    [Fact]
    public void Plain_quoted_doubled_quote_and_empty_fields_split_as_rfc_4180_says()
    {
        var records = Read("a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\n,,\n");
        Assert.Equal(3, records.Count);
        Assert.Equal(["a", "b", "c"], records[0].Fields);
        Assert.Equal(["x,y", "say \"hi\"", ""], records[1].Fields);
        Assert.Equal(["", "", ""], records[2].Fields);
        Assert.All(records, r => Assert.Null(r.Error));
    }

    [Fact]
    public void A_quoted_field_spanning_lines_keeps_the_line_numbers_of_later_records()
    {
        var records = Read("1,\"two\nlines\",x\n2,b,y\r\n3,c,z\n");
        Assert.Equal([1L, 3L, 4L], records.Select(r => r.Line));
        Assert.Equal("two\nlines", records[0].Fields[1]);
        Assert.Equal(["3", "c", "z"], records[2].Fields);
    }

    [Fact]
    public void An_unterminated_quote_is_an_error_and_a_quote_inside_a_field_is_literal()
    {
        var records = Read("ab\"c,d\n1,\"open\n");
        Assert.Equal(["ab\"c", "d"], records[0].Fields);
        Assert.Null(records[0].Error);
        Assert.Equal("unterminated quoted field", records[1].Error);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"x\"", "\"say \"\"x\"\"\"")]
    public void Quote_adds_quotes_only_when_needed(string field, string expected) => Assert.Equal(expected, Csv.Quote(field));
}
