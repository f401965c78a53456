using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Penchant.Server.Options;

namespace Penchant.Server.Services;

/// <summary>
/// Retrains in the background: once at start, then on the configured interval and whenever asked
/// (<see cref="RequestAsync"/>). Each run builds a new snapshot aside and swaps it in; a failed run keeps the
/// old one serving.
/// </summary>
public sealed partial class TrainingService(
    ModelTrainer trainer,
    ServingModel serving,
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
        try
        {
            var snapshot = await trainer.TrainAsync(serving.Current.Version + 1, cancellation);
            serving.Swap(snapshot);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Version} ({Recommender}) trained on {Users} users x {Items} items, {Interactions} interactions, in {Seconds:F2} s")]
    private static partial void LogTrained(ILogger logger, long version, string recommender, int users, int items, long interactions, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Training failed; the previous model keeps serving")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
