using Penchant.Storage.Sqlite;

namespace Penchant.Storage.Tests.Sqlite;

/// <summary>The synonym store contract against a temporary SQLite file per test.</summary>
public sealed class SqliteStoreSynonymsTests : SynonymStoreContractTests<SqliteStore>, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override Task<SqliteStore> CreateStoreAsync() => SqliteStore.OpenAsync(_dir.File("store.db"));

    public void Dispose() => _dir.Dispose();
}
