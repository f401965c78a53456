using Microsoft.AspNetCore.Http.HttpResults;
using Penchant.Server.Contracts;
using Penchant.Server.Security;
using Penchant.Server.Validation;
using Penchant.Storage;

namespace Penchant.Server.Endpoints;

/// <summary>Shoppers: upsert, get, delete with their events (admin; erasure).</summary>
public static class UsersEndpoints
{
    public static IEndpointRouteBuilder MapUsersEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/users").WithTags("Users").RequireAuthorization(ApiRoles.Ingest);
        group.MapPut("/{id}", Upsert).WithSummary("Create or replace a shopper (attributes, consent).");
        group.MapGet("/{id}", Get).WithSummary("One shopper.");
        group.MapDelete("/{id}", Delete).RequireAuthorization(ApiRoles.Admin).WithSummary("Delete a shopper and every event of theirs (admin).");
        return app;
    }

    private static async Task<Results<Ok<UpsertResult>, ValidationProblem>> Upsert(
        string id, UserDto user, IPenchantStore store, CancellationToken cancellation)
    {
        var errors = new ValidationErrors();
        var valid = RequestValidator.ToUser(user, id, errors);
        if (valid is null)
        {
            return EndpointHelpers.Invalid(errors);
        }

        var result = await store.UpsertUsersAsync([valid], cancellation);
        return TypedResults.Ok(new UpsertResult(result.Written, result.Unchanged));
    }

    private static async Task<Results<Ok<UserDto>, ProblemHttpResult>> Get(string id, IPenchantStore store, CancellationToken cancellation) =>
        await store.GetUserAsync(id, cancellation) is { } user
            ? TypedResults.Ok(UserDto.From(user))
            : EndpointHelpers.NotFound("User", id);

    private static async Task<Results<Ok<DeleteResult>, ProblemHttpResult>> Delete(string id, IPenchantStore store, CancellationToken cancellation)
    {
        var events = await store.DeleteUserEventsAsync(id, cancellation);
        var deleted = await store.DeleteUserAsync(id, cancellation);
        return deleted || events > 0
            ? TypedResults.Ok(new DeleteResult(id, deleted, events))
            : EndpointHelpers.NotFound("User", id);
    }
}
