using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Penchant.Server.Contracts;
using Penchant.Server.Services;

namespace Penchant.Server.Tests.Embeddings;

/// <summary>Training with <c>Penchant:Language</c> set: a chat model names the interest clusters.</summary>
public sealed class ClusterNamingTests : IAsyncLifetime
{
    private FakeEmbeddingsEndpoint _endpoint = null!;

    public async Task InitializeAsync() => _endpoint = await FakeEmbeddingsEndpoint.StartAsync();

    public async Task DisposeAsync() => await _endpoint.DisposeAsync();

    private PenchantServerFactory Factory() => new(new Dictionary<string, string?>
    {
        ["Penchant:Language:Endpoint"] = _endpoint.BaseUrl,
        ["Penchant:ItemsPerInterestCluster"] = "5",
    });

    [Fact]
    public async Task Each_cluster_is_named_by_the_model_from_its_products_and_a_retrain_asks_nothing_new()
    {
        await using var factory = Factory();
        await ShopFixture.SeedAsync(factory);

        var snapshot = factory.Services.GetRequiredService<ServingModel>().Current;
        Assert.Equal(3, snapshot.Clusters!.Clusters.Count);
        Assert.All(snapshot.Clusters.Clusters, static c => Assert.Matches(@"^Label for (Shoes|Books|Kitchen) item \d$", c.Label));
        Assert.Equal(3, _endpoint.Prompts.Count);
        Assert.All(_endpoint.Prompts, static p =>
        {
            Assert.StartsWith("Categories: ", p, StringComparison.Ordinal);
            Assert.Contains("\nProducts:\n- ", p, StringComparison.Ordinal);
        });

        using var admin = factory.Admin();
        var status = (await admin.GetFromJsonAsync<ModelStatus>("/v1/admin/model"))!;
        Assert.Equal($"gpt-4o-mini at {_endpoint.BaseUrl}", status.ClusterNames);
        (await admin.PostAsync("/v1/admin/train?wait=true", null)).EnsureSuccessStatusCode();
        Assert.Equal(3, _endpoint.Prompts.Count);
    }

    [Fact]
    public async Task A_failing_endpoint_leaves_the_keyword_names_and_says_why()
    {
        _endpoint.Failure = (429, "rate limited");
        await using var factory = Factory();
        await ShopFixture.SeedAsync(factory);

        var snapshot = factory.Services.GetRequiredService<ServingModel>().Current;
        Assert.DoesNotContain(snapshot.Clusters!.Clusters, static c => c.Label.StartsWith("Label for", StringComparison.Ordinal));
        using var admin = factory.Admin();
        var status = (await admin.GetFromJsonAsync<ModelStatus>("/v1/admin/model"))!;
        Assert.StartsWith("keywords (the language endpoint failed: POST ", status.ClusterNames, StringComparison.Ordinal);
        Assert.Contains("429", status.ClusterNames, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"Running shoes.\"\n", "Running shoes")]
    [InlineData("  「厨房用品」。", "厨房用品")]
    [InlineData("**Garden tools**\nBecause the products are...", "Garden tools")]
    [InlineData("", null)]
    public void Answers_are_cleaned_to_a_name(string answer, string? name) =>
        Assert.Equal(name, ModelTrainer.CleanName(answer));
}
