using Penchant.Core.Evaluation;
using Penchant.Storage.Datasets;

namespace Penchant.Storage.Tests.Datasets;

public sealed class DatasetReaderTests
{
    private static List<InteractionRecord> Read(DatasetFormat format, string text) =>
        DatasetReader.Read(format, new StringReader(text), "sample.txt");

    [Fact]
    public void MovieLens_tab_and_double_colon_lines()
    {
        var records = Read(DatasetFormat.MovieLens, "1\t31\t2.5\t1260759144\n\n2::7::4::978300760\n");
        Assert.Equal([new InteractionRecord("1", "31", 2.5f, 1260759144), new InteractionRecord("2", "7", 4f, 978300760)], records);
    }

    [Fact]
    public void MovieLens_csv_skips_its_header()
    {
        var records = Read(DatasetFormat.MovieLensCsv, "userId,movieId,rating,timestamp\n1,1029,3.0,1260759179\n");
        Assert.Equal([new InteractionRecord("1", "1029", 3f, 1260759179)], records);
    }

    [Fact]
    public void Sequences_use_the_position_as_time()
    {
        var records = Read(DatasetFormat.Sequences, "1 10 20 10\n2 30\n");
        Assert.Equal(
            [new("1", "10", 1, 0), new("1", "20", 1, 1), new("1", "10", 1, 2), new InteractionRecord("2", "30", 1, 0)],
            records);
    }

    [Fact]
    public void Baskets_are_lines_whose_items_keep_their_labels_count_once_and_get_a_fixed_random_order()
    {
        var records = Read(DatasetFormat.Baskets, "citrus fruit,cream cheese ,margarine\n\nwhole milk,whole milk\n");
        Assert.Equal(["1:citrus fruit", "1:cream cheese ", "1:margarine", "3:whole milk"], records.Select(r => $"{r.User}:{r.Item}"));
        Assert.All(records, r => Assert.Equal(1f, r.Value));
        Assert.Equal(records.Select(r => r.Timestamp), Read(DatasetFormat.Baskets, "citrus fruit,cream cheese ,margarine\n\nwhole milk,whole milk\n").Select(r => r.Timestamp));

        // Over many baskets the last item by time is each position about equally often, not always the last written.
        var lines = string.Join("\n", Enumerable.Range(0, 3000).Select(_ => "a,b,c"));
        var lastAt = Read(DatasetFormat.Baskets, lines).GroupBy(r => r.User).Select(g => g.MaxBy(r => r.Timestamp).Item).GroupBy(i => i).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(new[] { "a", "b", "c" }, i => Assert.InRange(lastAt[i], 850, 1150));
    }

    [Fact]
    public void A_basket_with_an_empty_item_names_its_line()
    {
        var error = Assert.Throws<DatasetFormatException>(() => Read(DatasetFormat.Baskets, "bread,milk\nbread, ,milk\n"));
        Assert.Contains("sample.txt", error.Message, StringComparison.Ordinal);
        Assert.Contains("2", error.Message, StringComparison.Ordinal);
        Assert.Contains("item 2 of the basket is empty", error.Message, StringComparison.Ordinal);
        Assert.True(DatasetReader.TryParseFormat("baskets", out var format));
        Assert.Equal(DatasetFormat.Baskets, format);
    }

    [Fact]
    public void Amazon_reviews_json_lines()
    {
        var line = """{"reviewerID": "A2", "asin": "B01", "reviewerName": "x, y", "overall": 4.0, "unixReviewTime": 1393545600, "reviewText": "ok"}""";
        Assert.Equal([new InteractionRecord("A2", "B01", 4f, 1393545600)], Read(DatasetFormat.AmazonReviews, line + "\n"));
    }

    [Fact]
    public void Penchant_events_keep_positive_evidence_only()
    {
        var text = """
            event_id,user_id,item_id,type,timestamp,value
            e1,u1,i1,view,2024-01-02T03:04:05Z,
            e2,u1,i2,dislike,1700000000,
            e3,u1,,search,1700000000,
            e4,u2,i1,rating,1700000001,5
            """;
        var records = Read(DatasetFormat.PenchantEvents, text);
        Assert.Equal(
            [new InteractionRecord("u1", "i1", 1, DateTimeOffset.Parse("2024-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds()), new InteractionRecord("u2", "i1", 5, 1700000001)],
            records);
    }

    [Theory]
    [InlineData(DatasetFormat.MovieLens, "1\t2\t3\t4\n1\t2\n", 2)]
    [InlineData(DatasetFormat.MovieLens, "1\t2\tfive\t4\n", 1)]
    [InlineData(DatasetFormat.MovieLensCsv, "userId,movieId,rating,timestamp\n1,2,3,x\n", 2)]
    [InlineData(DatasetFormat.Sequences, "1 2\n3\n", 2)]
    [InlineData(DatasetFormat.AmazonReviews, "{\"reviewerID\": \"a\", \"asin\": \"b\", \"unixReviewTime\": 1}\n{not json\n", 2)]
    [InlineData(DatasetFormat.AmazonReviews, "{\"asin\": \"b\", \"unixReviewTime\": 1}\n", 1)]
    [InlineData(DatasetFormat.PenchantEvents, "e1,u1,i1,teleport,1\n", 1)]
    public void Bad_lines_name_the_file_and_line(DatasetFormat format, string text, int line)
    {
        var error = Assert.Throws<DatasetFormatException>(() => Read(format, text));
        Assert.Equal(line, error.Line);
        Assert.Equal("sample.txt", error.FileName);
        Assert.StartsWith($"sample.txt:{line}: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("movielens", DatasetFormat.MovieLens)]
    [InlineData("beauty", DatasetFormat.Sequences)]
    [InlineData("AMAZON", DatasetFormat.AmazonReviews)]
    [InlineData("ml-csv", DatasetFormat.MovieLensCsv)]
    [InlineData("events", DatasetFormat.PenchantEvents)]
    public void Format_names(string text, DatasetFormat expected)
    {
        Assert.True(DatasetReader.TryParseFormat(text, out var format));
        Assert.Equal(expected, format);
    }

    [Fact]
    public void Item_features_from_a_json_object()
    {
        using var stream = new MemoryStream("""{"4": [1, 2], "83": ["x"]}"""u8.ToArray());
        var features = DatasetReader.ReadItemFeatures(stream, "attrs.json");
        Assert.Equal(["1", "2"], features["4"]);
        Assert.Equal(["x"], features["83"]);
    }

    [Fact]
    public void Item_features_that_are_not_arrays_are_refused()
    {
        using var stream = new MemoryStream("""{"4": 1}"""u8.ToArray());
        var error = Assert.Throws<DatasetFormatException>(() => DatasetReader.ReadItemFeatures(stream, "attrs.json"));
        Assert.Contains("item '4'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_from_a_file_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"penchant-ds-{Guid.NewGuid():N}.data");
        try
        {
            File.WriteAllText(path, "5\t6\t1\t2\n");
            Assert.Equal([new InteractionRecord("5", "6", 1, 2)], DatasetReader.Read(DatasetFormat.MovieLens, path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
