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

    /// <summary>A 404 problem.</summary>
    public static ProblemHttpResult NotFound(string what, string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} not found", detail: $"There is no {what.ToLowerInvariant()} with id '{id}'.");
}
