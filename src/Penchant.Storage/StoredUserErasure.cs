namespace Penchant.Storage;

/// <summary>What <see cref="IPrivacyStore.EraseUserAsync"/> removed.</summary>
/// <param name="EventsRemoved">Events of the user deleted.</param>
/// <param name="UserRecordRemoved">Whether the user row (attributes, consent) existed.</param>
/// <param name="KeyRemoved">Whether the user's surrogate key (the only other place the id is written) existed.</param>
/// <param name="LogTruncated">Whether the write-ahead log was checkpointed and truncated to zero bytes afterwards.</param>
/// <param name="ImpressionsRemoved">Logged impressions (served recommendations) of the user deleted.</param>
public sealed record StoredUserErasure(int EventsRemoved, bool UserRecordRemoved, bool KeyRemoved, bool LogTruncated, int ImpressionsRemoved = 0);
