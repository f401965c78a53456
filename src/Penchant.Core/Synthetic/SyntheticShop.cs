using Penchant.Core.Data;

namespace Penchant.Core.Synthetic;

/// <summary>A leaf category of the synthetic shop, in English (the canonical path) and Chinese.</summary>
/// <param name="Path">From the root down, e.g. ["Sports", "Running", "Trail shoes"].</param>
/// <param name="PathZh">The same in Chinese, e.g. ["运动", "跑步", "越野跑鞋"].</param>
public sealed record SyntheticCategory(IReadOnlyList<string> Path, IReadOnlyList<string> PathZh)
{
    /// <summary>The path joined with " > ", as <see cref="Item.CategoryText"/> writes it.</summary>
    public string Text => string.Join(" > ", Path);

    /// <summary>The Chinese path joined with " > ".</summary>
    public string TextZh => string.Join(" > ", PathZh);
}

/// <summary>A planted category interest and the part of the span in which it drives the shopper.</summary>
/// <param name="Category">The leaf category path text ("Sports > Running > Trail shoes").</param>
/// <param name="Weight">Relative share of the shopper's interest sessions while active.</param>
/// <param name="From">When the interest starts.</param>
/// <param name="Until">When it ends (the span end for current interests).</param>
public sealed record PlantedInterest(string Category, double Weight, DateTimeOffset From, DateTimeOffset Until);

/// <summary>What the generator planted in one shopper: the answer key for profile and recommender tests.</summary>
/// <param name="UserId">The shopper.</param>
/// <param name="CurrentCategories">Leaf-category interests still active at the end of the span.</param>
/// <param name="PastCategories">Interests the shopper drifted away from part-way through.</param>
/// <param name="LikedBrands">Brands the shopper favours (present for the whole span).</param>
/// <param name="DislikedBrand">A brand the shopper rates low and dislikes, if any.</param>
/// <param name="PriceSensitivity">In [0, 1]: how strongly the shopper prefers cheaper items.</param>
/// <param name="Language">"en" or "zh": the language of the shopper's searches and reviews.</param>
/// <param name="DriftedAt">When an interest was replaced, if one was.</param>
public sealed record ShopperTruth(
    string UserId,
    IReadOnlyList<PlantedInterest> CurrentCategories,
    IReadOnlyList<PlantedInterest> PastCategories,
    IReadOnlyList<string> LikedBrands,
    string? DislikedBrand,
    double PriceSensitivity,
    string Language,
    DateTimeOffset? DriftedAt);

/// <summary>
/// A generated shop: catalogue, shoppers, their events in time order, and the planted ground truth.
/// </summary>
public sealed class SyntheticShop
{
    private readonly Dictionary<string, Item> _itemsById;

    internal SyntheticShop(
        ShopGeneratorOptions options,
        IReadOnlyList<SyntheticCategory> categories,
        IReadOnlyList<Item> items,
        IReadOnlyList<User> users,
        IReadOnlyList<Event> events,
        IReadOnlyDictionary<string, ShopperTruth> groundTruth,
        IReadOnlyDictionary<string, string>? complements = null)
    {
        Complements = complements ?? new Dictionary<string, string>(StringComparer.Ordinal);
        Options = options;
        Categories = categories;
        Items = items;
        Users = users;
        Events = events;
        GroundTruth = groundTruth;
        _itemsById = items.ToDictionary(static i => i.Id, StringComparer.Ordinal);
    }

    /// <summary>The planted bought-together pairs: each item id to its complement's (both ways), which a purchase brings along with <see cref="ShopGeneratorOptions.BundleShare"/>.</summary>
    public IReadOnlyDictionary<string, string> Complements { get; }

    /// <summary>The options the shop was generated from.</summary>
    public ShopGeneratorOptions Options { get; }

    /// <summary>The leaf categories.</summary>
    public IReadOnlyList<SyntheticCategory> Categories { get; }

    /// <summary>The catalogue.</summary>
    public IReadOnlyList<Item> Items { get; }

    /// <summary>The shoppers.</summary>
    public IReadOnlyList<User> Users { get; }

    /// <summary>All events, oldest first; ids are unique and follow this order.</summary>
    public IReadOnlyList<Event> Events { get; }

    /// <summary>Per shopper id, what was planted.</summary>
    public IReadOnlyDictionary<string, ShopperTruth> GroundTruth { get; }

    /// <summary>The start of the simulated span.</summary>
    public DateTimeOffset Start => Options.Start;

    /// <summary>The end of the simulated span; no event is later.</summary>
    public DateTimeOffset End => Options.End;

    /// <summary>The item with id <paramref name="id"/>, or null.</summary>
    public Item? FindItem(string id) => _itemsById.GetValueOrDefault(id);
}
