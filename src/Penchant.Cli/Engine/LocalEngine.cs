using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Penchant.Server;
using Penchant.Server.Services;
using Penchant.Storage;

namespace Penchant.Cli.Engine;

/// <summary>
/// The server's own services in-process, without HTTP: the CLI's train, recommend, similar and profile verbs run
/// exactly the code that <c>penchant serve</c> runs, so the two cannot disagree.
/// </summary>
internal sealed class LocalEngine : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalEngine(WebApplication app) => _app = app;

    public IPenchantStore Store => _app.Services.GetRequiredService<IPenchantStore>();

    public RecommendationService Recommendations => _app.Services.GetRequiredService<RecommendationService>();

    public BuiltInterestProfileProvider Profiles => _app.Services.GetRequiredService<BuiltInterestProfileProvider>();

    public ServingModel Serving => _app.Services.GetRequiredService<ServingModel>();

    /// <summary>Opens the store (migrating it) and loads the catalogue; nothing listens on a port.</summary>
    public static async Task<LocalEngine> OpenAsync(string database, string? recommender, CancellationToken cancellation)
    {
        var args = new List<string>
        {
            "--Penchant:DatabasePath=" + database,
            "--Penchant:AllowAnonymous=true",
            "--Logging:LogLevel:Default=Warning",
        };
        if (recommender is not null)
        {
            args.Add("--Penchant:Recommender=" + recommender);
        }

        var app = PenchantServerHost.BuildApp([.. args]);
        foreach (var loader in app.Services.GetServices<IHostedService>().OfType<StartupLoader>())
        {
            await loader.StartAsync(cancellation);
        }

        return new LocalEngine(app);
    }

    /// <summary>Trains a serving snapshot from the store and makes it current.</summary>
    public async Task<ServingSnapshot> TrainAsync(CancellationToken cancellation)
    {
        var snapshot = await _app.Services.GetRequiredService<ModelTrainer>().TrainAsync(Serving.Current.Version + 1, cancellation);
        Serving.Swap(snapshot);
        return snapshot;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
