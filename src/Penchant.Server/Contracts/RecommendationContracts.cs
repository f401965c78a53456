namespace Penchant.Server.Contracts;

/// <summary>One recommended item with the reason it is shown.</summary>
public sealed record RecommendedItem(string Id, string Title, string? Category, string? Brand, decimal? Price, float Score, string Reason)
{
    /// <summary>Whether the exploration policy chose the item from a cluster new to the shopper.</summary>
    public bool Explore { get; init; }

    /// <summary>The explored cluster's label (explore items only).</summary>
    public string? Cluster { get; init; }

    /// <summary>The probability with which the policy chose the item (explore items only), for off-policy evaluation.</summary>
    public double? Propensity { get; init; }
}

/// <summary>Recommendations for one shopper.</summary>
/// <param name="UserId">The shopper.</param>
/// <param name="Personalized">False when the shopper had no usable history and popular items were served.</param>
/// <param name="ModelVersion">The serving model version that scored them.</param>
/// <param name="Items">Best first.</param>
public sealed record RecommendationsResponse(string UserId, bool Personalized, long ModelVersion, IReadOnlyList<RecommendedItem> Items)
{
    /// <summary>The id under which the served slate is in the impression log.</summary>
    public string? SlateId { get; init; }
}

/// <summary>What goes with a cart.</summary>
/// <param name="Cart">The cart's item ids as sent.</param>
/// <param name="ModelVersion">The serving model version that scored them.</param>
/// <param name="Items">Best first; none of them in the cart.</param>
public sealed record CartRecommendationsResponse(IReadOnlyList<string> Cart, long ModelVersion, IReadOnlyList<RecommendedItem> Items)
{
    /// <summary>Cart ids the serving model does not know (new or never trained on); they add nothing.</summary>
    public IReadOnlyList<string> UnknownItems { get; init; } = [];
}

/// <summary>Items similar to one item.</summary>
public sealed record SimilarItemsResponse(string ItemId, long ModelVersion, IReadOnlyList<RecommendedItem> Items);

/// <summary>Popular or trending items.</summary>
public sealed record ItemListResponse(string? Category, long ModelVersion, IReadOnlyList<RecommendedItem> Items);
