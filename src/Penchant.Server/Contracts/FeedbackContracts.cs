namespace Penchant.Server.Contracts;

/// <summary>A shopper's reaction to a recommended item.</summary>
/// <param name="ItemId">The item's id.</param>
/// <param name="Reaction">like, dislike or hide.</param>
public sealed record FeedbackDto(string? ItemId, string? Reaction);
