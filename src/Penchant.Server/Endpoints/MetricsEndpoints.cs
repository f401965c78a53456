using Penchant.Server.Services;

namespace Penchant.Server.Endpoints;

/// <summary><c>/metrics</c> in the Prometheus text format.</summary>
public static class MetricsEndpoints
{
    public static RouteHandlerBuilder MapMetricsEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/metrics", static (ServerMetrics metrics) => TypedResults.Text(metrics.Render(), "text/plain; version=0.0.4; charset=utf-8"))
            .WithTags("Operations")
            .WithSummary("Request counts and latency histograms, events ingested, model age and training duration.");
}
