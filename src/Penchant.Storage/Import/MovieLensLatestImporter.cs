using System.Text;
using Penchant.Core.Data;

namespace Penchant.Storage.Import;

/// <summary>
/// The MovieLens "latest" CSV layout, given its folder: <c>movies.csv</c> (movieId,title,genres),
/// <c>tags.csv</c> (userId,movieId,tag,timestamp) and <c>ratings.csv</c> (userId,movieId,rating,timestamp).
/// Only <c>ratings.csv</c> is required.
/// </summary>
/// <remarks>
/// Genres (split on '|', "(no genres listed)" dropped) become the category list; the distinct tags of a movie become
/// its tags (tags are gathered per movie before the movies are written, so their memory grows with the distinct
/// tags, not the file). Tags are not imported as events: Penchant has no tag event type. Ratings become
/// <see cref="EventType.Rating"/> events with the derived id <c>ml-latest:{user}:{item}:{timestamp}:rating</c>.
/// </remarks>
public sealed class MovieLensLatestImporter(ImportOptions? options = null) : IImporter
{
    public string Format => "movielens-latest";

    public async Task<ImportReport> ImportAsync(string path, IPenchantStore store, IProgress<ImportProgress>? progress = null, CancellationToken cancellation = default)
    {
        var folder = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;
        var movies = Path.Combine(folder, "movies.csv");
        var tags = Path.Combine(folder, "tags.csv");
        var ratings = Path.Combine(folder, "ratings.csv");
        if (!File.Exists(ratings))
        {
            throw new FileNotFoundException($"No ratings.csv in {folder}: not a MovieLens latest folder.", ratings);
        }

        var session = new ImportSession(store, options, progress, [tags, movies, ratings], cancellation);
        var tagsByMovie = File.Exists(tags) ? ReadTags(session, tags) : [];
        if (File.Exists(movies))
        {
            await ReadMoviesAsync(session, movies, tagsByMovie);
        }

        await ReadRatingsAsync(session, ratings);
        return await session.FinishAsync();
    }

    private static Dictionary<string, List<string>> ReadTags(ImportSession session, string path)
    {
        var tags = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        using var file = session.BeginFile(path, Encoding.UTF8);
        var table = CsvTable.Open(session, file, "movieId", "tag");
        while (table is not null && table.Next(out var error))
        {
            if (table.IsBlank)
            {
                session.LineDone(file);
                continue;
            }

            if (error is not null)
            {
                session.Reject(file, table.Line, error);
            }
            else if (table["movieId"] is not { } movie || !Fields.IsDigits(movie))
            {
                session.Reject(file, table.Line, $"movieId '{table["movieId"]}' is not a whole number");
            }
            else if (table["tag"]?.Trim() is not { Length: > 0 } tag)
            {
                session.Reject(file, table.Line, "missing tag");
            }
            else
            {
                if (!tags.TryGetValue(movie, out var list))
                {
                    tags[movie] = list = [];
                }

                if (!list.Contains(tag, StringComparer.OrdinalIgnoreCase))
                {
                    list.Add(tag);
                }
            }

            session.LineDone(file);
        }

        session.EndFile(file);
        return tags;
    }

    private static async Task ReadMoviesAsync(ImportSession session, string path, Dictionary<string, List<string>> tags)
    {
        using var file = session.BeginFile(path, Encoding.UTF8);
        var table = CsvTable.Open(session, file, "movieId", "title", "genres");
        while (table is not null && table.Next(out var error))
        {
            if (table.IsBlank)
            {
                session.LineDone(file);
                continue;
            }

            if (error is not null)
            {
                session.Reject(file, table.Line, error);
            }
            else if (table["movieId"] is not { } movie || !Fields.IsDigits(movie))
            {
                session.Reject(file, table.Line, $"movieId '{table["movieId"]}' is not a whole number");
            }
            else if (table["title"] is not { } title)
            {
                session.Reject(file, table.Line, "missing title");
            }
            else
            {
                var genres = (table["genres"] ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Where(static g => g != "(no genres listed)")
                    .ToArray();
                await session.AddAsync(new Item(movie, title, CategoryPath: genres, Tags: tags.TryGetValue(movie, out var t) ? t : null));
            }

            session.LineDone(file);
        }

        session.EndFile(file);
    }

    private static async Task ReadRatingsAsync(ImportSession session, string path)
    {
        using var file = session.BeginFile(path, Encoding.UTF8);
        var table = CsvTable.Open(session, file, "userId", "movieId", "rating", "timestamp");
        while (table is not null && table.Next(out var error))
        {
            if (table.IsBlank)
            {
                session.LineDone(file);
                continue;
            }

            if (error is not null)
            {
                session.Reject(file, table.Line, error);
            }
            else if (table["userId"] is not { } user || !Fields.IsDigits(user))
            {
                session.Reject(file, table.Line, $"userId '{table["userId"]}' is not a whole number");
            }
            else if (table["movieId"] is not { } movie || !Fields.IsDigits(movie))
            {
                session.Reject(file, table.Line, $"movieId '{table["movieId"]}' is not a whole number");
            }
            else if (!Fields.TryDouble(table["rating"], out var rating))
            {
                session.Reject(file, table.Line, $"rating '{table["rating"]}' is not a number");
            }
            else if (!Fields.TryUnixSeconds(table["timestamp"], out var time))
            {
                session.Reject(file, table.Line, $"timestamp '{table["timestamp"]}' is not a whole number of seconds");
            }
            else
            {
                await session.AddAsync(new Event($"ml-latest:{user}:{movie}:{table["timestamp"]}:rating", user, movie, EventType.Rating, time, rating));
            }

            session.LineDone(file);
        }

        session.EndFile(file);
    }
}
