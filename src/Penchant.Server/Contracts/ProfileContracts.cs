namespace Penchant.Server.Contracts;

/// <summary>A weighted interest; weights of one list sum to 1.</summary>
public sealed record InterestWeight(string Name, double Weight);

/// <summary>What a shopper is interested in.</summary>
public sealed record InterestProfileDto(
    string UserId,
    int EventCount,
    IReadOnlyList<InterestWeight> Categories,
    IReadOnlyList<InterestWeight> Brands,
    DateTimeOffset ComputedAt);
