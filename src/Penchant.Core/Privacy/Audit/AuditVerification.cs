namespace Penchant.Core.Privacy.Audit;

/// <summary>The result of checking an audit chain.</summary>
/// <param name="IsValid">Whether every entry's hash and link checked out.</param>
/// <param name="EntriesChecked">How many entries were read.</param>
/// <param name="FirstInvalidSequence">The first entry at fault, when invalid.</param>
/// <param name="Problem">What was wrong, when invalid.</param>
public sealed record AuditVerification(bool IsValid, long EntriesChecked, long? FirstInvalidSequence = null, string? Problem = null);
