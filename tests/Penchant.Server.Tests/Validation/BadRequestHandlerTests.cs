using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Penchant.Server.Tests.Validation;

/// <summary>A request that cannot even be bound is answered with a problem naming the field, like every other bad input.</summary>
public sealed class BadRequestHandlerTests : IAsyncLifetime
{
    private readonly PenchantServerFactory _factory = new();
    private HttpClient _admin = null!;

    public Task InitializeAsync()
    {
        _admin = _factory.Admin();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _factory.DisposeAsync();
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string body) =>
        _admin.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") });

    [Theory]
    [InlineData("POST", "/v1/events/batch", """{"events":[{"eventId":"e1","userId":"u","itemId":"i","type":"view"},{"eventId":"e2","userId":"u","itemId":"i","type":"rating","value":"five"}]}""", "events[1].value", "events[1].value must be a number (line 1, position")]
    [InlineData("PUT", "/v1/items/a", """{"id":"a","title":"Kettle","price":"cheap"}""", "price", "price must be a number")]
    [InlineData("PUT", "/v1/admin/campaigns/c", """{"boosts":[{"field":"brand","value":"A","weight":"much"}]}""", "boosts[0].weight", "boosts[0].weight must be a number")]
    [InlineData("PUT", "/v1/admin/campaigns/c", """{"boosts":[],"startsAt":"tomorrow"}""", "startsAt", "startsAt must be a date and time (ISO 8601")]
    [InlineData("PUT", "/v1/admin/placements/p", """{"settings":{"count":""", "body", "not valid JSON (line 1, position")]
    [InlineData("PUT", "/v1/admin/campaigns/c", """{"boosts":{"field":"brand"}}""", "boosts", "boosts must be a list")]
    [InlineData("PUT", "/v1/admin/campaigns/c", """{"placements":[1],"boosts":[]}""", "placements[0]", "placements[0] must be a string")]
    [InlineData("PUT", "/v1/admin/placements/p", """{"name":{"a":1}}""", "name", "name must be a string")]
    [InlineData("POST", "/v1/events", "", "body", "needs a JSON body")]
    public async Task A_body_that_cannot_be_read_is_refused_naming_the_field(string method, string path, string body, string field, string fragment)
    {
        await Problems.AssertFieldErrorAsync(await SendAsync(new HttpMethod(method), path, body), field, fragment);
    }

    [Theory]
    [InlineData("/v1/recommendations/popular?count=many", "count", "count must be a whole number, not 'many'")]
    [InlineData("/v1/recommendations/popular?inStock=maybe", "inStock", "inStock must be true or false, not 'maybe'")]
    [InlineData("/v1/recommendations/popular?minPrice=cheap", "minPrice", "minPrice must be a number, not 'cheap'")]
    public async Task A_query_value_of_the_wrong_type_is_refused_naming_the_parameter(string path, string field, string message)
    {
        var problem = await Problems.AssertFieldErrorAsync(await _admin.GetAsync(path), field, message);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Nothing_of_a_batch_that_cannot_be_read_is_stored_and_a_good_request_is_untouched()
    {
        await SendAsync(HttpMethod.Post, "/v1/events/batch", """{"events":[{"eventId":"ok-1","userId":"u","itemId":"i","type":"view"},{"eventId":"bad","userId":"u","itemId":"i","type":"view","value":[1]}]}""");
        var good = await _admin.PostAsJsonAsync("/v1/events/batch", new Contracts.EventBatchDto([new Contracts.EventDto("ok-2", "u", "i", "view")]));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        var status = await _factory.TrainAsync();
        Assert.Equal(1, status.Events);
    }
}

public sealed class BadRequestPathTests
{
    [Theory]
    [InlineData(typeof(Contracts.CampaignRequest), "startsAt", typeof(DateTimeOffset))]
    [InlineData(typeof(Contracts.CampaignRequest), "boosts[0].weight", typeof(float))]
    [InlineData(typeof(Contracts.CampaignRequest), "Boosts", typeof(IReadOnlyList<Contracts.CampaignBoostDto?>))]
    [InlineData(typeof(Contracts.EventBatchDto), "events[1].value", typeof(double))]
    [InlineData(typeof(Contracts.PlacementRequest), "name", typeof(string))]
    [InlineData(typeof(Contracts.PlacementRequest), "settings.count", typeof(System.Text.Json.JsonElement))]
    public void The_type_at_a_json_path_is_found_through_lists_and_dictionaries(Type root, string path, Type expected)
    {
        Assert.Equal(expected, Penchant.Server.Validation.BadRequestHandler.TypeAt(root, path));
    }
}
