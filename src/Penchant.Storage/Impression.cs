namespace Penchant.Storage;

/// <summary>One item of one served recommendation slate, as logged for off-policy evaluation.</summary>
/// <param name="SlateId">The id of the response that served the item; all items of one response share it.</param>
/// <param name="UserId">The shopper as stored (the pseudonym when ingest pseudonymises).</param>
/// <param name="ItemId">The served item.</param>
/// <param name="Timestamp">When the slate was served.</param>
/// <param name="Position">The zero-based position in the slate.</param>
/// <param name="Explore">Whether the exploration policy filled the slot.</param>
/// <param name="Cluster">The label of the item's cluster, when it has one.</param>
/// <param name="Propensity">The probability with which the policy chose this item for an explore slot; 1 for exploit slots.</param>
/// <param name="ModelVersion">The serving model version that produced the slate.</param>
public sealed record Impression(
    string SlateId,
    string UserId,
    string ItemId,
    DateTimeOffset Timestamp,
    int Position,
    bool Explore,
    string? Cluster,
    double Propensity,
    long ModelVersion)
{
    /// <summary>Where the shop showed the slate (<c>home</c>, <c>product-page</c>, <c>email</c>), as the request named it; null when it named none.</summary>
    public string? Placement { get; init; }
}
