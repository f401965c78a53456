namespace Penchant.Server.Contracts;

/// <summary>
/// A behaviour event on the wire. <see cref="Type"/> is a wire name such as <c>view</c> or <c>add_to_cart</c>;
/// <see cref="Price"/>, on a cart or purchase, is the unit price paid.
/// </summary>
public sealed record EventDto(
    string? EventId,
    string? UserId,
    string? ItemId,
    string? Type,
    DateTimeOffset? Timestamp = null,
    double? Value = null,
    string? Text = null,
    string? SessionId = null,
    decimal? Price = null);

/// <summary>A batch of events.</summary>
public sealed record EventBatchDto(IReadOnlyList<EventDto?>? Events);

/// <summary>
/// How an ingest went: events newly stored, events whose id was already stored, and events refused,
/// with the reasons for each refused one keyed like problem details (<c>events[3].type</c>); fields dropped by data
/// minimisation and personal data masked in text, counted by name.
/// </summary>
public sealed record IngestResult(
    int Accepted,
    int Duplicates,
    int Rejected,
    IReadOnlyDictionary<string, string[]>? Errors = null,
    IReadOnlyDictionary<string, int>? Dropped = null,
    IReadOnlyDictionary<string, int>? Masked = null);
