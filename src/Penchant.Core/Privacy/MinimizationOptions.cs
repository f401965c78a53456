namespace Penchant.Core.Privacy;

/// <summary>What <see cref="FieldMinimizer"/> keeps: allow-lists, so anything not named is dropped.</summary>
/// <param name="AllowedUserAttributes">User attribute keys to keep (compared case-insensitively); every other attribute is dropped.</param>
/// <param name="AllowedEventFields">Optional event fields to keep.</param>
public sealed record MinimizationOptions(IReadOnlyCollection<string> AllowedUserAttributes, IReadOnlyCollection<EventField> AllowedEventFields)
{
    /// <summary>Coarse attributes only (age band, region, country, language); every event field.</summary>
    public static MinimizationOptions Default { get; } = new(
        ["age_band", "region", "country", "language"],
        [EventField.Value, EventField.Text, EventField.SessionId, EventField.Price]);

    /// <summary>No user attributes, no optional event fields.</summary>
    public static MinimizationOptions Strictest { get; } = new([], []);
}
