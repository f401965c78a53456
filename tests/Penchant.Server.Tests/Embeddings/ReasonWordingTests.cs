using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Penchant.Server.Contracts;
using Penchant.Server.Services;

namespace Penchant.Server.Tests.Embeddings;

/// <summary><c>GET /v1/recommendations/users/{id}?reasons=language</c>: reasons worded by the language model where allowed.</summary>
public sealed partial class ReasonWordingTests : IAsyncLifetime
{
    private FakeEmbeddingsEndpoint _endpoint = null!;

    public async Task InitializeAsync() => _endpoint = await FakeEmbeddingsEndpoint.StartAsync();

    public async Task DisposeAsync() => await _endpoint.DisposeAsync();

    private PenchantServerFactory Factory(bool languageModel, bool reasons) => new(new Dictionary<string, string?>
    {
        ["Penchant:Language:Endpoint"] = languageModel ? _endpoint.BaseUrl : null,
        ["Penchant:Language:Reasons"] = reasons ? "true" : "false",
        ["Penchant:InterestClusters"] = "0",
    });

    private static async Task<RecommendationsResponse> RecommendAsync(PenchantServerFactory factory, string query)
    {
        using var ingest = factory.Ingest();
        return (await ingest.GetFromJsonAsync<RecommendationsResponse>("/v1/recommendations/users/shopper-3?count=4&explore=0" + query))!;
    }

    /// <summary>Answers "N: For you, because ... {title}" for every product line of the prompt but those <paramref name="skip"/> names.</summary>
    private static Func<string, string> Wording(int skip = 0) => prompt => string.Join('\n', ProductLine().Matches(prompt)
        .Where(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) != skip)
        .Select(static m => $"{m.Groups[1].Value}: \"Worded for {m.Groups[2].Value}\""));

    [GeneratedRegex(@"^(\d+)\. (.+?) \(", RegexOptions.Multiline)]
    private static partial Regex ProductLine();

    [Fact]
    public async Task Allowed_the_model_words_each_items_reason_from_facts_and_the_engines_reasons_and_is_sent_no_id()
    {
        await using var factory = Factory(languageModel: true, reasons: true);
        await ShopFixture.SeedAsync(factory);
        _endpoint.Answer = Wording();
        var offline = await RecommendAsync(factory, "");
        Assert.Null(offline.ReasonSource);
        var sent = _endpoint.Prompts.Count;

        var worded = await RecommendAsync(factory, "&reasons=language");
        Assert.Equal($"gpt-4o-mini at {_endpoint.BaseUrl}", worded.ReasonSource);
        Assert.Equal(offline.Items.Select(static i => i.Id), worded.Items.Select(static i => i.Id));
        Assert.Equal(worded.Items.Select(static i => $"Worded for {i.Title}"), worded.Items.Select(static i => i.Reason));

        // The prompt holds the shopper's interests and each item with the engine's reason, and neither id nor pseudonym.
        var prompt = Assert.Single(_endpoint.Prompts.Skip(sent));
        Assert.Contains("- long term: Shop > Shoes: 3 views", prompt, StringComparison.Ordinal);
        foreach (var (item, n) in offline.Items.Select(static (item, i) => (item, i + 1)))
        {
            Assert.Contains($"{n}. {item.Title} (", prompt, StringComparison.Ordinal);
            Assert.Contains($"the engine's reason: {item.Reason}\n", prompt, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("shopper-3", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain(PenchantServerFactory.Pseudonym("shopper-3"), prompt, StringComparison.Ordinal);

        // An item the answer misses keeps the engine's reason, and the source says how many were worded.
        _endpoint.Answer = Wording(skip: 2);
        var partly = await RecommendAsync(factory, "&reasons=language");
        Assert.Equal(offline.Items[1].Reason, partly.Items[1].Reason);
        Assert.Equal($"Worded for {partly.Items[0].Title}", partly.Items[0].Reason);
        Assert.EndsWith("(3 of 4 reasons; the engine's own for the rest)", partly.ReasonSource, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Not_allowed_failing_or_misnamed_the_engines_reasons_serve_and_the_source_says_why()
    {
        await using (var closed = Factory(languageModel: true, reasons: false))
        {
            await ShopFixture.SeedAsync(closed);
            var before = _endpoint.Prompts.Count;
            var response = await RecommendAsync(closed, "&reasons=language");
            Assert.Equal("offline (Penchant:Language:Reasons is off)", response.ReasonSource);
            Assert.Equal(before, _endpoint.Prompts.Count);
            Assert.Equal((await RecommendAsync(closed, "")).Items, response.Items);

            using var ingest = closed.Ingest();
            var bad = await ingest.GetAsync("/v1/recommendations/users/shopper-3?reasons=poetry");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("reasons must be 'offline' (the default) or 'language', not 'poetry'", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using var open = Factory(languageModel: true, reasons: true);
        await ShopFixture.SeedAsync(open);
        _endpoint.Failure = (500, "model overloaded");
        var failed = await RecommendAsync(open, "&reasons=language");
        Assert.StartsWith("offline (the language model failed: ", failed.ReasonSource, StringComparison.Ordinal);
        Assert.Equal((await RecommendAsync(open, "")).Items, failed.Items);
    }

    [Fact]
    public void Answers_are_read_by_number_whatever_the_punctuation_and_junk_is_left_out()
    {
        var reasons = ReasonWriter.Parse("Here you go:\n1: First one\n**2.** \"Second\"\n3) Third\n3: again\n9: out of range\n4:\n", 4);
        Assert.Equal(["First one", "Second", "Third", "(none)"], reasons.Select(static r => r ?? "(none)"));
        Assert.All(ReasonWriter.Parse("I cannot help with that.", 2), Assert.Null);
        Assert.Null(Assert.Single(ReasonWriter.Parse("1: " + new string('x', 201), 1)));
    }
}
