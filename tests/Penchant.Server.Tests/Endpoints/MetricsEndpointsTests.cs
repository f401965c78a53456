using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Penchant.Server.Contracts;

namespace Penchant.Server.Tests.Endpoints;

public sealed class MetricsEndpointsTests : IAsyncLifetime
{
    private readonly PenchantServerFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Metrics_count_requests_events_and_training_in_prometheus_format()
    {
        using var client = _factory.Ingest();
        await client.PostAsJsonAsync("/v1/events/batch", new EventBatchDto(
            [new EventDto("1", "u", "i", "view"), new EventDto("2", "u", "i", "view"), new EventDto("3", "u", "i", "warp")]));
        await client.PostAsJsonAsync("/v1/events", new EventDto("1", "u", "i", "view"));
        await _factory.TrainAsync();
        for (var i = 0; i < 3; i++)
        {
            await client.GetAsync("/v1/recommendations/users/u");
        }

        var response = await client.GetAsync("/metrics");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("penchant_http_requests_total{route=\"/v1/recommendations/users/{userId}\",method=\"GET\",status=\"200\"} 3", text, StringComparison.Ordinal);
        Assert.Contains("penchant_http_request_duration_seconds_count{route=\"/v1/recommendations/users/{userId}\",method=\"GET\"} 3", text, StringComparison.Ordinal);
        Assert.Contains("penchant_http_request_duration_seconds_bucket{route=\"/v1/recommendations/users/{userId}\",method=\"GET\",le=\"+Inf\"} 3", text, StringComparison.Ordinal);
        Assert.Contains("penchant_events_ingested_total{outcome=\"accepted\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("penchant_events_ingested_total{outcome=\"duplicate\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("penchant_events_ingested_total{outcome=\"rejected\"} 1", text, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"^penchant_model_age_seconds \d", RegexOptions.Multiline), text);
        Assert.Matches(new Regex(@"^penchant_training_duration_seconds \d", RegexOptions.Multiline), text);
        Assert.Matches(new Regex(@"^penchant_model_version [1-9]", RegexOptions.Multiline), text);
    }

    [Fact]
    public async Task Metrics_show_the_runtimes_collections_pauses_heap_and_cpu_and_they_only_grow()
    {
        using var client = _factory.Ingest();
        var before = Runtime(await client.GetStringAsync("/metrics"));
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        var after = Runtime(await client.GetStringAsync("/metrics"));
        Assert.True(after["dotnet_gc_collections_total{generation=\"0\"}"] > before["dotnet_gc_collections_total{generation=\"0\"}"]);
        Assert.True(after["dotnet_gc_collections_total{generation=\"2\"}"] >= before["dotnet_gc_collections_total{generation=\"2\"}"]);
        Assert.True(after["dotnet_gc_pause_seconds_total"] >= before["dotnet_gc_pause_seconds_total"]);
        Assert.True(after["dotnet_gc_heap_bytes"] > 0);
        Assert.True(after["process_cpu_seconds_total"] > 0);
    }

    private static Dictionary<string, double> Runtime(string text) =>
        text.Split('\n')
            .Where(line => line.StartsWith("dotnet_", StringComparison.Ordinal) || line.StartsWith("process_", StringComparison.Ordinal))
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[0], parts => double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
}
