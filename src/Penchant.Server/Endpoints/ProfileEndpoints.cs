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
        group.MapGet("/{userId}", Get).WithSummary("Weighted, time-decayed interests of a shopper with their evidence; narrative=true adds the profile in a few sentences.");
        return app;
    }

    private static async Task<Ok<InterestProfileDto>> Get(
        string userId, IInterestProfileProvider profiles, ProfileNarrator narrator, Penchant.Core.Privacy.IngestPrivacy privacy, CancellationToken cancellation, bool narrative = false)
    {
        var key = privacy.UserKey(userId);
        var profile = narrative ? await narrator.ProfileWithNarrativeAsync(key, cancellation) : await profiles.GetProfileAsync(key, cancellation);
        return TypedResults.Ok(profile with { UserId = userId });
    }
}
