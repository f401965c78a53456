using System.Collections.Frozen;
using System.Reflection;

namespace Penchant.Server.Dashboard;

/// <summary>
/// The dashboard: one page with its script and style sheet, embedded in the server's assembly and served at
/// <c>/dashboard</c> without a key. They hold no data; the page asks for an API key, keeps it for the browser tab only
/// (session storage), and calls the API with it, so every panel shows what that key's role may see.
/// </summary>
public static class DashboardEndpoints
{
    /// <summary>
    /// Scripts and styles only from the server itself, no inline script, no framing: a catalogue title holding markup
    /// cannot run as script even if it reached the page as markup (the script writes every value as text).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, (string ContentType, byte[] Body)> Assets = Load();

    /// <summary>Maps the page (<c>/dashboard</c>, with or without the trailing slash) and its two assets.</summary>
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        foreach (var (route, name) in new[] { ("/dashboard", "index.html"), ("/dashboard/app.js", "app.js"), ("/dashboard/app.css", "app.css") })
        {
            var (contentType, body) = Assets[name];
            app.MapGet(route, (HttpContext context) =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.CacheControl = "no-cache";
                headers["Referrer-Policy"] = "no-referrer";
                return TypedResults.Bytes(body, contentType);
            }).ExcludeFromDescription().AllowAnonymous().DisableRateLimiting();
        }

        return app;
    }

    private static FrozenDictionary<string, (string ContentType, byte[] Body)> Load()
    {
        var assembly = typeof(DashboardEndpoints).Assembly;
        return new Dictionary<string, (string, byte[])>
        {
            ["index.html"] = ("text/html; charset=utf-8", Read(assembly, "index.html")),
            ["app.js"] = ("text/javascript; charset=utf-8", Read(assembly, "app.js")),
            ["app.css"] = ("text/css; charset=utf-8", Read(assembly, "app.css")),
        }.ToFrozenDictionary();
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream("Penchant.Dashboard." + name)
            ?? throw new InvalidOperationException($"The dashboard asset '{name}' is missing from the server assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
