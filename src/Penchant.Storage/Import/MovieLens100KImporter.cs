using System.Globalization;
using System.Text;
using Penchant.Core.Data;

namespace Penchant.Storage.Import;

/// <summary>
/// The original MovieLens 100K layout, given its folder: <c>u.item</c> (movies, pipe-separated, ISO-8859-1),
/// <c>u.user</c> (demographics) and <c>u.data</c> (tab-separated ratings). Files other than <c>u.data</c> are optional.
/// </summary>
/// <remarks>
/// Movies keep their genres as the category list, the release date as <see cref="Item.CreatedAt"/> and in the
/// <c>release_date</c> attribute, and the IMDb address in <c>imdb_url</c>. Users get <c>age</c>, <c>gender</c>,
/// <c>occupation</c> and <c>zip</c> attributes. Ratings become <see cref="EventType.Rating"/> events with the
/// derived id <c>ml100k:{user}:{item}:{timestamp}:rating</c>.
/// </remarks>
public sealed class MovieLens100KImporter(ImportOptions? options = null) : IImporter
{
    /// <summary>The 19 genre flags of u.item, in file order (as u.genre lists them).</summary>
    private static readonly string[] Genres =
    [
        "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy",
        "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
    ];

    public string Format => "movielens";

    public async Task<ImportReport> ImportAsync(string path, IPenchantStore store, IProgress<ImportProgress>? progress = null, CancellationToken cancellation = default)
    {
        var folder = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;
        var items = Path.Combine(folder, "u.item");
        var users = Path.Combine(folder, "u.user");
        var ratings = Path.Combine(folder, "u.data");
        if (!File.Exists(ratings))
        {
            throw new FileNotFoundException($"No u.data in {folder}: not a MovieLens 100K folder.", ratings);
        }

        var session = new ImportSession(store, options, progress, [items, users, ratings], cancellation);
        if (File.Exists(items))
        {
            await ReadItemsAsync(session, items);
        }

        if (File.Exists(users))
        {
            await ReadUsersAsync(session, users);
        }

        await ReadRatingsAsync(session, ratings);
        return await session.FinishAsync();
    }

    private static async Task ReadItemsAsync(ImportSession session, string path)
    {
        using var file = session.BeginFile(path, Encoding.Latin1);
        while (file.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                var f = line.Split('|');
                if (f.Length != 5 + Genres.Length)
                {
                    session.Reject(file, file.LineNumber, $"expected {5 + Genres.Length} '|'-separated fields, found {f.Length}");
                }
                else if (!Fields.IsDigits(f[0]))
                {
                    session.Reject(file, file.LineNumber, $"movie id '{f[0]}' is not a whole number");
                }
                else if (f[1].Length == 0)
                {
                    session.Reject(file, file.LineNumber, "missing title");
                }
                else if (ParseItem(f, out var error) is { } item)
                {
                    await session.AddAsync(item);
                }
                else
                {
                    session.Reject(file, file.LineNumber, error!);
                }
            }

            session.LineDone(file);
        }

        session.EndFile(file);
    }

    private static Item? ParseItem(string[] f, out string? error)
    {
        error = null;
        var genres = new List<string>();
        for (var g = 0; g < Genres.Length; g++)
        {
            switch (f[5 + g])
            {
                case "1":
                    genres.Add(Genres[g]);
                    break;
                case "0":
                    break;
                default:
                    error = $"genre flag {g + 1} is '{f[5 + g]}', not 0 or 1";
                    return null;
            }
        }

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        DateTimeOffset? released = null;
        if (f[2].Length > 0)
        {
            // The real file has one date with a one-digit day ("4-Feb-1971").
            if (!DateTime.TryParseExact(f[2], ["dd-MMM-yyyy", "d-MMM-yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                error = $"release date '{f[2]}' is not dd-MMM-yyyy";
                return null;
            }

            released = new DateTimeOffset(date, TimeSpan.Zero);
            attributes["release_date"] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        if (f[4].Length > 0)
        {
            attributes["imdb_url"] = f[4];
        }

        return new Item(f[0], f[1], CategoryPath: genres, Attributes: attributes, CreatedAt: released);
    }

    private static async Task ReadUsersAsync(ImportSession session, string path)
    {
        using var file = session.BeginFile(path, Encoding.Latin1);
        while (file.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                var f = line.Split('|');
                if (f.Length != 5)
                {
                    session.Reject(file, file.LineNumber, $"expected 5 '|'-separated fields, found {f.Length}");
                }
                else if (!Fields.IsDigits(f[0]))
                {
                    session.Reject(file, file.LineNumber, $"user id '{f[0]}' is not a whole number");
                }
                else if (!Fields.IsDigits(f[1]))
                {
                    session.Reject(file, file.LineNumber, $"age '{f[1]}' is not a whole number");
                }
                else
                {
                    await session.AddAsync(new User(f[0], new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["age"] = f[1],
                        ["gender"] = f[2],
                        ["occupation"] = f[3],
                        ["zip"] = f[4],
                    }));
                }
            }

            session.LineDone(file);
        }

        session.EndFile(file);
    }

    private static async Task ReadRatingsAsync(ImportSession session, string path)
    {
        using var file = session.BeginFile(path, Encoding.Latin1);
        while (file.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                var f = line.Split('\t');
                if (f.Length != 4)
                {
                    session.Reject(file, file.LineNumber, $"expected 4 tab-separated fields, found {f.Length}");
                }
                else if (!Fields.IsDigits(f[0]))
                {
                    session.Reject(file, file.LineNumber, $"user id '{f[0]}' is not a whole number");
                }
                else if (!Fields.IsDigits(f[1]))
                {
                    session.Reject(file, file.LineNumber, $"item id '{f[1]}' is not a whole number");
                }
                else if (!Fields.TryDouble(f[2], out var rating))
                {
                    session.Reject(file, file.LineNumber, $"rating '{f[2]}' is not a number");
                }
                else if (!Fields.TryUnixSeconds(f[3], out var time))
                {
                    session.Reject(file, file.LineNumber, $"timestamp '{f[3]}' is not a whole number of seconds");
                }
                else
                {
                    await session.AddAsync(new Event(
                        $"ml100k:{f[0]}:{f[1]}:{f[3]}:rating",
                        f[0],
                        f[1],
                        EventType.Rating,
                        time,
                        rating));
                }
            }

            session.LineDone(file);
        }

        session.EndFile(file);
    }
}
