using System.Net.Http.Json;
using Penchant.Server.Contracts;

namespace Penchant.Server.Tests.Endpoints;

/// <summary>
/// What the campaign, placement and search tests share: the small shop, trained, with an admin and an ingest client, and
/// shopper "bea", who viewed a shoe and a book since training.
/// </summary>
public abstract class MerchandisingTestBase : IAsyncLifetime
{
    protected PenchantServerFactory Factory { get; } = new();

    protected HttpClient Admin { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await ShopFixture.SeedAsync(Factory);
        Admin = Factory.Admin();
        Client = Factory.Ingest();
        (await Client.PostAsJsonAsync("/v1/events/batch", new EventBatchDto([new EventDto("b1", "bea", "shoes-1", "view"), new EventDto("b2", "bea", "books-3", "view")])))
            .EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        Client.Dispose();
        await Factory.DisposeAsync();
    }
}
