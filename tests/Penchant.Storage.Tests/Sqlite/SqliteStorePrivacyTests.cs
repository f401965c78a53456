using System.Text;
using Microsoft.Data.Sqlite;
using Penchant.Storage.Sqlite;

namespace Penchant.Storage.Tests.Sqlite;

/// <summary>The privacy contract against a temporary SQLite file per test, plus erasure without residue in the files.</summary>
public sealed class SqliteStorePrivacyTests : PrivacyStoreContractTests<SqliteStore>, IDisposable
{
    private readonly TempDirectory _dir = new();

    private string DbPath => _dir.File("store.db");

    protected override Task<SqliteStore> CreateStoreAsync() => SqliteStore.OpenAsync(DbPath);

    protected override Task<SqliteStore> ReopenStoreAsync() => SqliteStore.OpenAsync(DbPath);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Erasing_a_user_leaves_no_byte_of_their_id_in_the_database_or_its_wal_and_shm_files()
    {
        await using var store = await SqliteStore.OpenAsync(DbPath);
        await SeedVictimAsync(store);
        Assert.NotEmpty(FilesContaining(Victim));
        var erased = await store.EraseUserAsync(Victim);
        Assert.Equal(new StoredUserErasure(1000, true, true, true, 2), erased);
        SqliteConnection.ClearAllPools();
        Assert.Empty(FilesContaining(Victim));
    }

    private List<string> FilesContaining(string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return [.. Directory.EnumerateFiles(_dir.Path).Where(f =>
        {
            using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray().AsSpan().IndexOf(needle) >= 0;
        })];
    }
}
