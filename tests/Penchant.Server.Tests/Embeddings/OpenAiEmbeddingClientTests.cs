using Penchant.Server.Embeddings;
using Penchant.Server.Options;

namespace Penchant.Server.Tests.Embeddings;

public sealed class OpenAiEmbeddingClientTests : IAsyncLifetime
{
    private FakeEmbeddingsEndpoint _endpoint = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _endpoint = await FakeEmbeddingsEndpoint.StartAsync();
        _http = new HttpClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _endpoint.DisposeAsync();
    }

    private OpenAiEmbeddingClient Client(int batchSize = 2, string? key = "sk-test", int? dimensions = null) =>
        new(_http, Microsoft.Extensions.Options.Options.Create(new EmbeddingServiceOptions
        {
            Endpoint = _endpoint.BaseUrl + "/",
            Model = "embed-small",
            ApiKey = key,
            BatchSize = batchSize,
            Dimensions = dimensions,
        }));

    [Fact]
    public async Task Embeds_in_batches_in_input_order_as_unit_vectors_with_the_key_and_model()
    {
        string[] texts = ["apple", "banana", "cherry", "date", "elderberry"];
        var vectors = await Client(dimensions: 26).EmbedAsync(texts, CancellationToken.None);

        Assert.Equal(3, _endpoint.Requests.Count); // 2 + 2 + 1
        Assert.All(_endpoint.Requests, static r =>
        {
            Assert.Equal("embed-small", r.Model);
            Assert.Equal("Bearer sk-test", r.Authorization);
            Assert.Equal(26, r.Dimensions);
        });
        Assert.Equal(texts, _endpoint.Requests.SelectMany(static r => r.Inputs));
        for (var i = 0; i < texts.Length; i++)
        {
            var expected = FakeEmbeddingsEndpoint.LetterCounts(texts[i]);
            var norm = MathF.Sqrt(expected.Sum(static v => v * v));
            Assert.Equal(expected.Select(v => v / norm), vectors[i], new ToleranceComparer(1e-6f));
        }
    }

    [Fact]
    public async Task Texts_already_embedded_are_not_sent_again()
    {
        var client = Client(batchSize: 10, key: null);
        await client.EmbedAsync(["apple", "banana"], CancellationToken.None);
        var again = await client.EmbedAsync(["banana", "apple", "cherry"], CancellationToken.None);

        Assert.Equal(2, _endpoint.Requests.Count);
        Assert.Equal(["cherry"], _endpoint.Requests.Last().Inputs);
        Assert.Null(_endpoint.Requests.First().Authorization);
        Assert.Equal(3, client.TextsSent);
        Assert.Equal(3, again.Length);
    }

    [Fact]
    public async Task A_failing_endpoint_is_reported_with_its_status_and_answer()
    {
        _endpoint.Failure = (401, "{\"error\":{\"message\":\"Incorrect API key provided\"}}");
        var error = await Assert.ThrowsAsync<EmbeddingServiceException>(() => Client().EmbedAsync(["apple"], CancellationToken.None));
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.Contains("Incorrect API key provided", error.Message, StringComparison.Ordinal);
        Assert.Contains("/v1/embeddings", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_that_is_not_embeddings_is_refused()
    {
        _endpoint.Failure = (200, "{\"data\":[{\"index\":5,\"embedding\":[1,2]}]}");
        var error = await Assert.ThrowsAsync<EmbeddingServiceException>(() => Client().EmbedAsync(["apple"], CancellationToken.None));
        Assert.Contains("index 5", error.Message, StringComparison.Ordinal);

        _endpoint.Failure = (200, "<html>proxy error</html>");
        error = await Assert.ThrowsAsync<EmbeddingServiceException>(() => Client().EmbedAsync(["apple"], CancellationToken.None));
        Assert.Contains("not an embeddings response", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endpoint_that_is_not_there_is_reported()
    {
        var closed = new OpenAiEmbeddingClient(_http, Microsoft.Extensions.Options.Options.Create(new EmbeddingServiceOptions { Endpoint = "http://127.0.0.1:9/v1" }));
        var error = await Assert.ThrowsAsync<EmbeddingServiceException>(() => closed.EmbedAsync(["apple"], CancellationToken.None));
        Assert.Contains("http://127.0.0.1:9/v1/embeddings failed", error.Message, StringComparison.Ordinal);
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => MathF.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
