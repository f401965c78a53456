using Microsoft.Extensions.Options;
using Penchant.Core.Privacy;
using Penchant.Core.Privacy.Audit;
using Penchant.Server.Contracts;
using Penchant.Server.Options;
using Penchant.Server.Services;
using Penchant.Storage;

namespace Penchant.Server.Privacy;

/// <summary>
/// Purges events older than <see cref="PrivacyOptions.RetentionMaxAge"/> on the schedule of
/// <see cref="PrivacyOptions.RetentionInterval"/>, then the surrogate keys of shoppers left with nothing stored, and
/// records each run in the audit log. <see cref="PurgeAsync"/> runs one purge at a given instant (tests, the admin endpoint).
/// </summary>
public sealed partial class RetentionService(
    IPenchantStore events,
    IPrivacyStore store,
    IOptions<PrivacyOptions> options,
    SavedSnapshot saved,
    TimeProvider time,
    ILogger<RetentionService> logger) : BackgroundService
{
    /// <summary>Deletes what is past retention at <paramref name="now"/>; nothing when retention is off.</summary>
    /// <param name="now">The instant the cutoff is computed from.</param>
    /// <param name="actor">Who runs it, for the audit log.</param>
    /// <param name="cancellation">Cancels the store work.</param>
    public async Task<RetentionRunResult> PurgeAsync(DateTimeOffset now, string actor, CancellationToken cancellation)
    {
        var maxAge = options.Value.RetentionMaxAge;
        if (maxAge <= TimeSpan.Zero)
        {
            return new RetentionRunResult(DateTimeOffset.MinValue, 0, 0);
        }

        var cutoff = new RetentionPolicy(maxAge).CutoffFrom(now);
        var deleted = await events.DeleteEventsBeforeAsync(cutoff, cancellation);
        var keys = await store.DeleteUnusedUserKeysAsync(cancellation);
        if (deleted > 0 || keys > 0)
        {
            await store.TruncateLogAsync(cancellation);

            // The saved snapshot holds the purged histories: it goes too, and the next training run writes a new one.
            await saved.DeleteAsync(cancellation);
        }

        await store.AppendAsync(
            new AuditEntry(actor, "events.retention", "events", time.GetUtcNow(), new Dictionary<string, string>
            {
                ["cutoff"] = cutoff.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["events_deleted"] = deleted.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["user_keys_deleted"] = keys.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }),
            cancellation);
        LogPurged(logger, deleted, cutoff);
        return new RetentionRunResult(cutoff, deleted, keys);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.RetentionInterval;
        if (interval <= TimeSpan.Zero || options.Value.RetentionMaxAge <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await PurgeAsync(time.GetUtcNow(), "retention-job", stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: {Events} events before {Cutoff:O} deleted")]
    private static partial void LogPurged(ILogger logger, int events, DateTimeOffset cutoff);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention run failed; the next run tries again")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
