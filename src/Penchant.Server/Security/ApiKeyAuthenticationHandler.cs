using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Penchant.Server.Options;

namespace Penchant.Server.Security;

/// <summary>
/// Authenticates <c>X-Api-Key</c> or <c>Authorization: Bearer</c> against the configured keys, comparing in
/// constant time. A challenge answers 401 and a forbidden call 403, both as problem details.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<PenchantServerOptions> serverOptions,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    private const string HeaderName = "X-Api-Key";
    private const string FailureItem = "penchant.auth.failure";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var settings = serverOptions.Value;
        var presented = ReadKey(Request);
        if (presented is null)
        {
            return Task.FromResult(settings.AllowAnonymous
                ? Success("anonymous", ApiRoles.Admin)
                : AuthenticateResult.NoResult());
        }

        var presentedBytes = Encoding.UTF8.GetBytes(presented);
        foreach (var key in settings.ApiKeys)
        {
            if (key.Key.Length > 0 && CryptographicOperations.FixedTimeEquals(presentedBytes, Encoding.UTF8.GetBytes(key.Key)))
            {
                return Task.FromResult(Success(key.Name ?? $"key-{key.Role}", key.Role));
            }
        }

        Context.Items[FailureItem] = "The API key is not valid.";
        return Task.FromResult(AuthenticateResult.Fail("invalid API key"));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "ApiKey header=\"X-Api-Key\", Bearer";
        var detail = Context.Items[FailureItem] as string ?? "An API key is required: send it in the X-Api-Key header or as Authorization: Bearer <key>.";
        return WriteProblem(StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var role = Context.User.FindFirstValue(ClaimTypes.Role) ?? "none";
        return WriteProblem(StatusCodes.Status403Forbidden, "Forbidden", $"This key has the '{role}' role; this operation needs the 'admin' role.");
    }

    private Task WriteProblem(int status, string title, string detail) =>
        problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();

    private AuthenticateResult Success(string name, string role)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    private static string? ReadKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out var header) && !string.IsNullOrWhiteSpace(header.ToString()))
        {
            return header.ToString().Trim();
        }

        var authorization = request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        return authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) && authorization.Length > bearer.Length
            ? authorization[bearer.Length..].Trim()
            : null;
    }
}
