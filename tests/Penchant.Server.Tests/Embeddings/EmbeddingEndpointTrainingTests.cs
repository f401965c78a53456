using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;
using Penchant.Server.Contracts;
using Penchant.Server.Services;

namespace Penchant.Server.Tests.Embeddings;

/// <summary>Training with <c>Penchant:Embeddings</c> set: item texts go to the endpoint once, and a dead endpoint falls back offline.</summary>
public sealed class EmbeddingEndpointTrainingTests : IAsyncLifetime
{
    private FakeEmbeddingsEndpoint _endpoint = null!;

    public async Task InitializeAsync() => _endpoint = await FakeEmbeddingsEndpoint.StartAsync();

    public async Task DisposeAsync() => await _endpoint.DisposeAsync();

    private static async Task<ModelStatus> StatusAsync(PenchantServerFactory factory)
    {
        using var admin = factory.Admin();
        return (await admin.GetFromJsonAsync<ModelStatus>("/v1/admin/model"))!;
    }

    [Fact]
    public async Task Item_texts_are_embedded_by_the_endpoint_once_and_used_for_the_interest_clusters()
    {
        await using var factory = new PenchantServerFactory(new Dictionary<string, string?>
        {
            ["Penchant:Embeddings:Endpoint"] = _endpoint.BaseUrl,
            ["Penchant:Embeddings:ApiKey"] = "sk-shop",
        });
        await ShopFixture.SeedAsync(factory);

        var status = await StatusAsync(factory);
        Assert.Equal($"text-embedding-3-small at {_endpoint.BaseUrl}", status.TextEmbeddings);
        var sent = _endpoint.Requests.SelectMany(static r => r.Inputs).ToList();
        Assert.Equal(15, sent.Count);
        Assert.Contains("Shoes item 0. Acme. Shop > Shoes", sent);
        Assert.All(_endpoint.Requests, static r => Assert.Equal("Bearer sk-shop", r.Authorization));

        using (var admin = factory.Admin())
        {
            (await admin.PostAsync("/v1/admin/train?wait=true", null)).EnsureSuccessStatusCode();
        }

        Assert.Equal(15, _endpoint.Requests.Sum(static r => r.Inputs.Length)); // nothing changed, nothing sent
        using var ingest = factory.Ingest();
        var profile = await ingest.GetAsync("/v1/profiles/shopper-0");
        Assert.True(profile.IsSuccessStatusCode, await profile.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_content_recommender_compares_the_endpoints_embeddings()
    {
        await using var factory = new PenchantServerFactory(new Dictionary<string, string?>
        {
            ["Penchant:Embeddings:Endpoint"] = _endpoint.BaseUrl,
            ["Penchant:Recommender"] = "content",
        });
        await ShopFixture.SeedAsync(factory);

        var snapshot = factory.Services.GetRequiredService<ServingModel>().Current;
        var model = Assert.IsType<Penchant.Core.Recommenders.Content.ContentModel>(snapshot.Model);
        for (var i = 0; i < snapshot.ItemCount; i++)
        {
            var expected = FakeEmbeddingsEndpoint.LetterCounts(ModelTrainer.ItemText(snapshot.ItemAt(i)!));
            var norm = MathF.Sqrt(expected.Sum(static v => v * v));
            Assert.Equal(expected.Select(v => v / norm).ToArray(), model.Embeddings.Row(i).ToArray(), static (a, b) => MathF.Abs(a - b) < 1e-5f);
        }

        Assert.Equal(15, _endpoint.Requests.Sum(static r => r.Inputs.Length)); // one request's worth for clusters and the model alike
    }

    [Fact]
    public async Task A_dead_endpoint_leaves_training_to_the_offline_model_and_says_why()
    {
        _endpoint.Failure = (503, "overloaded");
        await using var factory = new PenchantServerFactory(new Dictionary<string, string?> { ["Penchant:Embeddings:Endpoint"] = _endpoint.BaseUrl });
        await ShopFixture.SeedAsync(factory);

        var status = await StatusAsync(factory);
        Assert.StartsWith("offline (the embeddings endpoint failed: POST ", status.TextEmbeddings, StringComparison.Ordinal);
        Assert.Contains("503", status.TextEmbeddings, StringComparison.Ordinal);
        Assert.Null(status.LastError);
        using var ingest = factory.Ingest();
        var recommendations = await ingest.GetFromJsonAsync<RecommendationsResponse>("/v1/recommendations/users/shopper-0?count=3");
        Assert.True(recommendations!.Personalized);
    }

    [Fact]
    public async Task Without_an_endpoint_the_model_status_says_offline()
    {
        await using var factory = new PenchantServerFactory();
        await ShopFixture.SeedAsync(factory);
        Assert.Equal("offline", (await StatusAsync(factory)).TextEmbeddings);
        Assert.Empty(_endpoint.Requests);
    }

    [Fact]
    public async Task While_the_endpoint_fails_scheduled_runs_go_ahead_and_once_it_answers_unchanged_runs_are_left_out()
    {
        _endpoint.Failure = (503, "down");
        await using var factory = new PenchantServerFactory(new Dictionary<string, string?>
        {
            ["Penchant:Embeddings:Endpoint"] = _endpoint.BaseUrl,
            ["Penchant:TrainingInterval"] = "00:00:00.100",
        });
        await ShopFixture.SeedAsync(factory);
        var serving = factory.Services.GetRequiredService<ServingModel>();
        var training = factory.Services.GetRequiredService<TrainingService>();
        Assert.True(serving.Current.EndpointFailed);

        // Nothing changes in the store, yet each run tries the endpoint again.
        var (version, skipped) = (serving.Current.Version, training.SkippedRuns);
        await Eventually.HoldsAsync(() => serving.Current.Version >= version + 3);
        Assert.Equal(skipped, training.SkippedRuns);

        _endpoint.Failure = null;
        await Eventually.HoldsAsync(() => !serving.Current.EndpointFailed);
        Assert.StartsWith("text-embedding-3-small at ", serving.Current.TextEmbeddings, StringComparison.Ordinal);
        await Eventually.HoldsAsync(() => training.SkippedRuns >= skipped + 3);
    }
}
