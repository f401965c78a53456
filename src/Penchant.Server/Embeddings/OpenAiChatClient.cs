using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Penchant.Server.Options;

namespace Penchant.Server.Embeddings;

/// <summary>
/// Asks any OpenAI-compatible <c>POST {endpoint}/chat/completions</c> for short texts (at temperature 0), caching
/// answers by model and prompt so that a retrain asks again only where the prompt changed. Failures raise
/// <see cref="EmbeddingServiceException"/> with the endpoint's status and answer.
/// </summary>
public sealed class OpenAiChatClient(HttpClient http, IOptions<LanguageModelOptions> options)
{
    private readonly Dictionary<string, string> _cache = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Prompts sent so far (cache misses).</summary>
    public long PromptsSent { get; private set; }

    /// <summary>The model and endpoint, for status.</summary>
    public string Description => $"{options.Value.Model} at {options.Value.Endpoint}";

    /// <summary>The model's answer to <paramref name="prompt"/> under <paramref name="system"/>.</summary>
    /// <param name="system">The instructions.</param>
    /// <param name="prompt">The material.</param>
    /// <param name="maxTokens">The longest answer.</param>
    /// <param name="cancellation">Cancels the request.</param>
    /// <param name="cache">
    /// Whether the answer is kept for the same prompt later (cluster names). Off for prompts that hold a shopper's
    /// data (profile narratives): the process then keeps nothing of them, so nothing outlives an erasure, and memory
    /// does not grow with the number of shoppers asked about.
    /// </param>
    public async Task<string> CompleteAsync(string system, string prompt, int maxTokens, CancellationToken cancellation, bool cache = true)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            throw new InvalidOperationException($"{LanguageModelOptions.SectionName}:Endpoint is not set.");
        }

        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{settings.Model}\n{system}\n{prompt}")));
        lock (_gate)
        {
            if (cache && _cache.TryGetValue(key, out var hit))
            {
                return hit;
            }
        }

        var url = settings.Endpoint!.TrimEnd('/') + "/chat/completions";
        var body = await OpenAiHttp.PostAsync<ChatResponse>(
            http, url, new ChatRequest(settings.Model, [new("system", system), new("user", prompt)], 0, maxTokens), settings.ApiKey, settings.Timeout, "a chat completion", cancellation);
        var answer = body.Choices?.FirstOrDefault()?.Message?.Content
            ?? throw new EmbeddingServiceException($"POST {url} answered no choices[0].message.content.");
        lock (_gate)
        {
            if (cache)
            {
                _cache[key] = answer;
            }

            PromptsSent++;
        }

        return answer;
    }

    private sealed record ChatMessage([property: JsonPropertyName("role")] string Role, [property: JsonPropertyName("content")] string? Content);

    private sealed record ChatRequest(
        [property: JsonPropertyName("model")] string Model,
        [property: JsonPropertyName("messages")] ChatMessage[] Messages,
        [property: JsonPropertyName("temperature")] double Temperature,
        [property: JsonPropertyName("max_tokens")] int MaxTokens);

    private sealed record ChatChoice([property: JsonPropertyName("message")] ChatMessage? Message);

    private sealed record ChatResponse([property: JsonPropertyName("choices")] List<ChatChoice>? Choices);
}
