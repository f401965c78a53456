using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Penchant.Server.Options;
using Penchant.Storage;

namespace Penchant.Server.Services;

/// <summary>
/// Retrains in the background: once at start, then on the configured interval and whenever asked
/// (<see cref="RequestAsync"/>). Each run builds a new snapshot aside, swaps it in and saves it
/// (<see cref="SavedSnapshot"/>); a failed run keeps the old one serving. At start, a saved snapshot serves until the
/// first run ends.
/// </summary>
public sealed partial class TrainingService(
    ModelTrainer trainer,
    ServingModel serving,
    SavedSnapshot saved,
    CatalogCache catalog,
    IPenchantStore store,
    ServerMetrics metrics,
    IOptions<PenchantServerOptions> options,
    ILogger<TrainingService> logger) : BackgroundService
{
    private readonly Channel<TaskCompletionSource<ServingSnapshot>> _requests =
        Channel.CreateUnbounded<TaskCompletionSource<ServingSnapshot>>(new UnboundedChannelOptions { SingleReader = true });

    private volatile bool _training;
    private volatile string? _lastError;

    // What the last successful run read: stored events, stored items and the catalogue's change count at its start.
    private (long Events, long Items, long Catalogue)? _trainedOn;
    private long _skipped;

    /// <summary>Whether a run is in progress.</summary>
    public bool IsTraining => _training;

    /// <summary>The error of the last run when it failed.</summary>
    public string? LastError => _lastError;

    /// <summary>Scheduled runs left out since start because nothing they read had changed.</summary>
    public long SkippedRuns => Interlocked.Read(ref _skipped);

    /// <summary>
    /// Asks for a run; the task completes with the snapshot that run swapped in (or the one still serving when it failed).
    /// </summary>
    public Task<ServingSnapshot> RequestAsync()
    {
        var done = new TaskCompletionSource<ServingSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests.Writer.TryWrite(done);
        return done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (!serving.IsReady && await LoadSavedAsync(stoppingToken) is { } restored)
        {
            serving.Swap(restored);
        }

        await TrainOnceAsync(stoppingToken);
        var interval = options.Value.TrainingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                if (interval > TimeSpan.Zero)
                {
                    wait.CancelAfter(interval);
                }

                try
                {
                    await _requests.Reader.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // The interval elapsed: a scheduled run.
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            var waiters = new List<TaskCompletionSource<ServingSnapshot>>();
            while (_requests.Reader.TryRead(out var waiter))
            {
                waiters.Add(waiter);
            }

            if (waiters.Count == 0 && await UnchangedAsync(stoppingToken))
            {
                Interlocked.Increment(ref _skipped);
                metrics.RecordSkippedTraining();
                continue;
            }

            var snapshot = await TrainOnceAsync(stoppingToken);
            foreach (var waiter in waiters)
            {
                waiter.TrySetResult(snapshot);
            }
        }

        while (_requests.Reader.TryRead(out var waiter))
        {
            waiter.TrySetCanceled(stoppingToken);
        }
    }

    private async Task<ServingSnapshot> TrainOnceAsync(CancellationToken cancellation)
    {
        _training = true;
        var started = DateTimeOffset.UtcNow;
        var deletions = saved.Deletions;
        try
        {
            var reads = await ReadsAsync(cancellation);
            var snapshot = await trainer.TrainAsync(serving.Current.Version + 1, cancellation);
            serving.Swap(snapshot);
            _trainedOn = reads;
            await SaveAsync(snapshot, deletions, cancellation);
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

    private async Task<(long Events, long Items, long Catalogue)> ReadsAsync(CancellationToken cancellation) =>
        (await store.CountEventsAsync(cancellation), await store.CountItemsAsync(cancellation), catalog.Changes);

    /// <summary>
    /// Whether a scheduled run can be left out: <see cref="PenchantServerOptions.RetrainWhenUnchanged"/> is off, this
    /// process has trained, and no event was stored and no item set, added or removed since; nor did the last run fall
    /// back from a failing embeddings or language endpoint (it is tried again).
    /// </summary>
    private async Task<bool> UnchangedAsync(CancellationToken cancellation)
    {
        var current = serving.Current;
        if (options.Value.RetrainWhenUnchanged || _trainedOn is not { } last || current.RestoredFrom is not null || current.EndpointFailed)
        {
            return false;
        }

        try
        {
            return await ReadsAsync(cancellation) == last;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The saved snapshot at {Path} could not be read; training as without one")]
    private static partial void LogLoadFailed(ILogger logger, string? path, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The snapshot could not be saved at {Path}")]
    private static partial void LogSaveFailed(ILogger logger, string? path, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Version} ({Recommender}) trained on {Users} users x {Items} items, {Interactions} interactions, in {Seconds:F2} s")]
    private static partial void LogTrained(ILogger logger, long version, string recommender, int users, int items, long interactions, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Training failed; the previous model keeps serving")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
