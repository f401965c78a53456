using Penchant.Core.Data;
using Penchant.Core.Merchandising;

namespace Penchant.Server.Services;

/// <summary>What a caller allows in a list of recommended items.</summary>
/// <param name="Category">A category name at any level of the item's path (case-insensitive).</param>
/// <param name="Brand">The brand (case-insensitive).</param>
/// <param name="MinPrice">Lowest price, inclusive.</param>
/// <param name="MaxPrice">Highest price, inclusive.</param>
/// <param name="InStock">Only items marked available.</param>
/// <param name="ExcludeIds">Items never to return.</param>
/// <param name="ExcludePurchased">Leave out items the shopper has: bought, rated or reviewed.</param>
/// <param name="CreatedAfter">Only items added to the catalogue at or after this time (new arrivals); items without a creation time are left out.</param>
/// <param name="OnlyIds">When set, only these items (a caller's own candidates, ranked for the shopper).</param>
/// <param name="MaxPerBrand">At most this many items of one brand in the list (items without a brand are not counted).</param>
/// <param name="MaxPerCategory">At most this many items of one leaf category in the list (items without one are not counted).</param>
public sealed record RecommendationFilter(
    string? Category = null,
    string? Brand = null,
    decimal? MinPrice = null,
    decimal? MaxPrice = null,
    bool InStock = true,
    IReadOnlySet<string>? ExcludeIds = null,
    bool ExcludePurchased = true,
    DateTimeOffset? CreatedAfter = null,
    IReadOnlySet<string>? OnlyIds = null,
    int? MaxPerBrand = null,
    int? MaxPerCategory = null)
{
    /// <summary>Merchandising boosts for this request (<see cref="ScoreBoost"/>), applied in the order given; none by default.</summary>
    public IReadOnlyList<ScoreBoost> Boosts { get; init; } = [];

    /// <summary>What the boosts add up to for <paramref name="item"/> (0 when none matches).</summary>
    public float BoostOf(Item item) => ScoreBoost.Total(Boosts, item);

    /// <summary>Where the shop shows the list (<c>home</c>, <c>product-page</c>, <c>email</c>): logged with the slate, so the online report can tell placements apart.</summary>
    public string? Placement { get; init; }

    /// <summary>Whether the active stored campaigns (<see cref="CampaignBook"/>) apply too; on by default.</summary>
    public bool Campaigns { get; init; } = true;

    /// <summary>Whether the list is capped per brand or per category (<see cref="ListCaps"/>).</summary>
    public bool Capped => MaxPerBrand is not null || MaxPerCategory is not null;

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

/// <summary>
/// The per-list caps of a <see cref="RecommendationFilter"/> as a list is filled: <see cref="TryTake"/> says whether one
/// more item fits and counts it when it does. Items are offered best first, so the best of each brand and category stay.
/// </summary>
public sealed class ListCaps(RecommendationFilter filter)
{
    private readonly Dictionary<string, int> _brands = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _categories = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Takes <paramref name="item"/> when neither its brand nor its leaf category is full; false, counting nothing, otherwise.</summary>
    public bool TryTake(Item item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var brand = filter.MaxPerBrand is { } maxBrand && item.Brand is { } b ? b : null;
        var category = filter.MaxPerCategory is { } maxCategory && item.LeafCategory is { } c ? c : null;
        if ((brand is not null && _brands.GetValueOrDefault(brand) >= filter.MaxPerBrand) || (category is not null && _categories.GetValueOrDefault(category) >= filter.MaxPerCategory))
        {
            return false;
        }

        if (brand is not null)
        {
            _brands[brand] = _brands.GetValueOrDefault(brand) + 1;
        }

        if (category is not null)
        {
            _categories[category] = _categories.GetValueOrDefault(category) + 1;
        }

        return true;
    }
}
