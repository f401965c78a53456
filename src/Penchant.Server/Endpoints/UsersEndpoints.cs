using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Penchant.Core.Privacy;
using Penchant.Server.Contracts;
using Penchant.Server.Privacy;
using Penchant.Server.Security;
using Penchant.Server.Validation;
using Penchant.Storage;

namespace Penchant.Server.Endpoints;

/// <summary>
/// Shoppers: upsert, get, erase (admin). The shop's ids are stored as pseudonyms and attributes off the allow-list are
/// dropped (the response counts them); erasure removes every trace and answers with a receipt.
/// </summary>
public static class UsersEndpoints
{
    public static IEndpointRouteBuilder MapUsersEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/users").WithTags("Users").RequireAuthorization(ApiRoles.Ingest);
        group.MapPut("/{id}", Upsert).WithSummary("Create or replace a shopper (attributes, consent).");
        group.MapGet("/{id}", Get).WithSummary("One shopper.");
        group.MapDelete("/{id}", Delete).RequireAuthorization(ApiRoles.Admin).WithSummary("Erase a shopper: events, row, serving state; answers with an erasure receipt (admin).");
        return app;
    }

    private static async Task<Results<Ok<UpsertResult>, ValidationProblem>> Upsert(
        string id, UserDto user, IPenchantStore store, IngestPrivacy privacy, CancellationToken cancellation)
    {
        var errors = new ValidationErrors();
        var valid = RequestValidator.ToUser(user, id, errors);
        if (valid is null)
        {
            return EndpointHelpers.Invalid(errors);
        }

        var tally = new IngestTally();
        var result = await store.UpsertUsersAsync([privacy.Prepare(valid, tally)], cancellation);
        return TypedResults.Ok(new UpsertResult(result.Written, result.Unchanged, tally.Dropped.Total > 0 ? tally.Dropped.Counts : null));
    }

    private static async Task<Results<Ok<UserDto>, ProblemHttpResult>> Get(string id, IPenchantStore store, IngestPrivacy privacy, CancellationToken cancellation) =>
        await store.GetUserAsync(privacy.UserKey(id), cancellation) is { } user
            ? TypedResults.Ok(UserDto.From(user) with { Id = id })
            : EndpointHelpers.NotFound("User", id);

    private static async Task<Results<Ok<ErasureResponse>, ProblemHttpResult>> Delete(
        string id, ErasureService erasure, ClaimsPrincipal caller, CancellationToken cancellation)
    {
        var response = await erasure.EraseAsync(id, PrivacyEndpoints.ActorOf(caller), cancellation);
        return response.Receipt.RemovedAnything
            ? TypedResults.Ok(response)
            : EndpointHelpers.NotFound("User", id);
    }
}
