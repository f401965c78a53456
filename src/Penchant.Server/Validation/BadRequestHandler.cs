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

        // The middleware has cleared the request's endpoint by now; the feature keeps the one that failed.
        var endpoint = httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? httpContext.GetEndpoint();
        var body = endpoint?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.RequestType;
        var (field, message) = Describe(bad, body);
        var problem = TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request is not valid.");
        httpContext.Response.StatusCode = bad.StatusCode;
        await problem.ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>The field a failed binding names, and what is wrong with it, in words.</summary>
    /// <param name="bad">What the binding threw.</param>
    /// <param name="body">The type the endpoint reads its JSON body into, when it reads one: the field's own type is found from it.</param>
    internal static (string Field, string Message) Describe(BadHttpRequestException bad, Type? body = null)
    {
        ArgumentNullException.ThrowIfNull(bad);
        if (bad.InnerException is JsonException json)
        {
            var path = FieldOf(json.Path);
            var where = json.LineNumber is { } line ? $"line {line + 1}, position {(json.BytePositionInLine ?? 0) + 1}" : "";
            if (path.Length > 0 && json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
            {
                // System.Text.Json names the record holding the value, not the value's own type: it is found from the body's type.
                return TypeAt(body, path) is { } type
                    ? (path, $"{path} must be {Expected(type)} ({where})")
                    : (path, $"{path} holds a value of the wrong kind ({where}): see the API's document (/openapi/v1.json)");
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


    /// <summary>
    /// The type of the member at <paramref name="path"/> (<c>boosts[0].weight</c>) in <paramref name="root"/>, matching
    /// names as the JSON binding does (case-insensitive), through lists and dictionaries; null when it cannot be followed.
    /// </summary>
    internal static Type? TypeAt(Type? root, string path)
    {
        var type = root;
        foreach (var part in path.Split('.'))
        {
            if (type is null)
            {
                return null;
            }

            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? part : part[..bracket];
            if (name.Length > 0)
            {
                type = Unwrap(type);
                if (Element(type, dictionary: true) is { } value)
                {
                    type = value;
                }
                else
                {
                    type = type.GetProperty(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase)?.PropertyType;
                }
            }

            for (var i = bracket; type is not null && i >= 0 && i < part.Length; i = part.IndexOf('[', i + 1))
            {
                type = Element(Unwrap(type), dictionary: false);
            }
        }

        return type is null ? null : Unwrap(type);
    }

    private static Type Unwrap(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    // The element type of a list (or the value type of a string-keyed dictionary), or null.
    private static Type? Element(Type type, bool dictionary)
    {
        if (type.IsArray)
        {
            return dictionary ? null : type.GetElementType();
        }

        foreach (var face in type.IsInterface ? type.GetInterfaces().Append(type) : type.GetInterfaces())
        {
            if (!face.IsGenericType)
            {
                continue;
            }

            var definition = face.GetGenericTypeDefinition();
            if (dictionary && definition == typeof(IReadOnlyDictionary<,>))
            {
                return face.GetGenericArguments()[1];
            }

            if (!dictionary && definition == typeof(IEnumerable<>) && type != typeof(string))
            {
                return face.GetGenericArguments()[0];
            }
        }

        return null;
    }

    private static string Expected(Type type) =>
        type == typeof(string) ? "a string"
        : type.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(type))
        : Element(type, dictionary: true) is not null ? "an object"
        : Element(type, dictionary: false) is not null ? "a list"
        : type.IsPrimitive || type == typeof(decimal) || type == typeof(DateTimeOffset) || type == typeof(DateTime) ? Expected(type.Name)
        : "an object";

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
