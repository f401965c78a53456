namespace Penchant.Core.Privacy.Audit;

/// <summary>
/// An append-only, hash-chained record of privacy-relevant actions (erasures, retention runs, exports, consent
/// changes, budget refusals). There is no update or delete. Implementations chain entries with <see cref="AuditChain"/>;
/// the in-memory one is <see cref="InMemoryAuditLog"/>, a SQLite-backed one lives in storage.
/// </summary>
public interface IAuditLog
{
    /// <summary>Appends an entry and returns it as chained. Appends are serialised: sequence numbers have no gaps.</summary>
    ValueTask<ChainedAuditEntry> AppendAsync(AuditEntry entry, CancellationToken cancellation = default);

    /// <summary>Entries in sequence order, starting at <paramref name="fromSequence"/>.</summary>
    IAsyncEnumerable<ChainedAuditEntry> ReadAsync(long fromSequence = 1, CancellationToken cancellation = default);

    /// <summary>Re-checks the whole chain from the first entry.</summary>
    ValueTask<AuditVerification> VerifyAsync(CancellationToken cancellation = default);
}
