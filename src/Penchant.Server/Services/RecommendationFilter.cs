using Penchant.Core.Data;

namespace Penchant.Server.Services;

/// <summary>What a caller allows in a list of recommended items.</summary>
/// <param name="Category">A category name at any level of the item's path (case-insensitive).</param>
/// <param name="Brand">The brand (case-insensitive).</param>
/// <param name="MinPrice">Lowest price, inclusive.</param>
/// <param name="MaxPrice">Highest price, inclusive.</param>
/// <param name="InStock">Only items marked available.</param>
/// <param name="ExcludeIds">Items never to return.</param>
/// <param name="ExcludePurchased">Leave out items the shopper has bought.</param>
/// <param name="CreatedAfter">Only items added to the catalogue at or after this time (new arrivals); items without a creation time are left out.</param>
/// <param name="OnlyIds">When set, only these items (a caller's own candidates, ranked for the shopper).</param>
public sealed record RecommendationFilter(
    string? Category = null,
    string? Brand = null,
    decimal? MinPrice = null,
    decimal? MaxPrice = null,
    bool InStock = true,
    IReadOnlySet<string>? ExcludeIds = null,
    bool ExcludePurchased = true,
    DateTimeOffset? CreatedAfter = null,
    IReadOnlySet<string>? OnlyIds = null)
{
    /// <summary>No filter but the defaults.</summary>
    public static RecommendationFilter None { get; } = new();

    /// <summary>Whether <paramref name="item"/> passes every attribute filter.</summary>
    public bool Allows(Item item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (InStock && !item.Available)
        {
            return false;
        }

        if (Category is not null && !item.Categories.Contains(Category, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        if (Brand is not null && !string.Equals(item.Brand, Brand, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (MinPrice is not null || MaxPrice is not null)
        {
            if (item.Price is not { } price || price < (MinPrice ?? decimal.MinValue) || price > (MaxPrice ?? decimal.MaxValue))
            {
                return false;
            }
        }

        if (CreatedAfter is { } after && !(item.CreatedAt >= after))
        {
            return false;
        }

        if (OnlyIds is not null && !OnlyIds.Contains(item.Id))
        {
            return false;
        }

        return ExcludeIds is null || !ExcludeIds.Contains(item.Id);
    }
}
