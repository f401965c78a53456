using Penchant.Storage.Postgres;

namespace Penchant.Storage.Tests.Postgres;

/// <summary>The synonym store contract against a fresh PostgreSQL schema per test.</summary>
public sealed class PostgresStoreSynonymsTests : SynonymStoreContractTests<PostgresStore>, IAsyncLifetime
{
    private readonly PostgresTestDatabase _database = new();

    protected override Task<PostgresStore> CreateStoreAsync() => PostgresStore.OpenAsync(_database.NewSchema());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();
}
