using System.CommandLine;
using System.Text;
using Microsoft.Data.Sqlite;
using Penchant.Cli.Commands;
using Penchant.Storage.Sqlite;

namespace Penchant.Cli.Tests.Commands;

/// <summary><c>penchant import</c> stores pseudonyms only; <c>penchant erase</c> leaves no byte of the shopper behind.</summary>
public sealed class EraseCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "penchant-cli-tests", Guid.NewGuid().ToString("N"));

    public EraseCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static (RootCommand Root, StringWriter Output) Cli()
    {
        var (console, output) = RecordingConsole.Create(200);
        var root = new RootCommand { ImportCommand.Create(console), EraseCommand.Create(console), RecommendCommand.Create(console), TrainCommand.Create(console) };
        return (root, output);
    }

    [Fact]
    public async Task Import_pseudonymises_and_erase_removes_every_byte_of_the_id_and_pseudonym()
    {
        const string Shopper = "shopper-erase-me-4411";
        var events = Path.Combine(_dir, "events.csv");
        var lines = new List<string> { "user_id,item_id,type,timestamp,value,text" };
        lines.AddRange(Enumerable.Range(0, 60).Select(i => $"u{i % 7},i{i % 9},view,{1_700_000_000 + (i * 60)},,"));
        lines.AddRange(Enumerable.Range(0, 5).Select(i => $"{Shopper},i{i},view,{1_700_100_000 + (i * 60)},,"));
        lines.Add($"{Shopper},i1,review,1700200000,5,great - write to erase.me@example.com");
        File.WriteAllLines(events, lines);
        var db = Path.Combine(_dir, "shop.db");
        var keyFile = db + ".key";

        var (root, output) = Cli();
        Assert.Equal(0, await root.Parse(["import", "--format", "events-csv", events, "--db", db]).InvokeAsync());
        Assert.Contains("Created the pseudonym key", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("masked in text: email 1", output.ToString(), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        var pseudonym = Penchant.Core.Privacy.Pseudonymizer.FromConfiguration(await File.ReadAllTextAsync(keyFile)).Pseudonymize(Shopper);
        SqliteConnection.ClearAllPools();
        Assert.Empty(FilesContaining(Shopper));
        Assert.NotEmpty(FilesContaining(pseudonym));
        Assert.Empty(FilesContaining("erase.me@example.com"));

        (root, output) = Cli();
        Assert.Equal(0, await root.Parse(["recommend", "--user", Shopper, "--db", db]).InvokeAsync());
        Assert.Contains($"Recommendations for {Shopper} (personalised", output.ToString(), StringComparison.Ordinal);

        var model = Path.Combine(_dir, "model.bin");
        (root, output) = Cli();
        Assert.Equal(0, await root.Parse(["train", "--db", db, "--recommender", "bpr", "--out", model]).InvokeAsync());

        // `train` saved the serving snapshot beside the database, holding pseudonyms; erasing deletes it, as the server does.
        Assert.Contains("Serving snapshot saved to", output.ToString(), StringComparison.Ordinal);
        SqliteConnection.ClearAllPools();
        Assert.Contains(db + ".snapshot", FilesContaining(pseudonym));

        (root, output) = Cli();
        Assert.Equal(0, await root.Parse(["erase", "--user", Shopper, "--db", db]).InvokeAsync());
        Assert.False(File.Exists(db + ".snapshot"));
        var receipt = output.ToString();
        Assert.Contains("\"eventsRemoved\": 6", receipt, StringComparison.Ordinal);
        Assert.Contains($"\"userPseudonym\": \"{pseudonym}\"", receipt, StringComparison.Ordinal);
        Assert.Contains("\"storageCompacted\": true", receipt, StringComparison.Ordinal);

        SqliteConnection.ClearAllPools();
        Assert.Empty(FilesContaining(Shopper));
        Assert.Empty(FilesContaining(pseudonym));
        await using var store = await SqliteStore.OpenAsync(db);
        Assert.Equal(60, await store.CountEventsAsync());
    }

    [Fact]
    public async Task Erase_without_the_key_the_data_was_imported_with_refuses()
    {
        var db = Path.Combine(_dir, "nokey.db");
        await (await SqliteStore.OpenAsync(db)).DisposeAsync();
        var (root, output) = Cli();
        Assert.Equal(2, await root.Parse(["erase", "--user", "x", "--db", db]).InvokeAsync());
        Assert.Contains("No pseudonym key at", output.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Files of the test folder (database, -wal, -shm, model) holding <paramref name="text"/> in UTF-8 or UTF-16.</summary>
    private List<string> FilesContaining(string text)
    {
        byte[][] needles = [Encoding.UTF8.GetBytes(text), Encoding.Unicode.GetBytes(text)];
        return [.. Directory.EnumerateFiles(_dir).Where(file => !file.EndsWith(".csv", StringComparison.Ordinal) && needles.Any(n => File.ReadAllBytes(file).AsSpan().IndexOf(n) >= 0))];
    }
}
