using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Penchant.Server.Options;

namespace Penchant.Server.Security;

/// <summary>A token bucket per API key (per address for callers without one); a refused call gets 429 problem details.</summary>
public static class RateLimiting
{
    public static IServiceCollection AddPerKeyRateLimiter(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var settings = context.RequestServices.GetRequiredService<IOptions<PenchantServerOptions>>().Value.RateLimit;
                if (settings.PermitsPerSecond <= 0)
                {
                    return RateLimitPartition.GetNoLimiter("unlimited");
                }

                var partition = context.User.Identity is { IsAuthenticated: true, Name: { } name }
                    ? "key:" + name
                    : "ip:" + context.Connection.RemoteIpAddress;
                return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(1, settings.Burst),
                    TokensPerPeriod = settings.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = static async (rejected, cancellation) =>
            {
                var http = rejected.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                var retry = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = "This key has used up its request rate; retry after the time in the Retry-After header.",
                    },
                });
            };
        });
}
