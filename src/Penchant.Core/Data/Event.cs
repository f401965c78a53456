namespace Penchant.Core.Data;

/// <summary>One thing a shopper did.</summary>
/// <param name="EventId">Unique id; posting the same id twice stores it once.</param>
/// <param name="UserId">The shop's user id.</param>
/// <param name="ItemId">The item concerned; null for a search.</param>
/// <param name="Type">What happened.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="Value">Rating (1-5) or quantity, depending on <paramref name="Type"/>.</param>
/// <param name="Text">Review text or search query.</param>
/// <param name="SessionId">The shop's session id, when known.</param>
/// <param name="Price">
/// For a cart or purchase, the unit price the shopper paid (the catalogue's currency), when the shop sends it; a
/// purchase's revenue is this times the quantity, and the catalogue price only where it is missing.
/// </param>
public sealed record Event(
    string EventId,
    string UserId,
    string? ItemId,
    EventType Type,
    DateTimeOffset Timestamp,
    double? Value = null,
    string? Text = null,
    string? SessionId = null,
    decimal? Price = null);
