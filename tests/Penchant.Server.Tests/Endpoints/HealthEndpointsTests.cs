using System.Net;
using System.Net.Http.Json;
using Penchant.Server.Contracts;

namespace Penchant.Server.Tests.Endpoints;

public sealed class HealthEndpointsTests : IAsyncLifetime
{
    private readonly PenchantServerFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Health_answers_and_ready_reports_the_serving_version()
    {
        using var client = _factory.Client(null);
        var health = await client.GetFromJsonAsync<HealthStatus>("/health");
        Assert.Equal("ok", health!.Status);

        var trained = await _factory.TrainAsync();
        var ready = await client.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var status = await ready.Content.ReadFromJsonAsync<HealthStatus>();
        Assert.Equal("ready", status!.Status);
        Assert.Equal(trained.Version, status.ModelVersion);
    }

    [Fact]
    public async Task OpenApi_document_lists_the_endpoints()
    {
        using var client = _factory.Client(null);
        var document = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("\"/v1/events/batch\"", document, StringComparison.Ordinal);
        Assert.Contains("\"/v1/recommendations/users/{userId}\"", document, StringComparison.Ordinal);
        Assert.Contains("\"/v1/admin/train\"", document, StringComparison.Ordinal);
        Assert.Contains("\"X-Api-Key\"", document, StringComparison.Ordinal);
    }
}
