using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Penchant.Server.Contracts;

namespace Penchant.Server.Tests.Security;

/// <summary>One server for the class: these tests only read, or write an idempotent event, so they cannot disturb each other.</summary>
public sealed class ApiKeyAuthenticationHandlerTests(ApiKeyAuthenticationHandlerTests.Server server) : IClassFixture<ApiKeyAuthenticationHandlerTests.Server>
{
    private readonly PenchantServerFactory _factory = server.Factory;

    public sealed class Server : IAsyncLifetime
    {
        public PenchantServerFactory Factory { get; } = new();

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }

    [Fact]
    public async Task Missing_key_is_a_401_problem_with_a_challenge()
    {
        using var client = _factory.Client(null);
        var response = await client.GetAsync("/v1/items");
        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("X-Api-Key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task Invalid_key_is_a_401_problem()
    {
        using var client = _factory.Client("not-a-real-key-at-all");
        var problem = await Problems.AssertProblemAsync(await client.GetAsync("/v1/items"), HttpStatusCode.Unauthorized);
        Assert.Contains("not valid", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bearer_token_is_accepted_like_the_header()
    {
        using var client = _factory.Client(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PenchantServerFactory.IngestKey);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/items")).StatusCode);
    }

    [Theory]
    [InlineData("POST", "/v1/admin/train")]
    [InlineData("GET", "/v1/admin/model")]
    [InlineData("GET", "/v1/admin/config")]
    [InlineData("GET", "/v1/admin/experiments")]
    [InlineData("GET", "/v1/admin/experiment?name=any")]
    [InlineData("DELETE", "/v1/users/u1")]
    public async Task Ingest_key_on_admin_operations_is_a_403_problem(string method, string path)
    {
        using var client = _factory.Ingest();
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("'admin' role", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_key_can_ingest_and_read()
    {
        using var client = _factory.Admin();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/v1/events", new EventDto("e", "u", "i", "view"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/recommendations/popular")).StatusCode);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/metrics")]
    [InlineData("/openapi/v1.json")]
    public async Task Operational_endpoints_are_open_by_default(string path)
    {
        using var client = _factory.Client(null);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
    }
}

public sealed class ClosedOperationalEndpointsTests : IAsyncLifetime
{
    private readonly PenchantServerFactory _factory = new(new Dictionary<string, string?> { ["Penchant:OpenOperationalEndpoints"] = "false" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Operational_endpoints_can_require_a_key()
    {
        using var anonymous = _factory.Client(null);
        using var ingest = _factory.Ingest();
        await Problems.AssertProblemAsync(await anonymous.GetAsync("/metrics"), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await ingest.GetAsync("/metrics")).StatusCode);
    }
}

public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly PenchantServerFactory _factory = new(new Dictionary<string, string?>
    {
        ["Penchant:RateLimit:PermitsPerSecond"] = "1",
        ["Penchant:RateLimit:Burst"] = "3",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_key_over_its_rate_gets_429_while_another_key_is_unaffected()
    {
        using var ingest = _factory.Ingest();
        using var admin = _factory.Admin();

        // Twelve requests at once against a bucket of three that refills one a second: some must be refused,
        // however slowly the machine runs.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => ingest.GetAsync("/v1/items")));
        var refills = (int)Math.Ceiling(watch.Elapsed.TotalSeconds) + 1;
        Assert.Contains(responses, static r => r.StatusCode == HttpStatusCode.OK);
        var limited = responses.First(static r => r.StatusCode == HttpStatusCode.TooManyRequests);
        var problem = await Problems.AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Contains("rate", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(responses.Count(static r => r.StatusCode == HttpStatusCode.OK) <= 3 + refills, "more requests passed than the bucket allows");

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/v1/items")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ingest.GetAsync("/health")).StatusCode);
    }
}

public sealed class StartupKeyCheckTests
{
    [Fact]
    public async Task Without_keys_the_server_refuses_to_start_with_a_clear_message()
    {
        await using var factory = new PenchantServerFactory(withKeys: false);
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var all = string.Join(" | ", Flatten(error).Select(static e => e.Message));
        Assert.Contains(Flatten(error), static e => e is OptionsValidationException);
        Assert.Contains("No API keys are configured", all, StringComparison.Ordinal);
        Assert.Contains("--insecure-dev", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_allow_anonymous_every_caller_is_admin()
    {
        await using var factory = new PenchantServerFactory(new Dictionary<string, string?> { ["Penchant:AllowAnonymous"] = "true" }, withKeys: false);
        using var client = factory.Client(null);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/admin/model")).StatusCode);
    }

    [Fact]
    public async Task A_short_key_is_refused_at_start()
    {
        await using var factory = new PenchantServerFactory(new Dictionary<string, string?>
        {
            ["Penchant:ApiKeys:2:Key"] = "short",
            ["Penchant:ApiKeys:2:Role"] = "ingest",
        });
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains(Flatten(error), static e => e.Message.Contains("at least 16 characters", StringComparison.Ordinal));
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            yield return x;
            if (x is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }
}
