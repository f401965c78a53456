using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Penchant.Server.Options;
using Penchant.Storage;

namespace Penchant.Server.Services;

/// <summary>
/// Retrains in the background: at start, then on the configured interval and whenever asked
/// (<see cref="RequestAsync"/>). Each run builds a new snapshot aside, swaps it in and saves it
/// (<see cref="SavedSnapshot"/>); a failed run keeps the old one serving. At start, a saved snapshot serves until the
/// first run ends; when the store and the training settings are as it was trained at, it stays and that run is left out.
/// </summary>
public sealed partial class TrainingService(
    ModelTrainer trainer,
    ServingModel serving,
    SavedSnapshot saved,
    IPenchantStore store,
    ServerMetrics metrics,
    IOptions<PenchantServerOptions> options,
    IOptions<ExplorationServerOptions> exploration,
    ILogger<TrainingService> logger) : BackgroundService
{
    private readonly Channel<(TaskCompletionSource<ServingSnapshot> Done, bool Urgent)> _requests =
        Channel.CreateUnbounded<(TaskCompletionSource<ServingSnapshot>, bool)>(new UnboundedChannelOptions { SingleReader = true });

    private volatile bool _training;
    private volatile bool _waitingForLease;
    private volatile string? _lastError;

    private long _skipped;
    private long _adopted;
    private long _watchedDeletions = -1;

    /// <summary>Whether a run is in progress.</summary>
    public bool IsTraining => _training;

    /// <summary>Whether a run waits for the training lease another process holds.</summary>
    public bool WaitingForLease => _waitingForLease;

    /// <summary>The error of the last run when it failed.</summary>
    public string? LastError => _lastError;

    /// <summary>Scheduled runs left out since start because nothing they read had changed.</summary>
    public long SkippedRuns => Interlocked.Read(ref _skipped);

    /// <summary>
    /// Scheduled runs since start that served, instead of training, the snapshot another process had saved at the
    /// store's present revision under the same settings (a second server over the same database, or <c>penchant train</c>).
    /// </summary>
    public long AdoptedRuns => Interlocked.Read(ref _adopted);

    /// <summary>
    /// Asks for a run; the task completes with the snapshot that run swapped in (or the one still serving when it failed).
    /// The run always trains (it is not left out, nor served from another's snapshot); over a store that servers share it
    /// first waits for the training lease, so that two servers do not train at once, unless <paramref name="urgent"/>
    /// (an erasure: the erased shopper must leave this server's memory without waiting for another server's run).
    /// </summary>
    public Task<ServingSnapshot> RequestAsync(bool urgent = false)
    {
        var done = new TaskCompletionSource<ServingSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests.Writer.TryWrite((done, urgent));
        return done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (!serving.IsReady && await LoadSavedAsync(stoppingToken) is { } restored)
        {
            serving.Swap(restored);
        }

        await ScheduledRunAsync(atStart: true, stoppingToken);

        var interval = options.Value.TrainingInterval;
        var watch = options.Value.ErasureWatch;
        var due = Due(interval);
        while (!stoppingToken.IsCancellationRequested)
        {
            // Sleep until the next scheduled run or the next look for erasures by other processes, or until asked.
            // (At most a day at a time: a timer takes no longer, and the loop sleeps again.)
            TimeSpan? sleep = interval > TimeSpan.Zero ? Clamp(due - DateTime.UtcNow) : null;
            if (watch > TimeSpan.Zero && (sleep is null || watch < sleep))
            {
                sleep = Clamp(watch);
            }

            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                if (sleep is { } period)
                {
                    wait.CancelAfter(period);
                }

                try
                {
                    await _requests.Reader.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // Time for a scheduled run, or a look for erasures.
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            var waiters = new List<TaskCompletionSource<ServingSnapshot>>();
            var urgent = false;
            while (_requests.Reader.TryRead(out var request))
            {
                waiters.Add(request.Done);
                urgent |= request.Urgent;
            }

            if (waiters.Count == 0)
            {
                if ((interval <= TimeSpan.Zero || DateTime.UtcNow < due) && !await ErasedElsewhereAsync(stoppingToken))
                {
                    continue;
                }

                await ScheduledRunAsync(atStart: false, stoppingToken);
                due = Due(interval);
                continue;
            }

            // Runs asked for always train: they are not left out, and not served from another's snapshot. They wait for the
            // lease, unless one of them is an erasure's.
            ServingSnapshot snapshot;
            await using (urgent ? null : await LeaseAsync(stoppingToken))
            {
                snapshot = await TrainOnceAsync(stoppingToken);
            }

            due = Due(interval);
            foreach (var waiter in waiters)
            {
                waiter.TrySetResult(snapshot);
            }
        }

        while (_requests.Reader.TryRead(out var request))
        {
            request.Done.TrySetCanceled(stoppingToken);
        }
    }

    // When the next scheduled run is due (never, for an interval beyond the calendar).
    private static DateTime Due(TimeSpan interval) =>
        interval > TimeSpan.Zero && interval < DateTime.MaxValue - DateTime.UtcNow ? DateTime.UtcNow + interval : DateTime.MaxValue;

    private static TimeSpan Clamp(TimeSpan sleep) => sleep < TimeSpan.Zero ? TimeSpan.Zero : sleep > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : sleep;

    /// <summary>
    /// Whether the store counts a deletion of shoppers' data (<see cref="StoreRevision.Deletions"/>) that the serving
    /// snapshot predates and that has not already set off a run: another process erased or purged, so this server's
    /// memory still holds the data. False when it cannot tell.
    /// </summary>
    private async Task<bool> ErasedElsewhereAsync(CancellationToken cancellation)
    {
        if (serving.Current.Revision is not { } trained)
        {
            return false;
        }

        try
        {
            var deletions = (await store.GetRevisionAsync(cancellation)).Deletions;
            if (deletions == trained.Deletions || deletions == Interlocked.Read(ref _watchedDeletions))
            {
                return false;
            }

            // Once per count: a run that fails is not retried at every look.
            Interlocked.Exchange(ref _watchedDeletions, deletions);
            LogErasedElsewhere(logger, trained.Deletions, deletions);

            await ForgetGoneAsync(cancellation);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Drops from the serving snapshot, at once, the shoppers it knows whose every event has left the store (another
    /// process erased them, or retention purged them), so that they leave this server's memory before the run that
    /// follows ends. A failure leaves that to the run.
    /// </summary>
    private async Task ForgetGoneAsync(CancellationToken cancellation)
    {
        try
        {
            var known = serving.Current.Users.Ids.Where(static id => !id.StartsWith(ServingSnapshot.ErasedPrefix, StringComparison.Ordinal)).ToList();
            var remaining = await store.GetUsersWithEventsAsync(known, cancellation);
            var gone = known.Where(id => !remaining.Contains(id)).ToList();
            if (gone.Count > 0)
            {
                LogForgotten(logger, serving.ForgetUsers(gone, DateTimeOffset.UtcNow));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogForgetFailed(logger, ex);
        }
    }

    /// <summary>
    /// The run at start or at the interval: left out when nothing changed (without queuing for the lease); otherwise under
    /// the store's training lease when servers share the store (so that one trains while the others wait), served from
    /// the snapshot another process saved at the store's present revision when there is one, and trained otherwise.
    /// </summary>
    private async Task ScheduledRunAsync(bool atStart, CancellationToken cancellation)
    {
        // Nothing changed: nothing to do, and no need to queue for the lease behind another server's run.
        var unchanged = await UnchangedAsync(cancellation);
        await using var lease = unchanged ? null : await LeaseAsync(cancellation);
        if (unchanged || await UnchangedAsync(cancellation))
        {
            Interlocked.Increment(ref _skipped);
            metrics.RecordSkippedTraining();
            if (atStart && serving.Current.RestoredFrom is { } path)
            {
                LogCurrent(logger, path, serving.Current.Revision?.Value);
            }

            return;
        }

        if (await AdoptAsync(cancellation))
        {
            Interlocked.Increment(ref _adopted);
            metrics.RecordAdoptedTraining();
            return;
        }

        await TrainOnceAsync(cancellation);
    }

    // The training lease of a store that servers share, or null (SQLite; or the lease could not be had: train anyway).
    private async Task<IAsyncDisposable?> LeaseAsync(CancellationToken cancellation)
    {
        if (store is not ITrainingLease shared)
        {
            return null;
        }

        try
        {
            _waitingForLease = true;
            return await shared.AcquireTrainingLeaseAsync(cancellation);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogLeaseFailed(logger, ex);
            return null;
        }
        finally
        {
            _waitingForLease = false;
        }
    }

    private async Task<ServingSnapshot> TrainOnceAsync(CancellationToken cancellation)
    {
        _training = true;
        var started = DateTimeOffset.UtcNow;
        var deletions = saved.Deletions;
        try
        {
            var snapshot = await trainer.TrainAsync(serving.Current.Version + 1, cancellation);
            serving.Swap(snapshot);
            // Not cancelled by shutdown: a server stopped just after a run still leaves that run's snapshot for its restart
            // (the host waits for it, up to its shutdown timeout).
            await SaveAsync(snapshot, deletions, CancellationToken.None);
            _lastError = null;
            metrics.RecordTraining(snapshot.TrainingDuration, succeeded: true);
            LogTrained(logger, snapshot.Version, snapshot.Recommender, snapshot.Users.Count, snapshot.ItemCount, snapshot.Interactions, snapshot.TrainingDuration.TotalSeconds);
            return snapshot;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return serving.Current;
        }
        catch (Exception ex)
        {
            _lastError = ex.Message;
            metrics.RecordTraining(DateTimeOffset.UtcNow - started, succeeded: false);
            LogFailed(logger, ex);
            return serving.Current;
        }
        finally
        {
            _training = false;
        }
    }

    /// <summary>
    /// Whether a scheduled run (or the run at start, after a saved snapshot was restored) can be left out:
    /// <see cref="PenchantServerOptions.RetrainWhenUnchanged"/> is off, the serving snapshot was trained at the store's
    /// present revision (no item, user or event written or deleted since, by this process or any other) under the
    /// settings in effect, and its run did not fall back from a failing embeddings or language endpoint (it is tried
    /// again).
    /// </summary>
    private async Task<bool> UnchangedAsync(CancellationToken cancellation)
    {
        var current = serving.Current;
        if (options.Value.RetrainWhenUnchanged || current.Revision is not { } trainedAt || current.EndpointFailed
            || current.Settings != trainer.SettingsDigest() || (current.RestoredFrom is not null && exploration.Value.LearnedRanker))
        {
            // A restored snapshot lacks the learned explore ranker (it is not saved): with it on, a run fits it.
            return false;
        }

        try
        {
            return await store.GetRevisionAsync(cancellation) == trainedAt;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Serves the saved snapshot instead of training when another process saved it at the store's present revision
    /// under the settings in effect (its header says so); false, changing nothing, otherwise. Not with
    /// <see cref="PenchantServerOptions.RetrainWhenUnchanged"/> or the learned explore ranker (a restored snapshot lacks it).
    /// </summary>
    private async Task<bool> AdoptAsync(CancellationToken cancellation)
    {
        if (options.Value.RetrainWhenUnchanged || exploration.Value.LearnedRanker)
        {
            return false;
        }

        try
        {
            if (await saved.PeekAsync(cancellation) is not { } tag || tag.Revision == serving.Current.Revision
                || tag.Settings != trainer.SettingsDigest() || tag.Revision != await store.GetRevisionAsync(cancellation))
            {
                return false;
            }

            if (await saved.LoadAsync(serving.Current.Version + 1, cancellation) is not { } snapshot || snapshot.Revision != tag.Revision)
            {
                return false;
            }

            serving.Swap(snapshot);
            LogAdopted(logger, saved.Location, tag.Revision.Value);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogLoadFailed(logger, saved.Location, ex);
            return false;
        }
    }

    // A saved snapshot that cannot be read is logged and left; training follows either way.
    private async Task<ServingSnapshot?> LoadSavedAsync(CancellationToken cancellation)
    {
        try
        {
            return await saved.LoadAsync(cancellation);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogLoadFailed(logger, saved.Location, ex);
            return null;
        }
    }

    // Saving is a convenience for the next start: a failure is logged and the served snapshot stays.
    private async Task SaveAsync(ServingSnapshot snapshot, long deletions, CancellationToken cancellation)
    {
        try
        {
            await saved.SaveAsync(snapshot, deletions, cancellation);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            LogSaveFailed(logger, saved.Location, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The snapshot saved at {Path} was trained at the store's present revision {Revision} under these settings: it serves, and no training run is needed at start")]
    private static partial void LogCurrent(ILogger logger, string path, long? revision);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shoppers' data was erased or purged by another process (deletions {Trained} -> {Now}): training now")]
    private static partial void LogErasedElsewhere(ILogger logger, long trained, long now);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} shoppers without any event left in the store were dropped from the serving model at once")]
    private static partial void LogForgotten(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look up which shoppers left the store; the training run that follows drops them")]
    private static partial void LogForgetFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The training lease could not be taken; training without it")]
    private static partial void LogLeaseFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another process saved the snapshot at {Path} at the store's present revision {Revision}: serving it instead of training")]
    private static partial void LogAdopted(ILogger logger, string? path, long revision);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The saved snapshot at {Path} could not be read; training as without one")]
    private static partial void LogLoadFailed(ILogger logger, string? path, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The snapshot could not be saved at {Path}")]
    private static partial void LogSaveFailed(ILogger logger, string? path, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Version} ({Recommender}) trained on {Users} users x {Items} items, {Interactions} interactions, in {Seconds:F2} s")]
    private static partial void LogTrained(ILogger logger, long version, string recommender, int users, int items, long interactions, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Training failed; the previous model keeps serving")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
