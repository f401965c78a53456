using System.Text;
using Penchant.Core.Data;
using Penchant.Storage.Import;

namespace Penchant.Storage.Tests.Import;

public sealed class MovieLens100KImporterTests
{
    private const int Users = 30;
    private const int Movies = 40;

    /// <summary>Writes a small MovieLens 100K folder: every user rates a seeded selection of movies.</summary>
    private static List<string> WriteFolder(ImportFixture f, int seed = 3)
    {
        var rng = new Random(seed);
        var items = new StringBuilder();
        for (var m = 1; m <= Movies; m++)
        {
            var flags = string.Join('|', Enumerable.Range(0, 19).Select(g => g == m % 19 || g == (m * 7) % 19 ? "1" : "0"));
            var date = m switch
            {
                5 => "",
                6 => "4-Feb-1971",
                _ => $"0{1 + m % 9}-Jan-19{60 + m % 40}",
            };
            items.Append($"{m}|Movie {m} (19{60 + m})|{date}||http://us.imdb.com/M/title-exact?m{m}|{flags}\n");
        }

        // Title with an e-acute written as the single ISO-8859-1 byte 0xE9.
        var latin1 = Encoding.Latin1.GetBytes(items.ToString()).Concat(Encoding.Latin1.GetBytes(
            $"{Movies + 1}|Amélie (2001)|01-Jan-2001||http://x|{string.Join('|', Enumerable.Repeat("0", 18))}|1\n")).ToArray();
        Assert.Contains((byte)0xE9, latin1);
        f.WriteBytes("u.item", latin1);

        f.Write("u.user", string.Concat(Enumerable.Range(1, Users).Select(u => $"{u}|{20 + u}|{(u % 2 == 0 ? "F" : "M")}|writer|{10000 + u}\n")));

        var lines = new List<string>();
        for (var u = 1; u <= Users; u++)
        {
            foreach (var m in Enumerable.Range(1, Movies + 1).Where(_ => rng.NextDouble() < 0.3))
            {
                lines.Add($"{u}\t{m}\t{1 + rng.Next(5)}\t{880_000_000 + rng.Next(10_000_000)}");
            }
        }

        f.Write("u.data", string.Join('\n', lines) + "\n");
        return lines;
    }

    [Fact]
    public async Task Imports_ratings_users_and_movies_with_their_fields()
    {
        await using var f = await ImportFixture.CreateAsync();
        var lines = WriteFolder(f);
        var report = await new MovieLens100KImporter().ImportAsync(f.Root, f.Store);

        Assert.Equal(new ImportTally(lines.Count, 0), report.Events);
        Assert.Equal(new ImportTally(Users, 0), report.Users);
        Assert.Equal(new ImportTally(Movies + 1, 0), report.Items);
        Assert.Equal(0, report.Rejected);
        Assert.Equal(lines.Count, await f.Store.CountEventsAsync());

        var amelie = await f.Store.GetItemAsync((Movies + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Amélie (2001)", amelie!.Title);
        Assert.Equal(["Western"], amelie.CategoryPath);

        var m3 = await f.Store.GetItemAsync("3");
        Assert.Equal(["Adventure", "Animation"], m3!.CategoryPath);
        Assert.Equal("1963-01-04", m3.Attributes!["release_date"]);
        Assert.Equal(new DateTimeOffset(1963, 1, 4, 0, 0, 0, TimeSpan.Zero), m3.CreatedAt);
        Assert.Equal("http://us.imdb.com/M/title-exact?m3", m3.Attributes["imdb_url"]);
        Assert.Null((await f.Store.GetItemAsync("5"))!.CreatedAt);
        Assert.Equal("1971-02-04", (await f.Store.GetItemAsync("6"))!.Attributes!["release_date"]);

        var user = await f.Store.GetUserAsync("4");
        Assert.Equal("24", user!.Attributes!["age"]);
        Assert.Equal("F", user.Attributes["gender"]);
        Assert.Equal("10004", user.Attributes["zip"]);

        var first = lines[0].Split('\t');
        var e = (await f.Store.GetUserEventsAsync(first[0], 1000)).Single(x => x.ItemId == first[1]);
        Assert.Equal($"ml100k:{first[0]}:{first[1]}:{first[3]}:rating", e.EventId);
        Assert.Equal(EventType.Rating, e.Type);
        Assert.Equal(double.Parse(first[2], System.Globalization.CultureInfo.InvariantCulture), e.Value);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(long.Parse(first[3], System.Globalization.CultureInfo.InvariantCulture)), e.Timestamp);
    }

    [Fact]
    public async Task Importing_the_same_folder_twice_adds_nothing_the_second_time()
    {
        await using var f = await ImportFixture.CreateAsync();
        var lines = WriteFolder(f);
        await new MovieLens100KImporter().ImportAsync(f.Root, f.Store);
        var again = await new MovieLens100KImporter().ImportAsync(f.Root, f.Store);

        Assert.Equal(0, again.Accepted);
        Assert.Equal(new ImportTally(0, lines.Count), again.Events);
        Assert.Equal(new ImportTally(0, Users), again.Users);
        Assert.Equal(new ImportTally(0, Movies + 1), again.Items);
        Assert.Equal(lines.Count, await f.Store.CountEventsAsync());
    }

    [Fact]
    public async Task Three_corrupted_lines_are_named_and_the_rest_imported()
    {
        await using var f = await ImportFixture.CreateAsync();
        var lines = WriteFolder(f);
        var corrupted = lines.ToList();
        var bad = new[] { 3, lines.Count / 2, lines.Count - 1 };
        corrupted[bad[0] - 1] = "7\t12\t4";                                     // wrong field count
        corrupted[bad[1] - 1] = corrupted[bad[1] - 1].Replace("\t", "\tx", StringComparison.Ordinal); // unparsable numbers
        corrupted[bad[2] - 1] = string.Join('\t', corrupted[bad[2] - 1].Split('\t')[..3]) + "\tyesterday";
        f.Write("u.data", string.Join('\n', corrupted) + "\n");

        var report = await new MovieLens100KImporter().ImportAsync(f.Root, f.Store);

        Assert.Equal(3, report.Rejected);
        Assert.Equal(bad.Select(b => (long)b), report.Errors.Select(e => e.Line));
        Assert.All(report.Errors, e => Assert.Equal("u.data", e.File));
        Assert.Contains("fields", report.Errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("timestamp", report.Errors[2].Reason, StringComparison.Ordinal);
        Assert.Equal(lines.Count - 3, report.Events.Accepted);
        Assert.Equal(lines.Count - 3, await f.Store.CountEventsAsync());
    }

    [Fact]
    public async Task Progress_reaches_the_total_bytes_of_all_files()
    {
        await using var f = await ImportFixture.CreateAsync();
        WriteFolder(f);
        var total = new[] { "u.item", "u.user", "u.data" }.Sum(n => new FileInfo(Path.Combine(f.Root, n)).Length);
        var reports = new List<ImportProgress>();
        await new MovieLens100KImporter().ImportAsync(f.Root, f.Store, new SyncProgress<ImportProgress>(reports.Add));

        Assert.NotEmpty(reports);
        Assert.All(reports, p => Assert.Equal(total, p.BytesTotal));
        Assert.Equal(total, reports[^1].BytesDone);
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.BytesDone <= p.Second.BytesDone));
    }

    [Fact]
    public async Task A_folder_without_ratings_is_refused()
    {
        await using var f = await ImportFixture.CreateAsync();
        await Assert.ThrowsAsync<FileNotFoundException>(() => new MovieLens100KImporter().ImportAsync(f.Root, f.Store));
    }
}
