using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Penchant.Server.Options;

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
    ServerMetrics metrics,
    IOptions<PenchantServerOptions> options,
    ILogger<TrainingService> logger) : BackgroundService
{
    private readonly Channel<TaskCompletionSource<ServingSnapshot>> _requests =
        Channel.CreateUnbounded<TaskCompletionSource<ServingSnapshot>>(new UnboundedChannelOptions { SingleReader = true });

    private volatile bool _training;
    private volatile string? _lastError;

    /// <summary>Whether a run is in progress.</summary>
    public bool IsTraining => _training;

    /// <summary>The error of the last run when it failed.</summary>
    public string? LastError => _lastError;

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
            var snapshot = await trainer.TrainAsync(serving.Current.Version + 1, cancellation);
            serving.Swap(snapshot);
            Save(snapshot, deletions);
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

    // A saved snapshot that cannot be read is logged and left; training follows either way.
    private async Task<ServingSnapshot?> LoadSavedAsync(CancellationToken cancellation)
    {
        try
        {
            return await saved.LoadAsync(cancellation);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogLoadFailed(logger, saved.Path, ex);
            return null;
        }
    }

    // Saving is a convenience for the next start: a failure is logged and the served snapshot stays.
    private void Save(ServingSnapshot snapshot, long deletions)
    {
        try
        {
            saved.Save(snapshot, deletions);
        }
        catch (Exception ex)
        {
            LogSaveFailed(logger, saved.Path, ex);
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
