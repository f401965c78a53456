using Penchant.Core.Data;

namespace Penchant.Server.Contracts;

/// <summary>A catalogue item on the wire. Required fields are nullable so that validation can name them.</summary>
public sealed record ItemDto(
    string? Id,
    string? Title,
    string? Description = null,
    IReadOnlyList<string>? Categories = null,
    string? Brand = null,
    decimal? Price = null,
    IReadOnlyList<string>? Tags = null,
    IReadOnlyDictionary<string, string>? Attributes = null,
    string? ImageUrl = null,
    bool? Available = null,
    DateTimeOffset? CreatedAt = null)
{
    public static ItemDto From(Item item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new ItemDto(item.Id, item.Title, item.Description, item.CategoryPath, item.Brand, item.Price, item.Tags, item.Attributes, item.ImageUrl, item.Available, item.CreatedAt);
    }

    /// <summary>The core item; call after validation.</summary>
    public Item ToItem(string? idOverride = null) => new(
        idOverride ?? Id!,
        Title!,
        Description,
        Categories,
        Brand,
        Price,
        Tags,
        Attributes,
        ImageUrl,
        Available ?? true,
        CreatedAt);
}

/// <summary>A batch of items to upsert.</summary>
public sealed record ItemBatchDto(IReadOnlyList<ItemDto?>? Items);

/// <summary>How an upsert went; <paramref name="Dropped"/> counts fields removed by data minimisation (users only).</summary>
public sealed record UpsertResult(int Written, int Unchanged, IReadOnlyDictionary<string, int>? Dropped = null);

/// <summary>A page of items; pass <see cref="Next"/> as <c>after</c> for the next page.</summary>
public sealed record ItemPage(IReadOnlyList<ItemDto> Items, string? Next);

/// <summary>What a deletion removed.</summary>
public sealed record DeleteResult(string Id, bool Deleted, int EventsDeleted = 0);
