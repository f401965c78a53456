using Microsoft.Extensions.Options;
using Penchant.Server.Options;

namespace Penchant.Server.Services;

/// <summary>
/// Settings kept in the store that this server applies from memory (campaigns, placements, search synonyms): read before the first
/// request, after each write through this server (<see cref="RefreshAsync"/>), and every
/// <see cref="PenchantServerOptions.MerchandisingRefresh"/> for writes through another server over the same store. A
/// failed read keeps what was read last.
/// </summary>
public abstract class StoreWatcher(IOptions<PenchantServerOptions> options, ILogger log) : BackgroundService
{
    private readonly SemaphoreSlim _refresh = new(1, 1);

    /// <summary>What is read, for the log.</summary>
    protected abstract string What { get; }

    /// <summary>Reads the settings from the store and makes them current.</summary>
    protected abstract Task ReadAsync(CancellationToken cancellation);

    /// <summary>Reads the settings from the store again, one read at a time.</summary>
    public async Task RefreshAsync(CancellationToken cancellation)
    {
        await _refresh.WaitAsync(cancellation);
        try
        {
            await ReadAsync(cancellation);
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Read them before the first request is served.
        await TryRefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = options.Value.MerchandisingRefresh;
        if (every <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(every, Time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await TryRefreshAsync(stoppingToken);
        }
    }

    /// <summary>The clock the refresh timer runs on.</summary>
    protected abstract TimeProvider Time { get; }

    private async Task TryRefreshAsync(CancellationToken cancellation)
    {
        try
        {
            await RefreshAsync(cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Reading the {What} failed; those last read still apply.", What);
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _refresh.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }
}
