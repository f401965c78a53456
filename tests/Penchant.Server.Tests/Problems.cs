using System.Net;
using System.Text.Json;

namespace Penchant.Server.Tests;

/// <summary>Assertions on RFC 9457 problem responses.</summary>
public static class Problems
{
    /// <summary>Asserts the status and problem+json content type; returns the problem document.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>Asserts a 400 validation problem with an error on <paramref name="field"/> containing <paramref name="fragment"/>.</summary>
    public static async Task<JsonElement> AssertFieldErrorAsync(HttpResponseMessage response, string field, string fragment)
    {
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for '{field}' in {errors}");
        Assert.Contains(messages.EnumerateArray(), m => m.GetString()!.Contains(fragment, StringComparison.Ordinal));
        return problem;
    }
}
