using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Penchant.Server.Tests.Embeddings;

/// <summary>
/// A real HTTP server on a loopback port that speaks the OpenAI embeddings and chat protocols (the real services
/// cannot run here): <c>POST /v1/embeddings</c> answers each input with a vector of its letter counts a-z, in reverse
/// order of the inputs so that clients must use the <c>index</c>; <c>POST /v1/chat/completions</c> names a product
/// group after its first product. It records every request.
/// </summary>
public sealed class FakeEmbeddingsEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeEmbeddingsEndpoint(WebApplication app) => _app = app;

    /// <summary>Each request's model, inputs, requested dimensions and Authorization header.</summary>
    public ConcurrentQueue<(string Model, string[] Inputs, int? Dimensions, string? Authorization)> Requests { get; } = new();

    /// <summary>The user message of each chat request.</summary>
    public ConcurrentQueue<string> Prompts { get; } = new();

    /// <summary>When set, chat requests are answered with what it makes of the prompt instead.</summary>
    public Func<string, string>? Answer { get; set; }

    /// <summary>When set, every request is answered with this status and body instead.</summary>
    public (int Status, string Body)? Failure { get; set; }

    /// <summary>The base address clients configure, ending in /v1.</summary>
    public string BaseUrl { get; private set; } = "";

    public static async Task<FakeEmbeddingsEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeEmbeddingsEndpoint(app);
        app.MapPost("/v1/embeddings", async (HttpContext context) =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var root = body.RootElement;
            var inputs = root.GetProperty("input").EnumerateArray().Select(static e => e.GetString()!).ToArray();
            int? dimensions = root.TryGetProperty("dimensions", out var d) ? d.GetInt32() : null;
            fake.Requests.Enqueue((root.GetProperty("model").GetString()!, inputs, dimensions, context.Request.Headers.Authorization.FirstOrDefault()));
            if (fake.Failure is { } failure)
            {
                context.Response.StatusCode = failure.Status;
                await context.Response.WriteAsync(failure.Body);
                return;
            }

            var data = inputs.Select((text, index) => new { @object = "embedding", index, embedding = LetterCounts(text) }).Reverse().ToArray();
            await context.Response.WriteAsJsonAsync(new { @object = "list", data, model = root.GetProperty("model").GetString() });
        });
        app.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var messages = body.RootElement.GetProperty("messages").EnumerateArray().Select(static m => m.GetProperty("content").GetString()!).ToArray();
            fake.Prompts.Enqueue(messages[^1]);
            if (fake.Failure is { } failure)
            {
                context.Response.StatusCode = failure.Status;
                await context.Response.WriteAsync(failure.Body);
                return;
            }

            // A cluster is named after its first product, in quotes and with a full stop, as chat models like to
            // answer; a profile's facts (no product lines) are summed up by their count and first line.
            var lines = messages[^1].Split('\n');
            var first = lines.FirstOrDefault(static l => l.StartsWith("- ", StringComparison.Ordinal));
            var content = fake.Answer is { } answer ? answer(messages[^1])
                : first is null ? $"\"Narrative of {lines.Length} facts, led by {lines[0]}\"\n" : $"\"Label for {first[2..]}.\"\n";
            await context.Response.WriteAsJsonAsync(new { choices = new[] { new { index = 0, message = new { role = "assistant", content } } } });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = address.TrimEnd('/') + "/v1";
        return fake;
    }

    /// <summary>The vector the endpoint answers for <paramref name="text"/> before normalisation.</summary>
    public static float[] LetterCounts(string text)
    {
        var counts = new float[26];
        foreach (var c in text.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z')
            {
                counts[c - 'a']++;
            }
        }

        return counts;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
