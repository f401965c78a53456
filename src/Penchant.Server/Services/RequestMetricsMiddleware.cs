using System.Diagnostics;

namespace Penchant.Server.Services;

/// <summary>Times every request and records it under its route template (e.g. <c>/v1/items/{id}</c>).</summary>
public sealed class RequestMetricsMiddleware(RequestDelegate next, ServerMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            metrics.RecordRequest(route, context.Request.Method, context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
        }
    }
}
