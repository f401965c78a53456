using System.Net;
using System.Net.Http.Json;
using Penchant.Core.Data;
using Penchant.Server.Contracts;
using Penchant.Storage.Sqlite;

namespace Penchant.Server.Tests.Endpoints;

public sealed class EventsEndpointsTests : IAsyncLifetime
{
    private readonly PenchantServerFactory _factory = new(new Dictionary<string, string?>
    {
        ["Penchant:MaxBatchSize"] = "5",
        ["Penchant:MaxRequestBodyBytes"] = "4096",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private static EventDto View(string id, string user = "u1", string item = "i1") => new(id, user, item, "view", DateTimeOffset.UtcNow);

    [Fact]
    public async Task Posting_an_event_twice_stores_it_once()
    {
        using var client = _factory.Ingest();
        var first = await client.PostAsJsonAsync("/v1/events", View("e1"));
        Assert.Equal(new IngestResult(1, 0, 0), await first.Content.ReadFromJsonAsync<IngestResult>());
        var second = await client.PostAsJsonAsync("/v1/events", View("e1"));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(new IngestResult(0, 1, 0), await second.Content.ReadFromJsonAsync<IngestResult>());
    }

    [Fact]
    public async Task An_event_is_in_the_sqlite_file_when_the_server_answers()
    {
        using var client = _factory.Ingest();
        var response = await client.PostAsJsonAsync("/v1/events", new EventDto("durable-1", "dora", "i9", "purchase", DateTimeOffset.UtcNow, 2));
        response.EnsureSuccessStatusCode();

        // A second, independent connection to the same file sees the committed row, stored under the pseudonym only.
        await using var store = await SqliteStore.OpenAsync(_factory.DatabasePath);
        Assert.Empty(await store.GetUserEventsAsync("dora", 10));
        var events = await store.GetUserEventsAsync(PenchantServerFactory.Pseudonym("dora"), 10);
        var e = Assert.Single(events);
        Assert.Equal("durable-1", e.EventId);
        Assert.Equal(EventType.Purchase, e.Type);
        Assert.Equal(2, e.Value);
    }

    [Fact]
    public async Task Concurrent_single_posts_are_all_durable_when_answered_and_duplicates_say_so()
    {
        using var client = _factory.Ingest();

        // 100 distinct ids, the first 20 posted twice, all at once so that they share group commits.
        var ids = Enumerable.Range(0, 100).Select(i => $"c{i}").Concat(Enumerable.Range(0, 20).Select(i => $"c{i}")).ToArray();
        var responses = await Task.WhenAll(ids.Select(id => client.PostAsJsonAsync("/v1/events", View(id, "grouped", "i" + id))));
        var results = new List<(string Id, IngestResult Result)>();
        for (var i = 0; i < ids.Length; i++)
        {
            Assert.Equal(HttpStatusCode.OK, responses[i].StatusCode);
            results.Add((ids[i], (await responses[i].Content.ReadFromJsonAsync<IngestResult>())!));
        }

        foreach (var posts in results.GroupBy(r => r.Id))
        {
            Assert.Equal(1, posts.Sum(p => p.Result.Accepted));
            Assert.Equal(posts.Count() - 1, posts.Sum(p => p.Result.Duplicates));
        }

        await using var store = await SqliteStore.OpenAsync(_factory.DatabasePath);
        var stored = (await store.GetUserEventsAsync(PenchantServerFactory.Pseudonym("grouped"), 1000)).Select(e => e.EventId).ToHashSet();
        Assert.Equal(ids.ToHashSet(), stored);
    }

    [Fact]
    public async Task An_event_the_store_refuses_gets_a_500_while_concurrent_ones_are_stored()
    {
        using var client = _factory.Ingest();
        (await client.PostAsJsonAsync("/v1/events", View("warm-up"))).EnsureSuccessStatusCode();
        Services.EventGroupCommitterTests.Poison(_factory.DatabasePath, "poison");

        var ids = Enumerable.Range(0, 40).Select(i => i == 17 ? "poison" : $"ok{i}").ToArray();
        var responses = await Task.WhenAll(ids.Select(id => client.PostAsJsonAsync("/v1/events", View(id, "mixed"))));

        for (var i = 0; i < ids.Length; i++)
        {
            Assert.Equal(ids[i] == "poison" ? HttpStatusCode.InternalServerError : HttpStatusCode.OK, responses[i].StatusCode);
        }

        await using var store = await SqliteStore.OpenAsync(_factory.DatabasePath);
        var stored = (await store.GetUserEventsAsync(PenchantServerFactory.Pseudonym("mixed"), 100)).Select(e => e.EventId).ToHashSet();
        Assert.Equal(ids.Where(id => id != "poison").ToHashSet(), stored);
    }

    [Fact]
    public async Task Single_event_with_unknown_type_names_the_field()
    {
        using var client = _factory.Ingest();
        var response = await client.PostAsJsonAsync("/v1/events", new EventDto("e1", "u1", "i1", "teleport"));
        await Problems.AssertFieldErrorAsync(response, "type", "unknown event type 'teleport'");
    }

    [Fact]
    public async Task Single_event_missing_ids_names_each_field()
    {
        using var client = _factory.Ingest();
        var response = await client.PostAsJsonAsync("/v1/events", new EventDto(null, " ", null, "view"));
        var problem = await Problems.AssertFieldErrorAsync(response, "eventId", "eventId is required");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("userId", out _));
        Assert.True(errors.TryGetProperty("itemId", out _));
    }

    [Theory]
    [InlineData("rating", 7.0, "between 1 and 5")]
    [InlineData("purchase", -2.0, "quantity must be positive")]
    public async Task Out_of_range_values_are_refused(string type, double value, string message)
    {
        using var client = _factory.Ingest();
        var response = await client.PostAsJsonAsync("/v1/events", new EventDto("e1", "u1", "i1", type, null, value));
        await Problems.AssertFieldErrorAsync(response, "value", message);
    }

    [Theory]
    [InlineData("view", 5.0, "price is the unit price paid on an 'add_to_cart' or 'purchase' event, not on a 'view' one")]
    [InlineData("purchase", -0.01, "price must not be negative")]
    public async Task A_price_off_a_cart_or_purchase_or_below_zero_is_refused(string type, double price, string message)
    {
        using var client = _factory.Ingest();
        var response = await client.PostAsJsonAsync("/v1/events", new EventDto("e1", "u1", "i1", type, Price: (decimal)price));
        await Problems.AssertFieldErrorAsync(response, "price", message);

        // In a batch the one event is refused by its field path, and the others kept.
        var batch = await client.PostAsJsonAsync("/v1/events/batch", new EventBatchDto([View("kept"), new EventDto("e2", "u1", "i1", type, Price: (decimal)price), new EventDto("paid", "u1", "i1", "purchase", Price: 0m)]));
        var result = (await batch.Content.ReadFromJsonAsync<IngestResult>())!;
        Assert.Equal((2, 1), (result.Accepted, result.Rejected));
        Assert.Contains(message, result.Errors!["events[1].price"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_search_needs_no_item_but_a_future_timestamp_is_refused()
    {
        using var client = _factory.Ingest();
        var search = await client.PostAsJsonAsync("/v1/events", new EventDto("s1", "u1", null, "search", Text: "red shoes"));
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        var future = await client.PostAsJsonAsync("/v1/events", new EventDto("f1", "u1", "i1", "view", DateTimeOffset.UtcNow.AddDays(3)));
        await Problems.AssertFieldErrorAsync(future, "timestamp", "future");
    }

    [Fact]
    public async Task Batch_reports_accepted_duplicates_and_rejected_with_field_paths()
    {
        using var client = _factory.Ingest();
        await client.PostAsJsonAsync("/v1/events", View("dup"));
        var batch = new EventBatchDto([View("a"), View("dup"), View("b"), new EventDto("c", "u1", "i1", "teleport")]);
        var response = await client.PostAsJsonAsync("/v1/events/batch", batch);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<IngestResult>();
        Assert.NotNull(result);
        Assert.Equal((2, 1, 1), (result.Accepted, result.Duplicates, result.Rejected));
        Assert.Contains("unknown event type 'teleport'", result.Errors!["events[3].type"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nul_character_is_refused_naming_the_field_and_the_rest_of_the_batch_is_kept()
    {
        using var client = _factory.Ingest();
        var batch = new EventBatchDto([View("n1"), new EventDto("n2", "u1", "i1", "review", Text: "good\0bad"), new EventDto("n3\0", "u1", "i1", "view")]);
        var result = (await (await client.PostAsJsonAsync("/v1/events/batch", batch)).Content.ReadFromJsonAsync<IngestResult>())!;
        Assert.Equal((1, 0, 2), (result.Accepted, result.Duplicates, result.Rejected));
        Assert.Contains("NUL character", result.Errors!["events[1].text"][0], StringComparison.Ordinal);
        Assert.Contains("NUL character", result.Errors!["events[2].eventId"][0], StringComparison.Ordinal);

        var item = await client.PutAsJsonAsync("/v1/items/nul", new ItemDto("nul", "Title", Categories: ["Shop", "Sho\0es"], Attributes: new Dictionary<string, string> { ["colour"] = "re\0d" }));
        await Problems.AssertFieldErrorAsync(item, "categories[1]", "NUL character");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v1/items/nul")).StatusCode);
    }

    [Fact]
    public async Task Batch_with_no_valid_event_is_a_validation_problem()
    {
        using var client = _factory.Ingest();
        var batch = new EventBatchDto([View("a"), new EventDto("b", "u1", "i1", "jump")]);
        var partial = await client.PostAsJsonAsync("/v1/events/batch", batch);
        Assert.Equal(HttpStatusCode.OK, partial.StatusCode);

        var allBad = new EventBatchDto([new EventDto("x", "u1", "i1", "teleport"), null]);
        var response = await client.PostAsJsonAsync("/v1/events/batch", allBad);
        var problem = await Problems.AssertFieldErrorAsync(response, "events[0].type", "teleport");
        Assert.True(problem.GetProperty("errors").TryGetProperty("events[1]", out _));
    }

    [Fact]
    public async Task Batch_longer_than_the_limit_is_refused()
    {
        using var client = _factory.Ingest();
        var batch = new EventBatchDto([.. Enumerable.Range(0, 6).Select(i => View($"e{i}"))]);
        await Problems.AssertFieldErrorAsync(await client.PostAsJsonAsync("/v1/events/batch", batch), "events", "at most 5 events per batch");
        await Problems.AssertFieldErrorAsync(await client.PostAsJsonAsync("/v1/events/batch", new EventBatchDto([])), "events", "at least one");
    }

    [Fact]
    public async Task Body_larger_than_the_limit_is_a_413_problem()
    {
        using var client = _factory.Ingest();
        var big = new EventDto("big", "u1", "i1", "review", Text: new string('x', 5000));
        var problem = await Problems.AssertProblemAsync(await client.PostAsJsonAsync("/v1/events", big), HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("4096", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
