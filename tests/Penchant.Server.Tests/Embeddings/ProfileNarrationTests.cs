using System.Net.Http.Json;
using Penchant.Server.Contracts;

namespace Penchant.Server.Tests.Embeddings;

/// <summary><c>GET /v1/profiles/{id}?narrative=true</c>: written offline, or by the language model where allowed.</summary>
public sealed class ProfileNarrationTests : IAsyncLifetime
{
    private FakeEmbeddingsEndpoint _endpoint = null!;

    public async Task InitializeAsync() => _endpoint = await FakeEmbeddingsEndpoint.StartAsync();

    public async Task DisposeAsync() => await _endpoint.DisposeAsync();

    private PenchantServerFactory Factory(bool languageModel, bool profiles) => new(new Dictionary<string, string?>
    {
        ["Penchant:Language:Endpoint"] = languageModel ? _endpoint.BaseUrl : null,
        ["Penchant:Language:Profiles"] = profiles ? "true" : "false",
        ["Penchant:InterestClusters"] = "0",
    });

    private static async Task<InterestProfileDto> ProfileAsync(PenchantServerFactory factory, string user, bool narrative = true)
    {
        using var ingest = factory.Ingest();
        return (await ingest.GetFromJsonAsync<InterestProfileDto>($"/v1/profiles/{user}" + (narrative ? "?narrative=true" : "")))!;
    }

    [Fact]
    public async Task Without_a_language_model_the_narrative_is_written_offline_from_the_profile_and_only_when_asked()
    {
        await using var factory = Factory(languageModel: false, profiles: false);
        await ShopFixture.SeedAsync(factory);

        var plain = await ProfileAsync(factory, "shopper-3", narrative: false);
        Assert.Null(plain.Narrative);

        // shopper-3 viewed three shoes: the narrative leads with Shoes and gives the counts.
        var profile = await ProfileAsync(factory, "shopper-3");
        Assert.Equal("offline", profile.Narrative!.Source);
        Assert.StartsWith("Mostly interested in Shop > Shoes (3 views)", profile.Narrative.Text, StringComparison.Ordinal);
        Assert.Empty(_endpoint.Prompts);
    }

    [Fact]
    public async Task An_endpoint_words_narratives_only_when_profiles_are_allowed_and_is_sent_no_id()
    {
        await using (var closed = Factory(languageModel: true, profiles: false))
        {
            await ShopFixture.SeedAsync(closed);
            var before = _endpoint.Prompts.Count;
            Assert.Equal("offline", (await ProfileAsync(closed, "shopper-3")).Narrative!.Source);
            Assert.Equal(before, _endpoint.Prompts.Count);
        }

        await using var open = Factory(languageModel: true, profiles: true);
        await ShopFixture.SeedAsync(open);
        var sent = _endpoint.Prompts.Count;
        var profile = await ProfileAsync(open, "shopper-3");
        Assert.Equal($"gpt-4o-mini at {_endpoint.BaseUrl}", profile.Narrative!.Source);
        Assert.StartsWith("Narrative of ", profile.Narrative.Text, StringComparison.Ordinal);
        Assert.EndsWith("led by long term: Shop > Shoes: 3 views, last today", profile.Narrative.Text, StringComparison.Ordinal);

        var prompt = Assert.Single(_endpoint.Prompts.Skip(sent));

        // A shopper's prompt is never cached: asking again asks the model again, so the process keeps none of it.
        Assert.Equal(profile.Narrative, (await ProfileAsync(open, "shopper-3")).Narrative);
        Assert.Equal(sent + 2, _endpoint.Prompts.Count);
        Assert.All(prompt.Split('\n'), static line => Assert.Matches("^(long term|lately|turned against): ", line));
        Assert.DoesNotContain("shopper-3", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain(PenchantServerFactory.Pseudonym("shopper-3"), prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_endpoint_falls_back_to_the_offline_text_and_says_why()
    {
        await using var factory = Factory(languageModel: true, profiles: true);
        await ShopFixture.SeedAsync(factory);
        _endpoint.Failure = (500, "model overloaded");

        var profile = await ProfileAsync(factory, "shopper-3");
        Assert.StartsWith("Mostly interested in Shop > Shoes", profile.Narrative!.Text, StringComparison.Ordinal);
        Assert.StartsWith("offline (the language model failed: ", profile.Narrative.Source, StringComparison.Ordinal);
        Assert.Contains("500", profile.Narrative.Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shopper_who_withheld_profiling_gets_no_narrative_and_nothing_is_sent()
    {
        await using var factory = Factory(languageModel: true, profiles: true);
        using (var ingest = factory.Ingest())
        {
            (await ingest.PutAsJsonAsync("/v1/users/shopper-3", new UserDto("shopper-3", Consent: new ConsentDto(Profiling: false)))).EnsureSuccessStatusCode();
        }

        await ShopFixture.SeedAsync(factory);
        var sent = _endpoint.Prompts.Count;
        var profile = await ProfileAsync(factory, "shopper-3");
        Assert.Equal(new ProfileNarrativeDto("No interests yet.", "offline"), profile.Narrative);
        Assert.Equal(sent, _endpoint.Prompts.Count);
    }
}
