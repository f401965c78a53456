using Penchant.Core.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Penchant.Server.Contracts;
using Penchant.Server.Options;
using Penchant.Server.Security;
using Penchant.Server.Services;

namespace Penchant.Server.Endpoints;

/// <summary>Operator endpoints (admin role): model status, a train trigger and the settings in effect.</summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/admin").WithTags("Admin").RequireAuthorization(ApiRoles.Admin);
        group.MapGet("/model", Status).WithSummary("The serving model and the trainer.");
        group.MapPost("/train", Train).WithSummary("Start a training run; with wait=true, answer when the new model serves.");
        group.MapGet("/config", Config).WithSummary("The settings in effect, without secrets.");
        group.MapGet("/online", Online).WithSummary("Online evaluation of what was served: slates, click and conversion rates, explore slots against exploit slots.");
        group.MapGet("/experiment", Experiment).WithSummary("One A/B test (name=, or the first): per variant, slates served, click and conversion rates, each against the control.");
        group.MapGet("/experiments", Experiments).WithSummary("Every A/B test's report, as /experiment gives each.");
        return app;
    }

    private static async Task<Results<Ok<OnlineReportResponse>, ValidationProblem>> Online(
        OnlineReportService reports, CancellationToken cancellation, double windowHours = 24, DateTimeOffset? since = null)
    {
        if (BadWindow(windowHours) is { } bad)
        {
            return bad;
        }

        return TypedResults.Ok(await reports.OnlineAsync(TimeSpan.FromHours(windowHours), since, cancellation));
    }

    private static async Task<Results<Ok<ExperimentReportResponse>, ValidationProblem, ProblemHttpResult>> Experiment(
        OnlineReportService reports, CancellationToken cancellation, double windowHours = 24, DateTimeOffset? since = null, string? name = null, string? placement = null)
    {
        if (BadWindow(windowHours) is { } bad)
        {
            return bad;
        }

        if (BadPlacement(placement) is { } badPlacement)
        {
            return badPlacement;
        }

        return await reports.ReportAsync(name, TimeSpan.FromHours(windowHours), since, placement, cancellation) is { } report
            ? TypedResults.Ok(report)
            : TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "No experiment",
                detail: name is null
                    ? "No A/B test is configured (Penchant:Experiment or Penchant:Experiments, each with a Name and at least two Variants)."
                    : $"No A/B test is named '{name}'.");
    }

    private static async Task<Results<Ok<ExperimentReportsResponse>, ValidationProblem>> Experiments(
        OnlineReportService reports, CancellationToken cancellation, double windowHours = 24, DateTimeOffset? since = null, string? placement = null)
    {
        if (BadWindow(windowHours) is { } bad)
        {
            return bad;
        }

        if (BadPlacement(placement) is { } badPlacement)
        {
            return badPlacement;
        }

        return TypedResults.Ok(new ExperimentReportsResponse(windowHours, await reports.ReportsAsync(TimeSpan.FromHours(windowHours), since, placement, cancellation)));
    }

    /// <summary>A 400 naming <c>placement</c> when it is given and not a placement name.</summary>
    private static ValidationProblem? BadPlacement(string? placement) =>
        placement is not null && Penchant.Core.Merchandising.MerchandisingName.Problem("placement", placement) is { } problem
            ? EndpointHelpers.Invalid("placement", problem)
            : null;

    /// <summary>A 400 naming <c>windowHours</c> unless it is above 0 and at most 90 days.</summary>
    private static ValidationProblem? BadWindow(double windowHours) =>
        windowHours is > 0 and <= 24 * 90 ? null : EndpointHelpers.Invalid("windowHours", $"windowHours must be above 0 and at most 2160, not {windowHours}");

    private static Ok<ModelStatus> Status(ServingModel serving, TrainingService training, TimeProvider time) =>
        TypedResults.Ok(StatusOf(serving.Current, training, time));

    private static async Task<Results<Ok<ModelStatus>, Accepted<ModelStatus>>> Train(
        ServingModel serving, TrainingService training, TimeProvider time, CancellationToken cancellation, bool wait = false)
    {
        var run = training.RequestAsync();
        if (!wait)
        {
            return TypedResults.Accepted("/v1/admin/model", StatusOf(serving.Current, training, time));
        }

        await run.WaitAsync(cancellation);
        return TypedResults.Ok(StatusOf(serving.Current, training, time));
    }

    private static Ok<ServerConfigDto> Config(IOptions<PenchantServerOptions> options, RecommenderRegistry registry, ExperimentRouter experiments)
    {
        var o = options.Value;
        return TypedResults.Ok(new ServerConfigDto(
            o.Recommender,
            o.TrainingInterval.TotalSeconds,
            o.AllowAnonymous,
            o.OpenOperationalEndpoints,
            o.ApiKeys.Count,
            o.MaxRequestBodyBytes,
            o.MaxBatchSize,
            o.MaxCount,
            o.RateLimit.PermitsPerSecond,
            o.RateLimit.Burst,
            o.SessionEvents,
            o.SessionBoost,
            registry.Names)
        {
            EventWeights = WeightsOf(o.Weights()),
            ImpressionFatigue = o.ImpressionFatigue,
            FatigueWindowSeconds = o.FatigueWindow.TotalSeconds,
            Store = o.Store == "postgres" ? $"postgres (schema {o.Postgres.Schema})" : $"sqlite ({o.DatabasePath})",
            Experiments = [.. experiments.Plan.Experiments.Zip(experiments.Experiments, static (plan, e) => new ExperimentConfigDto(
                plan.Name,
                plan.Layer,
                plan.Traffic,
                [.. e.Variants.Select(static v => new VariantConfigDto(v.Name, string.IsNullOrWhiteSpace(v.Recommender) ? null : v.Recommender, v.Share, v.ExploreShare)
                {
                    PopularityBlend = v.PopularityBlend,
                    SessionBoost = v.SessionBoost,
                    ImpressionFatigue = v.ImpressionFatigue,
                    Campaigns = v.Campaigns,
                    SearchPersonalWeight = v.SearchPersonalWeight,
                    SearchEngagementWeight = v.SearchEngagementWeight,
                })])
            {
                Start = e.Start,
                End = e.End,
            })],
        });
    }

    private static Dictionary<string, double> WeightsOf(EventWeights weights)
    {
        var table = Penchant.Core.Data.EventTypes.All.ToDictionary(static t => t.WireName(), t => weights.WeightOf(t, t == EventType.Rating ? 5 : null));
        table["halfLifeDays"] = weights.HalfLifeDays;
        return table;
    }

    internal static ModelStatus StatusOf(ServingSnapshot snapshot, TrainingService training, TimeProvider time) => new(
        snapshot.Version,
        snapshot.Recommender,
        snapshot.TrainedAt,
        snapshot.TrainedAt is { } at ? (time.GetUtcNow() - at).TotalSeconds : null,
        snapshot.TrainedAt is null ? null : snapshot.TrainingDuration.TotalSeconds,
        snapshot.Users.Count,
        snapshot.ItemCount,
        snapshot.Interactions,
        snapshot.Events,
        training.IsTraining,
        training.LastError)
    {
        Baskets = snapshot.BoughtTogether?.Baskets ?? 0,
        BoughtTogetherRules = snapshot.BoughtTogether?.Rules.Count ?? 0,
        TextEmbeddings = snapshot.TextEmbeddings,
        ClusterNames = snapshot.ClusterNames,
        Selection = snapshot.Selection,
        SelectedAt = snapshot.SelectedAt,
        SkippedRuns = training.SkippedRuns,
        AdoptedRuns = training.AdoptedRuns,
        WaitingForLease = training.WaitingForLease,
        RestoredFrom = snapshot.RestoredFrom,
    };
}
