using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Penchant.Server.Contracts;
using Penchant.Server.Security;
using Penchant.Server.Services;
using Penchant.Storage;

namespace Penchant.Server.Endpoints;

/// <summary>The export of the impression log, for off-policy evaluation (<c>OffPolicyEstimators</c>).</summary>
public static class ImpressionsEndpoints
{
    /// <summary>Maps <c>GET /v1/admin/impressions</c>.</summary>
    /// <param name="app">The route builder.</param>
    /// <returns>The route builder.</returns>
    public static IEndpointRouteBuilder MapImpressionsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/admin/impressions", Export)
            .WithTags("Admin")
            .RequireAuthorization(ApiRoles.Admin)
            .WithSummary("Every logged impression (served item with position, explore flag and propensity) as JSON lines, oldest first.");
        return app;
    }

    private static async Task<IResult> Export(DateTimeOffset? since, IImpressionLog log, ImpressionWriter writer, IOptions<JsonOptions> json, CancellationToken cancellation)
    {
        // Slates still queued are written first, so the export holds every slate served before the call.
        await writer.FlushAsync(cancellation);
        return TypedResults.Stream(
            async stream =>
            {
                var newline = new byte[] { (byte)'\n' };
                await foreach (var i in log.StreamImpressionsAsync(since, cancellation))
                {
                    var dto = new ImpressionDto(i.SlateId, i.UserId, i.ItemId, i.Timestamp, i.Position, i.Explore, i.Cluster, i.Propensity, i.ModelVersion) { Placement = i.Placement };
                    await JsonSerializer.SerializeAsync(stream, dto, json.Value.SerializerOptions, cancellation);
                    await stream.WriteAsync(newline, cancellation);
                }
            },
            "application/x-ndjson");
    }
}
