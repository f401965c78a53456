using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Penchant.Core.Data;
using Penchant.Server.Contracts;
using Penchant.Server.Options;
using Penchant.Server.Security;
using Penchant.Server.Services;
using Penchant.Server.Validation;
using Penchant.Storage;

namespace Penchant.Server.Endpoints;

/// <summary>The catalogue: upsert one or a batch, get, list with keyset paging, delete (admin).</summary>
public static class ItemsEndpoints
{
    public static IEndpointRouteBuilder MapItemsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/items").WithTags("Items").RequireAuthorization(ApiRoles.Ingest);
        group.MapPut("/{id}", UpsertOne).WithSummary("Create or replace one item.");
        group.MapPost("/", UpsertBatch).WithSummary("Create or replace a batch of items.");
        group.MapGet("/{id}", Get).WithSummary("One item.");
        group.MapGet("/", List).WithSummary("Items in id order; pass 'next' as 'after' for the next page.");
        group.MapDelete("/{id}", Delete).RequireAuthorization(ApiRoles.Admin).WithSummary("Delete an item (admin).");
        return app;
    }

    private static async Task<Results<Ok<UpsertResult>, ValidationProblem>> UpsertOne(
        string id, ItemDto item, IPenchantStore store, CatalogCache catalog, CancellationToken cancellation)
    {
        var errors = new ValidationErrors();
        var valid = RequestValidator.ToItem(item, "", id, errors);
        if (valid is null)
        {
            return EndpointHelpers.Invalid(errors);
        }

        var result = await store.UpsertItemsAsync([valid], cancellation);
        catalog.Set(valid);
        return TypedResults.Ok(new UpsertResult(result.Written, result.Unchanged));
    }

    private static async Task<Results<Ok<UpsertResult>, ValidationProblem>> UpsertBatch(
        ItemBatchDto batch, IPenchantStore store, CatalogCache catalog, IOptions<PenchantServerOptions> options, CancellationToken cancellation)
    {
        if (batch.Items is null || batch.Items.Count == 0)
        {
            return EndpointHelpers.Invalid("items", "items must hold at least one item");
        }

        if (batch.Items.Count > options.Value.MaxBatchSize)
        {
            return EndpointHelpers.Invalid("items", $"at most {options.Value.MaxBatchSize} items per batch, not {batch.Items.Count}");
        }

        var errors = new ValidationErrors();
        var items = new List<Item>(batch.Items.Count);
        for (var i = 0; i < batch.Items.Count; i++)
        {
            if (RequestValidator.ToItem(batch.Items[i], $"items[{i}].", null, errors) is { } item)
            {
                items.Add(item);
            }
        }

        if (!errors.IsEmpty)
        {
            return EndpointHelpers.Invalid(errors);
        }

        var result = await store.UpsertItemsAsync(items, cancellation);
        foreach (var item in items)
        {
            catalog.Set(item);
        }

        return TypedResults.Ok(new UpsertResult(result.Written, result.Unchanged));
    }

    private static async Task<Results<Ok<ItemDto>, ProblemHttpResult>> Get(string id, IPenchantStore store, CancellationToken cancellation) =>
        await store.GetItemAsync(id, cancellation) is { } item
            ? TypedResults.Ok(ItemDto.From(item))
            : EndpointHelpers.NotFound("Item", id);

    private static async Task<Results<Ok<ItemPage>, ValidationProblem>> List(
        IPenchantStore store, CancellationToken cancellation, string? after = null, int? limit = null)
    {
        var take = limit ?? 100;
        if (take is < 1 or > 1000)
        {
            return EndpointHelpers.Invalid("limit", "limit must be between 1 and 1000");
        }

        var items = await store.ListItemsAsync(after, take, cancellation);
        var next = items.Count == take ? items[^1].Id : null;
        return TypedResults.Ok(new ItemPage([.. items.Select(ItemDto.From)], next));
    }

    private static async Task<Results<Ok<DeleteResult>, ProblemHttpResult>> Delete(
        string id, IPenchantStore store, CatalogCache catalog, CancellationToken cancellation)
    {
        if (!await store.DeleteItemAsync(id, cancellation))
        {
            return EndpointHelpers.NotFound("Item", id);
        }

        catalog.Remove(id);
        return TypedResults.Ok(new DeleteResult(id, true));
    }
}
