using System.Text.Json;

namespace Penchant.Server.Embeddings;

/// <summary>One JSON request to an OpenAI-compatible API, with its failures turned into <see cref="EmbeddingServiceException"/>s that name the address, status and answer.</summary>
internal static class OpenAiHttp
{
    /// <summary>
    /// POSTs <paramref name="body"/> as JSON to <paramref name="url"/> through <paramref name="http"/>, with
    /// <paramref name="apiKey"/> as the bearer token when given, and reads the answer as <typeparamref name="TResponse"/>
    /// within <paramref name="timeout"/> (or until <paramref name="cancellation"/>). <paramref name="what"/> names what the
    /// answer should be, for the error when it is not ("an embeddings response").
    /// </summary>
    public static async Task<TResponse> PostAsync<TResponse>(
        HttpClient http, string url, object body, string? apiKey, TimeSpan timeout, string what, CancellationToken cancellation)
        where TResponse : class
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = System.Net.Http.Json.JsonContent.Create(body, body.GetType()) };
        if (!string.IsNullOrWhiteSpace(apiKey))
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, limit.Token);
            if (!response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(limit.Token);
                throw new EmbeddingServiceException(
                    $"POST {url} answered {(int)response.StatusCode} {response.ReasonPhrase}: {(text.Length > 300 ? text[..300] + "…" : text)}");
            }

            return await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<TResponse>(response.Content, limit.Token)
                ?? throw new EmbeddingServiceException($"POST {url} answered null, not {what}.");
        }
        catch (OperationCanceledException e) when (!cancellation.IsCancellationRequested)
        {
            throw new EmbeddingServiceException($"POST {url} took longer than {timeout.TotalSeconds:0} s.", e);
        }
        catch (HttpRequestException e)
        {
            throw new EmbeddingServiceException($"POST {url} failed: {e.Message}", e);
        }
        catch (JsonException e)
        {
            throw new EmbeddingServiceException($"POST {url} answered JSON that is not {what}: {e.Message}", e);
        }
    }
}
