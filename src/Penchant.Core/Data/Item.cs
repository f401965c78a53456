namespace Penchant.Core.Data;

/// <summary>A catalogue item as the shop describes it.</summary>
/// <param name="Id">The shop's own item id.</param>
/// <param name="Title">Display title (English or Chinese).</param>
/// <param name="Description">Free text description.</param>
/// <param name="CategoryPath">Category from the root down, e.g. ["Sports", "Running", "Trail shoes"].</param>
/// <param name="Brand">Brand name.</param>
/// <param name="Price">Price in the shop's currency.</param>
/// <param name="Tags">Free tags.</param>
/// <param name="Attributes">Free key/value attributes.</param>
/// <param name="ImageUrl">Image address.</param>
/// <param name="Available">Whether the item is in stock and may be recommended.</param>
/// <param name="CreatedAt">When the item was added to the catalogue.</param>
public sealed record Item(
    string Id,
    string Title,
    string? Description = null,
    IReadOnlyList<string>? CategoryPath = null,
    string? Brand = null,
    decimal? Price = null,
    IReadOnlyList<string>? Tags = null,
    IReadOnlyDictionary<string, string>? Attributes = null,
    string? ImageUrl = null,
    bool Available = true,
    DateTimeOffset? CreatedAt = null)
{
    /// <summary>The category path, never null.</summary>
    public IReadOnlyList<string> Categories => CategoryPath ?? [];

    /// <summary>The tags, never null.</summary>
    public IReadOnlyList<string> TagList => Tags ?? [];

    /// <summary>The leaf category, or null when the item has none.</summary>
    public string? LeafCategory => CategoryPath is { Count: > 0 } path ? path[^1] : null;

    /// <summary>The category path joined with " > ".</summary>
    public string CategoryText => string.Join(" > ", Categories);
}
