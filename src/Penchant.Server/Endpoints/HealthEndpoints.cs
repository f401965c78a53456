using Microsoft.AspNetCore.Http.HttpResults;
using Penchant.Server.Contracts;
using Penchant.Server.Services;
using Penchant.Storage;

namespace Penchant.Server.Endpoints;

/// <summary>Liveness (<c>/health</c>) and readiness (<c>/ready</c>: the store answers and a model serves).</summary>
public static class HealthEndpoints
{
    public static RouteGroupBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Operations");
        group.MapGet("/health", static () => TypedResults.Ok(new HealthStatus("ok", 0))).WithSummary("The process is up.");
        group.MapGet("/ready", Ready).WithSummary("The store answers and a trained model is serving.");
        return group;
    }

    private static async Task<Results<Ok<HealthStatus>, ProblemHttpResult>> Ready(ServingModel serving, IPenchantStore store, CancellationToken cancellation)
    {
        await store.GetSchemaVersionAsync(cancellation);
        return serving.IsReady
            ? TypedResults.Ok(new HealthStatus("ready", serving.Current.Version))
            : TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready", detail: "The first model is still training.");
    }
}
