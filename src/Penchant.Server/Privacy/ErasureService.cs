using System.Security.Cryptography;
using Penchant.Core.Privacy;
using Penchant.Core.Privacy.Audit;
using Penchant.Server.Contracts;
using Penchant.Server.Services;
using Penchant.Storage;

namespace Penchant.Server.Privacy;

/// <summary>
/// Forgets a shopper at once: their events, user row and surrogate key leave the store (with the write-ahead log
/// flushed and truncated, so no copy is left on disk), their per-user state leaves the serving model, the saved
/// snapshot file is deleted (<see cref="SavedSnapshot"/>), and a retrain
/// is scheduled that removes their share of item-to-item statistics and of every other user's neighbourhood. The
/// answer is an <see cref="ErasureReceipt"/>; the audit log records the receipt's counts under a random receipt id.
/// </summary>
/// <remarks>
/// Interest profiles and recommendation lists are computed from the stored events on request and never cached,
/// so removing the events removes them. The shopper's in-memory likes, dislikes and hides are dropped too (counted
/// as cache entries in the receipt). The audit entry names neither the id nor the pseudonym, since the point of
/// erasure is that the database no longer holds either.
/// </remarks>
public sealed partial class ErasureService(
    IPrivacyStore store,
    IngestPrivacy privacy,
    ServingModel serving,
    SavedSnapshot saved,
    TrainingService training,
    FeedbackService feedback,
    ExplorationService exploration,
    FeedPages pages,
    ImpressionWriter impressions,
    TimeProvider time,
    ILogger<ErasureService> logger)
{
    /// <summary>Erases the shopper known to the shop as <paramref name="userId"/>.</summary>
    /// <param name="userId">The shop's own (raw) user id.</param>
    /// <param name="actor">Who asked: an API key name or "cli".</param>
    /// <param name="cancellation">Cancels the store work.</param>
    public async Task<ErasureResponse> EraseAsync(string userId, string actor, CancellationToken cancellation)
    {
        var requested = time.GetUtcNow();
        var pseudonym = privacy.UserKey(userId);
        // Slates still queued for the impression log are written first, so that erasure deletes them too.
        await impressions.FlushAsync(cancellation);
        var stored = await store.EraseUserAsync(pseudonym, cancellation);
        var modelStates = serving.ForgetUser(pseudonym, time.GetUtcNow()) ? 1 : 0;

        // The saved snapshot holds every trained shopper's history; the next training run without them writes a new one.
        var snapshotDeleted = await saved.DeleteAsync(cancellation);
        var cacheEntries = (feedback.Forget(pseudonym) ? 1 : 0) + (exploration.Forget(pseudonym) ? 1 : 0) + (pages.Forget(pseudonym) ? 1 : 0);
        DateTimeOffset? retrainAt = null;
        if (modelStates > 0 || stored.EventsRemoved > 0)
        {
            _ = training.RequestAsync(urgent: true);
            retrainAt = time.GetUtcNow();
        }

        var receipt = new ErasureReceipt(
            pseudonym,
            requested,
            time.GetUtcNow(),
            stored.EventsRemoved,
            stored.UserRecordRemoved,
            ProfileRemoved: stored.EventsRemoved > 0,
            CacheEntriesRemoved: cacheEntries,
            modelStates,
            retrainAt);
        var receiptId = "er_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var details = new Dictionary<string, string>(receipt.ToAuditDetails(), StringComparer.Ordinal)
        {
            ["receipt_id"] = receiptId,
            ["storage_compacted"] = stored.LogTruncated ? "true" : "false",
            ["snapshot_deleted"] = snapshotDeleted ? "true" : "false",
            ["impressions_removed"] = stored.ImpressionsRemoved.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        await store.AppendAsync(new AuditEntry(actor, "user.erase", "user", receipt.CompletedAt, details), cancellation);
        LogErased(logger, receiptId, stored.EventsRemoved, modelStates);
        return new ErasureResponse(receiptId, receipt, stored.LogTruncated);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Erasure {ReceiptId}: {Events} events and {ModelStates} serving states removed")]
    private static partial void LogErased(ILogger logger, string receiptId, int events, int modelStates);
}
