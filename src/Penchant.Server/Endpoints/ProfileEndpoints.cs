using Microsoft.AspNetCore.Http.HttpResults;
using Penchant.Server.Contracts;
using Penchant.Server.Security;
using Penchant.Server.Services;

namespace Penchant.Server.Endpoints;

/// <summary>A shopper's interest profile.</summary>
public static class ProfileEndpoints
{
    public static IEndpointRouteBuilder MapProfileEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/profiles").WithTags("Profiles").RequireAuthorization(ApiRoles.Ingest);
        group.MapGet("/{userId}", Get).WithSummary("Weighted, time-decayed categories and brands a shopper is interested in.");
        return app;
    }

    private static async Task<Ok<InterestProfileDto>> Get(string userId, IInterestProfileProvider profiles, Penchant.Core.Privacy.IngestPrivacy privacy, CancellationToken cancellation) =>
        TypedResults.Ok(await profiles.GetProfileAsync(privacy.UserKey(userId), cancellation) with { UserId = userId });
}
