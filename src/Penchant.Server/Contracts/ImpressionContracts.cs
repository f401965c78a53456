namespace Penchant.Server.Contracts;

/// <summary>One exported impression: a line of the JSON-lines export of <c>GET /v1/admin/impressions</c>.</summary>
/// <param name="SlateId">The response that served the item.</param>
/// <param name="UserId">The shopper's pseudonym (as stored).</param>
/// <param name="ItemId">The served item.</param>
/// <param name="Timestamp">When it was served.</param>
/// <param name="Position">Its zero-based position in the slate.</param>
/// <param name="Explore">Whether the exploration policy chose it.</param>
/// <param name="Cluster">The label of its cluster, when it has one.</param>
/// <param name="Propensity">The policy's probability of choosing it (1 for exploit slots).</param>
/// <param name="ModelVersion">The serving model version.</param>
public sealed record ImpressionDto(string SlateId, string UserId, string ItemId, DateTimeOffset Timestamp, int Position, bool Explore, string? Cluster, double Propensity, long ModelVersion)
{
    /// <summary>Where the shop showed the slate, as the request named it (<c>placement=</c>); null when it named none.</summary>
    public string? Placement { get; init; }
}
