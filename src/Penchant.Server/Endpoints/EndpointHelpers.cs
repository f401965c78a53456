using Microsoft.AspNetCore.Http.HttpResults;
using Penchant.Server.Validation;

namespace Penchant.Server.Endpoints;

/// <summary>Small pieces shared by the endpoint classes.</summary>
internal static class EndpointHelpers
{
    /// <summary>A 400 problem (RFC 9457) listing the field errors.</summary>
    public static ValidationProblem Invalid(ValidationErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request is not valid.");

    /// <summary>A 400 problem for one field.</summary>
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request is not valid.");

    /// <summary>A 409 problem: the store keeps at most <paramref name="max"/> of <paramref name="what"/> (plural) and holds that many.</summary>
    public static ProblemHttpResult Full(string what, int max, string id) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: $"Too many {what}",
            detail: what == "campaigns"
                ? $"The store keeps at most {max} {what}; delete one before adding '{id}' (DELETE /v1/admin/campaigns?status=ended deletes every ended one)."
                : $"The store keeps at most {max} {what}; delete one before adding '{id}'.");

    /// <summary>
    /// Deletes through <paramref name="delete"/> and, when there was something to delete, records
    /// <paramref name="action"/> on <paramref name="id"/> by <paramref name="user"/> in the audit log; 204, or a 404
    /// naming <paramref name="what"/>.
    /// </summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAuditedAsync(
        Func<Task<bool>> delete, string what, string id, string action, Penchant.Core.Privacy.Audit.IAuditLog audit, System.Security.Claims.ClaimsPrincipal user, TimeProvider time, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(delete);
        ArgumentNullException.ThrowIfNull(audit);
        if (!await delete())
        {
            return NotFound(what, id);
        }

        await audit.AppendAsync(new Penchant.Core.Privacy.Audit.AuditEntry(PrivacyEndpoints.ActorOf(user), action, id, time.GetUtcNow()), cancellation);
        return TypedResults.NoContent();
    }

    /// <summary>A 404 problem.</summary>
    public static ProblemHttpResult NotFound(string what, string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} not found", detail: $"There is no {what.ToLowerInvariant()} with id '{id}'.");
}
