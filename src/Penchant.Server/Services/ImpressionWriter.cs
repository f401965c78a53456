using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Penchant.Server.Options;
using Penchant.Storage;

namespace Penchant.Server.Services;

/// <summary>
/// Appends served slates to the impression log off the request path: a request only queues its slate (a bounded
/// queue that drops, and counts, slates when full rather than delay a response), and this background writer appends
/// whatever has queued in one transaction per batch, at most about four commits a second.
/// </summary>
public sealed partial class ImpressionWriter(IImpressionLog log, IOptions<ExplorationServerOptions> options, ILogger<ImpressionWriter> logger) : BackgroundService
{
    private const int BatchRows = 5000;

    /// <summary>How long the writer lets slates gather after the first one arrives: a few commits a second, not one per request.</summary>
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(250);

    private readonly Channel<Impression[]> _queue = Channel.CreateBounded<Impression[]>(
        // Wait mode: TryWrite answers false on a full queue (the drop modes answer true and drop silently), so drops are counted.
        new BoundedChannelOptions(options.Value.ImpressionQueue) { FullMode = BoundedChannelFullMode.Wait });

    private readonly SemaphoreSlim _flush = new(1, 1);
    private long _dropped;
    private long _written;

    /// <summary>Slates dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Impressions written since start.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Queues one served slate; never blocks.</summary>
    /// <param name="slate">The slate's impressions.</param>
    public void Enqueue(Impression[] slate)
    {
        ArgumentNullException.ThrowIfNull(slate);
        if (slate.Length > 0 && !_queue.Writer.TryWrite(slate))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Writes everything queued so far; erasure and export call it so that they see every served slate.</summary>
    /// <param name="cancellation">Cancels the wait for a running flush.</param>
    /// <returns>How many impressions this call wrote.</returns>
    public async Task<int> FlushAsync(CancellationToken cancellation = default)
    {
        await _flush.WaitAsync(cancellation);
        try
        {
            var written = 0;
            var batch = new List<Impression>();
            while (true)
            {
                batch.Clear();
                while (batch.Count < BatchRows && _queue.Reader.TryRead(out var slate))
                {
                    batch.AddRange(slate);
                }

                if (batch.Count == 0)
                {
                    return written;
                }

                written += await log.AppendImpressionsAsync(batch, cancellation);
                Interlocked.Add(ref _written, batch.Count);
            }
        }
        finally
        {
            _flush.Release();
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(Gather, stoppingToken);
                try
                {
                    await FlushAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogWriteFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: StopAsync writes what is left.
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            LogWriteFailed(logger, e);
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _flush.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing impressions failed; the batch is lost")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception);
}
