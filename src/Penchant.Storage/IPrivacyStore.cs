using Penchant.Core.Privacy.Audit;
using Penchant.Core.Privacy.DifferentialPrivacy;

namespace Penchant.Storage;

/// <summary>What privacy needs from a store beyond the contract: complete erasure, the audit log and the persisted privacy budget.</summary>
public interface IPrivacyStore : IAuditLog
{
    /// <summary>Removes every stored trace of one user (events, row, surrogate key) so that no byte of the id is left.</summary>
    /// <param name="userId">The id as stored (the pseudonym).</param>
    /// <param name="cancellation">Cancels the wait for the writer.</param>
    Task<StoredUserErasure> EraseUserAsync(string userId, CancellationToken cancellation = default);

    /// <summary>Flushes the write-ahead log into the database and truncates it; false when a reader kept it busy.</summary>
    /// <param name="cancellation">Cancels the wait.</param>
    Task<bool> TruncateLogAsync(CancellationToken cancellation = default);

    /// <summary>Removes surrogate keys of users with neither events nor a user row (after retention); returns how many.</summary>
    /// <param name="cancellation">Cancels the wait for the writer.</param>
    Task<int> DeleteUnusedUserKeysAsync(CancellationToken cancellation = default);

    /// <summary>What each consumer has spent of its privacy budget.</summary>
    /// <param name="cancellation">Cancels the read.</param>
    Task<IReadOnlyDictionary<string, PrivacyCost>> LoadPrivacySpendAsync(CancellationToken cancellation = default);

    /// <summary>Records a consumer's total spending.</summary>
    /// <param name="consumer">The consumer (an API key name).</param>
    /// <param name="total">Everything it has spent so far.</param>
    /// <param name="cancellation">Cancels the wait for the writer.</param>
    Task SavePrivacySpendAsync(string consumer, PrivacyCost total, CancellationToken cancellation = default);
}
