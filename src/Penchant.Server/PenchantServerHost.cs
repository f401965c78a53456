using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;
using Penchant.Server.Dashboard;
using Penchant.Server.Endpoints;
using Penchant.Core.Privacy;
using Penchant.Server.Embeddings;
using Penchant.Server.Options;
using Penchant.Server.Privacy;
using Penchant.Server.Security;
using Penchant.Server.Services;
using Penchant.Storage;
using Penchant.Storage.Postgres;
using Penchant.Storage.Sqlite;

namespace Penchant.Server;

/// <summary>
/// Composes the Penchant server: services, middleware and endpoints. <c>Program</c> and <c>penchant serve</c>
/// both start the app through here, so the two cannot drift apart.
/// </summary>
public static class PenchantServerHost
{
    /// <summary>Builds the app from command-line style arguments (<c>--urls</c>, <c>--Penchant:DatabasePath=...</c>).</summary>
    public static WebApplication BuildApp(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        // Defaults under every other source: a per-request log line at Information costs more than the request.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information", ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning" },
        });
        builder.Services.AddPenchantServer();
        var app = builder.Build();
        app.UsePenchantServer();
        return app;
    }

    /// <summary>Runs the server until <paramref name="cancellation"/> fires or the process is asked to stop.</summary>
    public static async Task RunAsync(ServeOptions serve, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(serve);
        var args = new List<string>
        {
            "--urls", serve.Urls,
            $"--{PenchantServerOptions.SectionName}:DatabasePath={serve.DatabasePath}",
        };
        if (serve.InsecureDev)
        {
            args.Add($"--{PenchantServerOptions.SectionName}:AllowAnonymous=true");
        }

        if (serve.PseudonymKeyFile is { } keyFile)
        {
            args.Add($"--{PrivacyOptions.KeyFileSettingName}={keyFile}");
        }

        if (serve.PostgresConnectionString is { } postgres)
        {
            args.Add($"--{PenchantServerOptions.SectionName}:Store=postgres");
            args.Add($"--{PenchantServerOptions.SectionName}:Postgres:ConnectionString={postgres}");
            args.Add($"--{PenchantServerOptions.SectionName}:Postgres:Schema={serve.PostgresSchema}");
        }

        if (serve.Recommender is { } recommender)
        {
            args.Add($"--{PenchantServerOptions.SectionName}:Recommender={recommender}");
        }

        // Keys from the command line go after any configured ones (high indices do not collide with a config file's).
        var index = 1000;
        foreach (var key in serve.ApiKeys ?? [])
        {
            args.Add($"--{PenchantServerOptions.SectionName}:ApiKeys:{index}:Key={key.Key}");
            args.Add($"--{PenchantServerOptions.SectionName}:ApiKeys:{index}:Role={key.Role}");
            args.Add($"--{PenchantServerOptions.SectionName}:ApiKeys:{index}:Name={key.Name ?? key.Role}");
            index++;
        }

        args.AddRange(serve.Settings ?? []);
        await using var app = BuildApp([.. args]);
        await app.StartAsync(cancellation);
        if (app.Services.GetRequiredService<IOptions<PenchantServerOptions>>().Value.Dashboard)
        {
            foreach (var address in app.Urls)
            {
                Console.WriteLine($"Dashboard: {address.TrimEnd('/')}/dashboard (paste an API key there)");
            }
        }

        await app.WaitForShutdownAsync(cancellation);
    }

    /// <summary>Registers the server's options, store, services, security and OpenAPI document.</summary>
    public static IServiceCollection AddPenchantServer(this IServiceCollection services)
    {
        services.AddOptions<PenchantServerOptions>()
            .BindConfiguration(PenchantServerOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(
                static o => o.AllowAnonymous || o.ApiKeys.Any(static k => k.Key.Length > 0),
                "No API keys are configured. Set Penchant:ApiKeys (each with Key and Role 'ingest' or 'admin'), "
                + "or for local development only start with --insecure-dev (Penchant:AllowAnonymous=true).")
            .Validate(
                static o => o.ApiKeys.All(static k => k.Key.Length >= 16 && ApiRoles.IsKnown(k.Role)),
                "Every API key needs at least 16 characters and the role 'ingest' or 'admin'.")
            .Validate(static o => o.Recommender == ModelTrainer.Auto || new RecommenderRegistry().Contains(o.Recommender), "Penchant:Recommender names no known recommender (nor 'auto').")
            .Validate(static o => o.Store is "sqlite" or "postgres", "Penchant:Store must be sqlite or postgres.")
            .Validate(static o => o.EventWeights.AllFinite(), "Every Penchant:EventWeights setting must be a finite number.")
            .Validate(static o => o.SearchEngagementWindow > TimeSpan.Zero, "Penchant:SearchEngagementWindow must be a positive time span (e.g. 00:30:00).")
            .Validate(static o => o.Store != "postgres" || !string.IsNullOrWhiteSpace(o.Postgres.ConnectionString), "Penchant:Store is postgres, but Penchant:Postgres:ConnectionString is not set.")
            .ValidateOnStart();

        // Privacy: a missing or bad pseudonym key stops the host at start-up (ValidateOnStart), naming the setting.
        services.AddOptions<PrivacyOptions>().BindConfiguration(PrivacyOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PrivacyOptions>, PrivacyOptionsValidator>();
        services.AddSingleton(static sp =>
        {
            var privacy = sp.GetRequiredService<IOptions<PrivacyOptions>>().Value;
            return new IngestPrivacy(privacy.CreatePseudonymizer(), privacy.Minimization());
        });
        services.AddSingleton(static sp => (IPrivacyStore)sp.GetRequiredService<IPenchantStore>());
        services.AddSingleton<ErasureService>();
        services.AddSingleton<RetentionService>();
        services.AddSingleton<PrivateExportService>();
        services.AddPrivacyLogFilters();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IPenchantStore>(static sp =>
        {
            var settings = sp.GetRequiredService<IOptions<PenchantServerOptions>>().Value;
            return settings.Store == "postgres"
                ? new PostgresStore(new PostgresStoreOptions { ConnectionString = settings.Postgres.ConnectionString!, Schema = settings.Postgres.Schema })
                : new SqliteStore(settings.DatabasePath, new SqliteStoreOptions { Synchronous = settings.Durability });
        });
        services.AddSingleton(static sp => new EventGroupCommitter(sp.GetRequiredService<IPenchantStore>()));
        services.AddSingleton<RecommenderRegistry>();
        services.AddSingleton(static sp => new ServingModel(sp.GetRequiredService<IOptions<PenchantServerOptions>>().Value.Recommender));
        services.AddSingleton<CatalogCache>();
        services.AddSingleton<ServerMetrics>();
        services.AddOptions<ExperimentsServerOptions>().BindConfiguration(ExperimentsServerOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExperimentsServerOptions>, ExperimentsValidation>();
        services.AddSingleton<ExperimentRouter>();
        services.AddOptions<EmbeddingServiceOptions>().BindConfiguration(EmbeddingServiceOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // One client for the process, so its cache of embedded texts outlives each training run; it times requests itself.
        services.AddHttpClient(nameof(OpenAiEmbeddingClient), static c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton(static sp => new OpenAiEmbeddingClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(OpenAiEmbeddingClient)),
            sp.GetRequiredService<IOptions<EmbeddingServiceOptions>>()));
        services.AddOptions<LanguageModelOptions>().BindConfiguration(LanguageModelOptions.SectionName);
        services.AddHttpClient(nameof(OpenAiChatClient), static c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton(static sp => new OpenAiChatClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(OpenAiChatClient)),
            sp.GetRequiredService<IOptions<LanguageModelOptions>>()));
        services.AddSingleton<ModelTrainer>();
        services.AddSingleton<RecommendationService>();
        services.AddSingleton<MarketingService>();
        services.AddSingleton<OnlineReportService>();
        services.AddSingleton<FeedbackService>();
        services.AddOptions<ExplorationServerOptions>().BindConfiguration(ExplorationServerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(static sp => (IImpressionLog)sp.GetRequiredService<IPenchantStore>());
        services.AddSingleton<ImpressionWriter>();
        services.AddHostedService(static sp => sp.GetRequiredService<ImpressionWriter>());
        services.AddSingleton<ExplorationService>();
        services.AddSingleton<FeedPages>();
        services.AddSingleton(static sp => (ICampaignStore)sp.GetRequiredService<IPenchantStore>());
        services.AddSingleton<CampaignBook>();
        services.AddHostedService(static sp => sp.GetRequiredService<CampaignBook>());
        services.AddSingleton(static sp => (IPlacementStore)sp.GetRequiredService<IPenchantStore>());
        services.AddSingleton<PlacementBook>();
        services.AddHostedService(static sp => sp.GetRequiredService<PlacementBook>());
        services.AddSingleton(static sp => (ISynonymStore)sp.GetRequiredService<IPenchantStore>());
        services.AddSingleton<SynonymBook>();
        services.AddHostedService(static sp => sp.GetRequiredService<SynonymBook>());
        services.AddSingleton<BuiltInterestProfileProvider>();
        services.AddSingleton<IInterestProfileProvider>(static sp => sp.GetRequiredService<BuiltInterestProfileProvider>());
        services.AddSingleton<ProfileNarrator>();
        services.AddSingleton<ReasonWriter>();
        services.AddSingleton<SavedSnapshot>();
        services.AddSingleton<TrainingService>();
        services.AddHostedService<StartupLoader>();
        services.AddHostedService(static sp => sp.GetRequiredService<TrainingService>());
        services.AddHostedService(static sp => sp.GetRequiredService<RetentionService>());

        services.AddProblemDetails();
        services.AddAuthentication(ApiRoles.Scheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiRoles.Scheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiRoles.Ingest, static p => p.RequireRole(ApiRoles.Ingest, ApiRoles.Admin))
            .AddPolicy(ApiRoles.Admin, static p => p.RequireRole(ApiRoles.Admin));
        services.AddPerKeyRateLimiter();
        services.AddOpenApi(static o => o.AddDocumentTransformer<ApiKeySecuritySchemeTransformer>());

        // A request that cannot be bound (a JSON value of the wrong kind, count=many) is answered naming the field.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(static o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<Validation.BadRequestHandler>();
        return services;
    }

    /// <summary>Adds the middleware and maps every endpoint.</summary>
    public static WebApplication UsePenchantServer(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestSizeLimitMiddleware>();
        app.UseMiddleware<PlacementMiddleware>();
        app.UseRouting();
        app.UseMiddleware<RequestMetricsMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapItemsEndpoints();
        app.MapUsersEndpoints();
        app.MapEventsEndpoints();
        app.MapRecommendationsEndpoints();
        app.MapSearchEndpoints();
        app.MapMarketingEndpoints();
        app.MapFeedbackEndpoints();
        app.MapProfileEndpoints();
        app.MapAdminEndpoints();
        app.MapCampaignsEndpoints();
        app.MapPlacementsEndpoints();
        app.MapSynonymsEndpoints();
        app.MapImpressionsEndpoints();
        app.MapPrivacyEndpoints();
        if (app.Services.GetRequiredService<IOptions<PenchantServerOptions>>().Value.Dashboard)
        {
            app.MapDashboard();
        }

        var open = app.Services.GetRequiredService<IOptions<PenchantServerOptions>>().Value.OpenOperationalEndpoints;
        IEndpointConventionBuilder[] operational = [app.MapHealthEndpoints(), app.MapMetricsEndpoints(), app.MapOpenApi()];
        foreach (var endpoint in operational)
        {
            endpoint.DisableRateLimiting();
            if (open)
            {
                endpoint.AllowAnonymous();
            }
            else
            {
                endpoint.RequireAuthorization(ApiRoles.Ingest);
            }
        }

        return app;
    }
}
