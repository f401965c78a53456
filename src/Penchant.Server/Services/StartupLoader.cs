using Penchant.Storage;

namespace Penchant.Server.Services;

/// <summary>Opens (creates or migrates) the store and loads the catalogue before the server starts listening.</summary>
public sealed class StartupLoader(IPenchantStore store, CatalogCache catalog) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        await foreach (var item in store.StreamItemsAsync(cancellationToken))
        {
            catalog.Set(item);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
