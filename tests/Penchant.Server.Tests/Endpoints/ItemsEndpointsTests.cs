using System.Net;
using System.Net.Http.Json;
using Penchant.Server.Contracts;

namespace Penchant.Server.Tests.Endpoints;

public sealed class ItemsEndpointsTests : IAsyncLifetime
{
    private readonly PenchantServerFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Put_then_get_returns_the_item()
    {
        using var client = _factory.Ingest();
        var put = await client.PutAsJsonAsync("/v1/items/shoe-1", new ItemDto(null, "Trail shoe", Categories: ["Sports", "Shoes"], Brand: "Acme", Price: 89.5m));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(new UpsertResult(1, 0), await put.Content.ReadFromJsonAsync<UpsertResult>());

        var item = await client.GetFromJsonAsync<ItemDto>("/v1/items/shoe-1");
        Assert.NotNull(item);
        Assert.Equal("shoe-1", item.Id);
        Assert.Equal("Trail shoe", item.Title);
        Assert.Equal(["Sports", "Shoes"], item.Categories);
        Assert.Equal(89.5m, item.Price);
        Assert.True(item.Available);
    }

    [Fact]
    public async Task Putting_the_same_item_twice_reports_it_unchanged()
    {
        using var client = _factory.Ingest();
        var dto = new ItemDto("mug", "Mug");
        await client.PutAsJsonAsync("/v1/items/mug", dto);
        var again = await client.PutAsJsonAsync("/v1/items/mug", dto);
        Assert.Equal(new UpsertResult(0, 1), await again.Content.ReadFromJsonAsync<UpsertResult>());
    }

    [Fact]
    public async Task Put_without_title_names_the_field()
    {
        using var client = _factory.Ingest();
        var response = await client.PutAsJsonAsync("/v1/items/x", new ItemDto("x", null, Price: -1));
        var problem = await Problems.AssertFieldErrorAsync(response, "title", "title is required");
        Assert.True(problem.GetProperty("errors").TryGetProperty("price", out _));
    }

    [Fact]
    public async Task Put_with_an_id_other_than_the_address_is_refused()
    {
        using var client = _factory.Ingest();
        var response = await client.PutAsJsonAsync("/v1/items/a", new ItemDto("b", "B"));
        await Problems.AssertFieldErrorAsync(response, "id", "does not match");
    }

    [Fact]
    public async Task Batch_upsert_then_list_pages_in_id_order()
    {
        using var client = _factory.Ingest();
        var batch = new ItemBatchDto([.. Enumerable.Range(0, 5).Select(i => new ItemDto($"i{i}", $"Item {i}"))]);
        var post = await client.PostAsJsonAsync("/v1/items", batch);
        Assert.Equal(new UpsertResult(5, 0), await post.Content.ReadFromJsonAsync<UpsertResult>());

        var first = await client.GetFromJsonAsync<ItemPage>("/v1/items?limit=3");
        Assert.Equal(["i0", "i1", "i2"], first!.Items.Select(static i => i.Id));
        Assert.Equal("i2", first.Next);
        var second = await client.GetFromJsonAsync<ItemPage>($"/v1/items?limit=3&after={first.Next}");
        Assert.Equal(["i3", "i4"], second!.Items.Select(static i => i.Id));
        Assert.Null(second.Next);
    }

    [Fact]
    public async Task Batch_with_a_bad_item_names_its_index_and_stores_nothing()
    {
        using var client = _factory.Ingest();
        var batch = new ItemBatchDto([new ItemDto("ok", "Fine"), new ItemDto("bad", "  ", Categories: ["A", ""])]);
        var response = await client.PostAsJsonAsync("/v1/items", batch);
        var problem = await Problems.AssertFieldErrorAsync(response, "items[1].title", "title is required");
        Assert.True(problem.GetProperty("errors").TryGetProperty("items[1].categories[1]", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v1/items/ok")).StatusCode);
    }

    [Fact]
    public async Task List_limit_out_of_range_is_refused()
    {
        using var client = _factory.Ingest();
        await Problems.AssertFieldErrorAsync(await client.GetAsync("/v1/items?limit=0"), "limit", "between 1 and 1000");
    }

    [Fact]
    public async Task Get_unknown_item_is_a_404_problem()
    {
        using var client = _factory.Ingest();
        var problem = await Problems.AssertProblemAsync(await client.GetAsync("/v1/items/nope"), HttpStatusCode.NotFound);
        Assert.Contains("nope", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_needs_admin_and_removes_the_item()
    {
        using var ingest = _factory.Ingest();
        using var admin = _factory.Admin();
        await ingest.PutAsJsonAsync("/v1/items/gone", new ItemDto("gone", "Gone"));

        await Problems.AssertProblemAsync(await ingest.DeleteAsync("/v1/items/gone"), HttpStatusCode.Forbidden);
        var deleted = await admin.DeleteAsync("/v1/items/gone");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ingest.GetAsync("/v1/items/gone")).StatusCode);
        await Problems.AssertProblemAsync(await admin.DeleteAsync("/v1/items/gone"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        using var client = _factory.Ingest();
        using var content = new StringContent("{\"title\": ", System.Text.Encoding.UTF8, "application/json");
        await Problems.AssertProblemAsync(await client.PutAsync("/v1/items/x", content), HttpStatusCode.BadRequest);
    }
}
