using System.Text;
using Penchant.Storage.Sqlite;

namespace Penchant.Storage.Tests.Import;

/// <summary>A temp folder with a fresh SQLite store in it, for importer tests.</summary>
public sealed class ImportFixture : IAsyncDisposable
{
    private readonly TempDirectory _dir;

    private ImportFixture(TempDirectory dir, SqliteStore store)
    {
        _dir = dir;
        Store = store;
    }

    public SqliteStore Store { get; }

    /// <summary>The folder the generated files go in.</summary>
    public string Root => _dir.Path;

    public static async Task<ImportFixture> CreateAsync()
    {
        var dir = new TempDirectory();
        return new ImportFixture(dir, await SqliteStore.OpenAsync(dir.File("import.db")));
    }

    public string Write(string name, string text, Encoding? encoding = null)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, text, encoding ?? new UTF8Encoding(false));
        return path;
    }

    public string WriteBytes(string name, byte[] bytes)
    {
        var path = _dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        _dir.Dispose();
    }
}
