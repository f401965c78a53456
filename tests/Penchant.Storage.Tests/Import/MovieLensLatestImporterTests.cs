using Penchant.Core.Data;
using Penchant.Storage.Import;

namespace Penchant.Storage.Tests.Import;

public sealed class MovieLensLatestImporterTests
{
    private static void WriteFolder(ImportFixture f)
    {
        f.Write("movies.csv", """
            movieId,title,genres
            1,Toy Story (1995),Adventure|Animation|Children
            11,"American President, The (1995)",Comedy|Drama|Romance
            20,"Quote ""inside"" (2000)",(no genres listed)
            """ + "\n");
        f.Write("tags.csv", """
            userId,movieId,tag,timestamp
            15,1,pixar,1138537770
            16,1,Pixar,1138537771
            15,11,politics,1193435061
            """ + "\n");
        f.Write("ratings.csv", """
            userId,movieId,rating,timestamp
            1,1,2.5,1260759144
            1,11,3.0,1260759179
            2,20,4.5,1260759185
            """ + "\n");
    }

    [Fact]
    public async Task Imports_movies_with_genres_and_tags_and_ratings_with_half_stars()
    {
        await using var f = await ImportFixture.CreateAsync();
        WriteFolder(f);
        var report = await new MovieLensLatestImporter().ImportAsync(f.Root, f.Store);

        Assert.Equal(0, report.Rejected);
        Assert.Equal(new ImportTally(3, 0), report.Items);
        Assert.Equal(new ImportTally(3, 0), report.Events);
        var toy = await f.Store.GetItemAsync("1");
        Assert.Equal(["Adventure", "Animation", "Children"], toy!.CategoryPath);
        Assert.Equal(["pixar"], toy.Tags);
        Assert.Equal("American President, The (1995)", (await f.Store.GetItemAsync("11"))!.Title);
        var quoted = await f.Store.GetItemAsync("20");
        Assert.Equal("Quote \"inside\" (2000)", quoted!.Title);
        Assert.Empty(quoted.CategoryPath!);
        Assert.Null(quoted.Tags);
        var rating = Assert.Single(await f.Store.GetUserEventsAsync("2", 10));
        Assert.Equal(new Event("ml-latest:2:20:1260759185:rating", "2", "20", EventType.Rating, DateTimeOffset.FromUnixTimeSeconds(1260759185), 4.5), rating);

        var again = await new MovieLensLatestImporter().ImportAsync(f.Root, f.Store);
        Assert.Equal(0, again.Accepted);
        Assert.Equal(6, again.Duplicates);
    }

    [Fact]
    public async Task Bad_rows_and_a_bad_header_are_reported()
    {
        await using var f = await ImportFixture.CreateAsync();
        WriteFolder(f);
        f.Write("movies.csv", "id,name\n1,Toy Story\n");
        f.Write("ratings.csv", "userId,movieId,rating,timestamp\n1,1,2.5,1260759144\n1,1,good,1260759145\n1,\"2,5\n");
        var report = await new MovieLensLatestImporter().ImportAsync(f.Root, f.Store);

        Assert.Equal(["movies.csv:1", "ratings.csv:3", "ratings.csv:4"], report.Errors.Select(e => $"{e.File}:{e.Line}"));
        Assert.Contains("genres", report.Errors[0].Reason, StringComparison.Ordinal);
        Assert.Equal(1, report.Events.Accepted);
        Assert.Equal(0, report.Items.Accepted);
    }
}
