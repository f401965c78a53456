using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Penchant.Server.Options;

namespace Penchant.Server.Embeddings;

/// <summary>The embeddings endpoint failed or answered something that is not embeddings; the message says which.</summary>
public sealed class EmbeddingServiceException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Embeds texts with any OpenAI-compatible <c>POST {endpoint}/embeddings</c> (OpenAI, Azure-style proxies, vLLM,
/// llama.cpp's server, Ollama's <c>/v1</c>, text-embeddings-inference): batches of
/// <see cref="EmbeddingServiceOptions.BatchSize"/>, answers put back in input order by their <c>index</c>, every
/// vector L2-normalised. Embeddings of texts already seen under the same model are kept in memory, so retraining
/// sends only new or changed item texts.
/// </summary>
public sealed class OpenAiEmbeddingClient(HttpClient http, IOptions<EmbeddingServiceOptions> options)
{
    private readonly Dictionary<string, float[]> _cache = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Texts sent to the endpoint so far (cache misses), for status and tests.</summary>
    public long TextsSent { get; private set; }

    /// <summary>The model and endpoint, for status: e.g. "text-embedding-3-small at http://127.0.0.1:8080/v1".</summary>
    public string Description => $"{options.Value.Model} at {options.Value.Endpoint}";

    /// <summary>One unit vector per text, in order.</summary>
    /// <exception cref="EmbeddingServiceException">The endpoint failed, timed out or answered malformed data.</exception>
    public async Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var settings = options.Value;
        if (!settings.Enabled)
        {
            throw new InvalidOperationException($"{EmbeddingServiceOptions.SectionName}:Endpoint is not set.");
        }

        var result = new float[texts.Count][];
        var missing = new List<int>();
        lock (_gate)
        {
            for (var i = 0; i < texts.Count; i++)
            {
                if (_cache.TryGetValue(Key(settings, texts[i]), out var hit))
                {
                    result[i] = hit;
                }
                else
                {
                    missing.Add(i);
                }
            }
        }

        for (var start = 0; start < missing.Count; start += settings.BatchSize)
        {
            var batch = missing.Skip(start).Take(settings.BatchSize).ToArray();
            var vectors = await RequestAsync(settings, [.. batch.Select(i => texts[i])], cancellation);
            lock (_gate)
            {
                for (var b = 0; b < batch.Length; b++)
                {
                    result[batch[b]] = vectors[b];
                    _cache[Key(settings, texts[batch[b]])] = vectors[b];
                }

                TextsSent += batch.Length;
            }
        }

        return result;
    }

    /// <summary>
    /// The unit vector of one search query, not cached (queries are many and mostly unique), within
    /// <see cref="EmbeddingServiceOptions.SearchTimeout"/>.
    /// </summary>
    /// <exception cref="EmbeddingServiceException">The endpoint failed, timed out or answered malformed data.</exception>
    public async Task<float[]> EmbedQueryAsync(string text, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(text);
        var settings = options.Value;
        if (!settings.Enabled)
        {
            throw new InvalidOperationException($"{EmbeddingServiceOptions.SectionName}:Endpoint is not set.");
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(settings.SearchTimeout);
        try
        {
            return (await RequestAsync(settings, [text], limit.Token))[0];
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new EmbeddingServiceException($"the query took longer than {settings.SearchTimeout.TotalSeconds:0.#} s");
        }
    }

    private async Task<float[][]> RequestAsync(EmbeddingServiceOptions settings, string[] inputs, CancellationToken cancellation)
    {
        var url = settings.Endpoint!.TrimEnd('/') + "/embeddings";
        var body = await OpenAiHttp.PostAsync<EmbeddingResponse>(
            http, url, new EmbeddingRequest(settings.Model, inputs, settings.Dimensions), settings.ApiKey, settings.Timeout, "an embeddings response", cancellation);
        var data = body.Data ?? throw new EmbeddingServiceException($"POST {url} answered no 'data' array.");
        var vectors = new float[inputs.Length][];
        foreach (var entry in data)
        {
            if (entry.Index < 0 || entry.Index >= inputs.Length || entry.Embedding is not { Length: > 0 } embedding)
            {
                throw new EmbeddingServiceException($"POST {url} answered an entry with index {entry.Index} and {entry.Embedding?.Length ?? 0} values for {inputs.Length} inputs.");
            }

            vectors[entry.Index] = Normalised(embedding);
        }

        var first = vectors.FirstOrDefault(static v => v is not null)?.Length ?? 0;
        for (var i = 0; i < vectors.Length; i++)
        {
            if (vectors[i] is null)
            {
                throw new EmbeddingServiceException($"POST {url} answered no embedding for input {i} of {inputs.Length}.");
            }

            if (vectors[i].Length != first)
            {
                throw new EmbeddingServiceException($"POST {url} answered embeddings of {first} and of {vectors[i].Length} values in one response.");
            }
        }

        return vectors;
    }

    private static float[] Normalised(float[] vector)
    {
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(vector);
        if (norm > 0 && float.IsFinite(norm))
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }

    // The model and the text, hashed, so the cache does not keep item texts themselves as keys.
    private static string Key(EmbeddingServiceOptions settings, string text) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{settings.Model}\n{settings.Dimensions}\n{text}")));

    private sealed record EmbeddingRequest(
        [property: JsonPropertyName("model")] string Model,
        [property: JsonPropertyName("input")] string[] Input,
        [property: JsonPropertyName("dimensions"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Dimensions);

    private sealed record EmbeddingResponse([property: JsonPropertyName("data")] List<EmbeddingEntry>? Data);

    private sealed record EmbeddingEntry(
        [property: JsonPropertyName("index")] int Index,
        [property: JsonPropertyName("embedding")] float[]? Embedding);
}
