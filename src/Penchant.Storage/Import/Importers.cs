namespace Penchant.Storage.Import;

/// <summary>The importers by format name, as typed on the command line.</summary>
public static class Importers
{
    /// <summary>Every format name.</summary>
    public static IReadOnlyList<string> Formats { get; } =
    [
        "movielens", "movielens-latest", "amazon",
        "items-csv", "items-jsonl", "events-csv", "events-jsonl", "users-csv", "users-jsonl",
    ];

    /// <summary>The importer for <paramref name="format"/>; throws for an unknown name.</summary>
    public static IImporter Create(string format, ImportOptions? options = null) => format switch
    {
        "movielens" => new MovieLens100KImporter(options),
        "movielens-latest" => new MovieLensLatestImporter(options),
        "amazon" => new AmazonReviewsImporter(options),
        "items-csv" => new PenchantCsvImporter(PenchantRecordKind.Items, options),
        "items-jsonl" => new PenchantJsonLinesImporter(PenchantRecordKind.Items, options),
        "events-csv" => new PenchantCsvImporter(PenchantRecordKind.Events, options),
        "events-jsonl" => new PenchantJsonLinesImporter(PenchantRecordKind.Events, options),
        "users-csv" => new PenchantCsvImporter(PenchantRecordKind.Users, options),
        "users-jsonl" => new PenchantJsonLinesImporter(PenchantRecordKind.Users, options),
        _ => throw new ArgumentException($"Unknown import format '{format}'. Known: {string.Join(", ", Formats)}.", nameof(format)),
    };
}
