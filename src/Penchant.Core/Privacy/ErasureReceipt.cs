namespace Penchant.Core.Privacy;

/// <summary>
/// What an erasure request removed, returned to the shop and written to the audit log. It names the user only by
/// pseudonym, so keeping the receipt does not keep the personal data it reports on.
/// </summary>
/// <param name="UserPseudonym">The erased user's pseudonym (<see cref="Pseudonymizer"/>); a raw id is refused.</param>
/// <param name="RequestedAt">When the request arrived.</param>
/// <param name="CompletedAt">When the removal finished.</param>
/// <param name="EventsRemoved">Behaviour events deleted.</param>
/// <param name="UserRecordRemoved">Whether the user row (attributes, consent) existed and was deleted.</param>
/// <param name="ProfileRemoved">Whether an interest profile existed and was deleted.</param>
/// <param name="CacheEntriesRemoved">Cached recommendation lists and similar entries evicted.</param>
/// <param name="ModelStatesRemoved">Per-user model state (factor rows, sequence state) deleted from live models.</param>
/// <param name="RetrainScheduledAt">
/// When models trained on the user's data will be retrained without it; null when no model depended on the user.
/// </param>
public sealed record ErasureReceipt(
    string UserPseudonym,
    DateTimeOffset RequestedAt,
    DateTimeOffset CompletedAt,
    int EventsRemoved,
    bool UserRecordRemoved,
    bool ProfileRemoved,
    int CacheEntriesRemoved,
    int ModelStatesRemoved,
    DateTimeOffset? RetrainScheduledAt)
{
    public string UserPseudonym { get; init; } = Pseudonymizer.IsPseudonym(UserPseudonym)
        ? UserPseudonym
        : throw new ArgumentException("An erasure receipt names the user by pseudonym only.", nameof(UserPseudonym));

    /// <summary>Whether anything at all was found and removed.</summary>
    public bool RemovedAnything =>
        EventsRemoved > 0 || UserRecordRemoved || ProfileRemoved || CacheEntriesRemoved > 0 || ModelStatesRemoved > 0;

    /// <summary>Details for an <see cref="Audit.AuditEntry"/>: counts only, never content.</summary>
    public IReadOnlyDictionary<string, string> ToAuditDetails() => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["events_removed"] = EventsRemoved.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["user_record_removed"] = UserRecordRemoved ? "true" : "false",
        ["profile_removed"] = ProfileRemoved ? "true" : "false",
        ["cache_entries_removed"] = CacheEntriesRemoved.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["model_states_removed"] = ModelStatesRemoved.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["retrain_scheduled_at"] = RetrainScheduledAt?.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
