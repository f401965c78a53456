using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace Penchant.Server.Validation;

/// <summary>
/// Turns a request the endpoints could not even bind into a problem naming what is wrong, as every other bad input
/// is named: a JSON body whose value does not fit its field names the field by its path (<c>boosts[0].weight</c>,
/// <c>value</c>), JSON that does not parse names the body with the line and position, and a query or route value that
/// does not fit its type (<c>count=many</c>) names the parameter. Without it ASP.NET Core answers a bare
/// "400 Bad Request".
/// </summary>
public sealed partial class BadRequestHandler : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var (field, message) = Describe(bad);
        var problem = TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request is not valid.");
        httpContext.Response.StatusCode = bad.StatusCode;
        await problem.ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>The field a failed binding names, and what is wrong with it, in words.</summary>
    internal static (string Field, string Message) Describe(BadHttpRequestException bad)
    {
        ArgumentNullException.ThrowIfNull(bad);
        if (bad.InnerException is JsonException json)
        {
            var path = FieldOf(json.Path);
            var where = json.LineNumber is { } line ? $"line {line + 1}, position {(json.BytePositionInLine ?? 0) + 1}" : "";
            if (path.Length > 0 && json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
            {
                // System.Text.Json names the record holding the value, not the value's own type, so the kind expected is not told.
                return (path, $"{path} holds a value of the wrong kind ({where}): a number, a string, true/false, a list or an object, as the API's document (/openapi/v1.json) gives it");
            }

            var first = json.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].Trim();
            return ("body", $"the body is not valid JSON ({where}{(path.Length > 0 ? $", at {path}" : "")}): {first}");
        }

        if (BindFailure().Match(bad.Message) is { Success: true } match)
        {
            var name = match.Groups["name"].Value;
            var field = char.ToLowerInvariant(name[0]) + name[1..];
            return (field, $"{field} must be {Expected(match.Groups["type"].Value)}, not '{match.Groups["value"].Value}'");
        }

        if (RequiredMissing().Match(bad.Message) is { Success: true } missing)
        {
            var name = missing.Groups["name"].Value;
            return (char.ToLowerInvariant(name[0]) + name[1..], bad.Message);
        }

        return bad.Message.Contains("no body was provided", StringComparison.Ordinal)
            ? ("body", "the request needs a JSON body")
            : ("body", bad.Message);
    }

    // "$.boosts[0].weight" → "boosts[0].weight"; "$" → "".
    private static string FieldOf(string? path) =>
        path is null ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');


    private static string Expected(string type)
    {
        var t = type.ToLowerInvariant();
        return t switch
        {
            _ when t.Contains("datetime", StringComparison.Ordinal) => "a date and time (ISO 8601, e.g. 2026-12-01T00:00:00Z)",
            _ when t.Contains("bool", StringComparison.Ordinal) => "true or false",
            _ when t.Contains("int", StringComparison.Ordinal) || t.Contains("long", StringComparison.Ordinal) => "a whole number",
            _ when t.Contains("single", StringComparison.Ordinal) || t.Contains("float", StringComparison.Ordinal) || t.Contains("double", StringComparison.Ordinal) || t.Contains("decimal", StringComparison.Ordinal) => "a number",
            _ => "a value of type " + type,
        };
    }

    [GeneratedRegex("""Failed to bind parameter "(?<type>[^"]+?) (?<name>\w+)" from "(?<value>[^"]*)"\.""")]
    private static partial Regex BindFailure();

    [GeneratedRegex("""Required parameter "(?<type>[^"]+?) (?<name>\w+)" was not provided""")]
    private static partial Regex RequiredMissing();
}
