namespace Penchant.Core.Data;

/// <summary>What a shopper did. The wire names (<see cref="EventTypes.WireName"/>) are snake_case.</summary>
public enum EventType
{
    View,
    Click,
    Search,
    AddToCart,
    RemoveFromCart,
    Purchase,
    Rating,
    Review,
    Like,
    Dislike,
    Impression,
}

/// <summary>Conversions between <see cref="EventType"/> and its wire name.</summary>
public static class EventTypes
{
    private static readonly string[] Names =
    [
        "view", "click", "search", "add_to_cart", "remove_from_cart", "purchase",
        "rating", "review", "like", "dislike", "impression",
    ];

    /// <summary>Every event type in declaration order.</summary>
    public static IReadOnlyList<EventType> All { get; } = Enum.GetValues<EventType>();

    /// <summary>The snake_case name used in files, the database and HTTP.</summary>
    public static string WireName(this EventType type) => Names[(int)type];

    /// <summary>Parses a wire name (case-insensitive; "cart" and "addtocart" are accepted for add_to_cart).</summary>
    public static bool TryParse(string? text, out EventType type)
    {
        type = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var key = text.Trim().ToLowerInvariant().Replace("-", "_", StringComparison.Ordinal);
        for (var i = 0; i < Names.Length; i++)
        {
            if (Names[i] == key || Names[i].Replace("_", "", StringComparison.Ordinal) == key)
            {
                type = (EventType)i;
                return true;
            }
        }

        switch (key)
        {
            case "cart":
                type = EventType.AddToCart;
                return true;
            case "buy":
            case "order":
                type = EventType.Purchase;
                return true;
            default:
                return false;
        }
    }
}
