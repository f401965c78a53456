namespace Penchant.Server.Services;

/// <summary>How search results are ordered (<c>sort=</c>).</summary>
public enum SearchSort
{
    /// <summary>Best match first (the default): the words' relevance, popularity, what searchers chose and the shopper's own scores.</summary>
    Relevance,

    /// <summary>Cheapest first (<c>sort=price</c>); items without a price last.</summary>
    PriceAscending,

    /// <summary>Dearest first (<c>sort=-price</c>); items without a price last.</summary>
    PriceDescending,

    /// <summary>Newest first by <c>createdAt</c> (<c>sort=newest</c>); items without one last.</summary>
    Newest,
}

/// <summary>The wire names of <see cref="SearchSort"/>.</summary>
public static class SearchSorts
{
    /// <summary>Every accepted value, as the error message lists them.</summary>
    public const string Accepted = "relevance, price, -price or newest";

    /// <summary>Reads <c>sort=</c>; null (not given) is relevance; false for an unknown value.</summary>
    public static bool TryParse(string? text, out SearchSort sort)
    {
        sort = text?.Trim().ToLowerInvariant() switch
        {
            null or "" or "relevance" => SearchSort.Relevance,
            "price" => SearchSort.PriceAscending,
            "-price" => SearchSort.PriceDescending,
            "newest" => SearchSort.Newest,
            _ => (SearchSort)(-1),
        };
        return Enum.IsDefined(sort);
    }
}
