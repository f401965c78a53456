namespace Penchant.Storage.Datasets;

/// <summary>The evaluation data set formats <see cref="DatasetReader"/> reads.</summary>
public enum DatasetFormat
{
    /// <summary>MovieLens u.data / u1.base style: <c>user \t item \t rating \t timestamp</c> (or "::" separated, as ML-1M).</summary>
    MovieLens,

    /// <summary>MovieLens latest ratings.csv: header <c>userId,movieId,rating,timestamp</c>.</summary>
    MovieLensCsv,

    /// <summary>S3-Rec sequence file (Amazon Beauty): <c>user item1 item2 ...</c> oldest first; the position is the time.</summary>
    Sequences,

    /// <summary>Amazon 2014 reviews, JSON Lines with reviewerID, asin, overall, unixReviewTime.</summary>
    AmazonReviews,

    /// <summary>Penchant events CSV: <c>event_id,user_id,item_id,type,timestamp,value</c>.</summary>
    PenchantEvents,

    /// <summary>Market baskets, one per line, items comma-separated (arules' Groceries CSV); the line is the basket.</summary>
    Baskets,
}
