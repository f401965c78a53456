using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Penchant.Core.Privacy;
using Penchant.Server;
using Penchant.Server.Contracts;
using Penchant.Server.Options;
using Penchant.Server.Privacy;
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
    private readonly bool _ownKey;

    private LocalEngine(WebApplication app, bool ownKey)
    {
        _app = app;
        _ownKey = ownKey;
    }

    public IPenchantStore Store => _app.Services.GetRequiredService<IPenchantStore>();

    public RecommendationService Recommendations => _app.Services.GetRequiredService<RecommendationService>();

    public BuiltInterestProfileProvider Profiles => _app.Services.GetRequiredService<BuiltInterestProfileProvider>();

    /// <summary>The profile in a few sentences (offline: the CLI configures no language endpoint).</summary>
    public async Task<InterestProfileDto> ProfileWithNarrativeAsync(string userKey, string userId, CancellationToken cancellation) =>
        await _app.Services.GetRequiredService<ProfileNarrator>().ProfileWithNarrativeAsync(userKey, cancellation) with { UserId = userId };

    public ServingModel Serving => _app.Services.GetRequiredService<ServingModel>();

    /// <summary>Pseudonymisation, minimisation and masking, as the server applies them.</summary>
    public IngestPrivacy Privacy => _app.Services.GetRequiredService<IngestPrivacy>();

    public ErasureService Erasure => _app.Services.GetRequiredService<ErasureService>();

    /// <summary>Audiences and segments.</summary>
    public MarketingService Marketing => _app.Services.GetRequiredService<MarketingService>();

    /// <summary>The stored merchandising campaigns, as read when the engine opened.</summary>
    public CampaignBook Campaigns => _app.Services.GetRequiredService<CampaignBook>();

    /// <summary>The store's placements.</summary>
    public IPlacementStore Placements => _app.Services.GetRequiredService<IPlacementStore>();

    /// <summary>The stored search synonyms, as read when the engine opened.</summary>
    public SynonymBook Synonyms => _app.Services.GetRequiredService<SynonymBook>();

    /// <summary>
    /// Opens the store (migrating it) and loads the catalogue; nothing listens on a port. With no
    /// <paramref name="keyFile"/> a random key lives for this run only: right for verbs that never map a user id
    /// (train, similar), useless for those that do.
    /// </summary>
    public static Task<LocalEngine> OpenAsync(string database, string? recommender, string? keyFile, CancellationToken cancellation) =>
        OpenAsync(new StoreLocation(database), recommender, keyFile, cancellation);

    /// <summary>As <see cref="OpenAsync(string, string?, string?, CancellationToken)"/>, over a SQLite file or a PostgreSQL schema.</summary>
    public static async Task<LocalEngine> OpenAsync(StoreLocation store, string? recommender, string? keyFile, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(store);
        var args = new List<string>(store.Settings())
        {
            "--Penchant:AllowAnonymous=true",
            "--Logging:LogLevel:Default=Warning",
            keyFile is null
                ? $"--{PseudonymKey.SettingName}={Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(PseudonymKey.MinimumBytes))}"
                : $"--{PrivacyOptions.KeyFileSettingName}={keyFile}",
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

        // The reading verbs apply the stored merchandising campaigns and search synonyms, as a server over the store would.
        await app.Services.GetRequiredService<CampaignBook>().RefreshAsync(cancellation);
        await app.Services.GetRequiredService<SynonymBook>().RefreshAsync(cancellation);

        return new LocalEngine(app, ownKey: keyFile is not null);
    }

    /// <summary>Trains a serving snapshot from the store and makes it current.</summary>
    public async Task<ServingSnapshot> TrainAsync(CancellationToken cancellation)
    {
        var snapshot = await _app.Services.GetRequiredService<ModelTrainer>().TrainAsync(Serving.Current.Version + 1, cancellation);
        Serving.Swap(snapshot);
        return snapshot;
    }

    /// <summary>
    /// The snapshot the reading verbs serve from: the one a server (or <c>penchant train</c>) saved beside the store,
    /// when it was trained for these settings at the store's present revision (no item, user or event changed since);
    /// otherwise a fresh training run. Says which. Without the store's own key (a random one for this run) it always trains.
    /// </summary>
    public async Task<ServingSnapshot> ReadyAsync(Spectre.Console.IAnsiConsole output, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(output);
        var saved = _app.Services.GetRequiredService<SavedSnapshot>();
        if (_ownKey && saved.Location is { } path && await saved.LoadAsync(cancellation) is { } snapshot)
        {
            var revision = await Store.GetRevisionAsync(cancellation);
            if (snapshot.Revision == revision)
            {
                Serving.Swap(snapshot);
                Spectre.Console.AnsiConsoleExtensions.MarkupLineInterpolated(
                    output, $"[grey]Serving the saved snapshot {path} ({snapshot.Recommender}, trained {snapshot.TrainedAt:u}; the store has not changed since).[/]");
                return snapshot;
            }

            var stored = await Store.CountEventsAsync(cancellation);
            Spectre.Console.AnsiConsoleExtensions.MarkupLineInterpolated(
                output, $"[grey]The saved snapshot {path} is older than the store (trained on {snapshot.Events:N0} events; the store holds {stored:N0}, and its revision moved from {snapshot.Revision?.Value ?? 0:N0} to {revision.Value:N0}): training.[/]");
        }

        return await TrainAsync(cancellation);
    }

    /// <summary>Saves <paramref name="snapshot"/> where a server over this store reads it at start; null when none is kept.</summary>
    public async Task<string?> SaveAsync(ServingSnapshot snapshot, CancellationToken cancellation)
    {
        var saved = _app.Services.GetRequiredService<SavedSnapshot>();
        return await saved.SaveAsync(snapshot, saved.Deletions, cancellation) ? saved.Location : null;
    }

    /// <summary>
    /// Whether the saved snapshot serves the store at <paramref name="revision"/>, in words: none kept, none there, not
    /// readable under this key and recommender, current (trained at that revision under these settings), or how far
    /// behind it is.
    /// </summary>
    public async Task<string> SnapshotStatusAsync(Penchant.Storage.StoreRevision revision, bool withStoreKey, CancellationToken cancellation)
    {
        var saved = _app.Services.GetRequiredService<SavedSnapshot>();
        if (saved.Location is not { } location)
        {
            return "none is kept (SnapshotPath off)";
        }

        if (await saved.PeekAsync(cancellation) is not { } tag)
        {
            return withStoreKey
                ? $"none usable at {location} (none saved yet, or written under another key or recommender, or damaged)"
                : $"not checked at {location}: the store's pseudonym key is needed (--pseudonym-key-file)";
        }

        if (SavedSnapshot.StaleReason(tag.Revision, revision) is { } stale)
        {
            return $"{location} is not served: {stale}";
        }

        var settings = tag.Settings == _app.Services.GetRequiredService<ModelTrainer>().SettingsDigest() ? "" : ", under other training settings than this command's configuration";
        return tag.Revision.Value == revision.Value
            ? $"{location} is current: trained at revision {tag.Revision.Value:N0}{settings}"
            : $"{location} is older than the store: trained at revision {tag.Revision.Value:N0}, the store is at {revision.Value:N0}{settings}";
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
