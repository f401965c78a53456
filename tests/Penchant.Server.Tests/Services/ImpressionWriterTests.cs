using Microsoft.Extensions.Logging.Abstractions;
using Penchant.Server.Options;
using Penchant.Server.Services;
using Penchant.Storage;
using Penchant.Storage.Sqlite;

namespace Penchant.Server.Tests.Services;

/// <summary>The background impression writer over a real SQLite store, driven by hand (its loop not started).</summary>
public sealed class ImpressionWriterTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "penchant-impression-tests", Guid.NewGuid().ToString("N"));

    public ImpressionWriterTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Impression[] Slate(string id, int items) =>
        [.. Enumerable.Range(0, items).Select(p => new Impression(id, "p_user", $"item-{p}", DateTimeOffset.UnixEpoch, p, p == items - 1, null, p == items - 1 ? 0.5 : 1.0, 1))];

    [Fact]
    public async Task A_full_queue_drops_and_counts_new_slates_and_a_flush_writes_the_queued_ones_in_order()
    {
        await using var store = await SqliteStore.OpenAsync(Path.Combine(_directory, "store.db"));
        var options = Microsoft.Extensions.Options.Options.Create(new ExplorationServerOptions { ImpressionQueue = 2 });
        using var writer = new ImpressionWriter(store, options, NullLogger<ImpressionWriter>.Instance);
        writer.Enqueue(Slate("sl_1", 3));
        writer.Enqueue(Slate("sl_2", 2));
        writer.Enqueue(Slate("sl_3", 4));
        Assert.Equal(1, writer.Dropped);

        Assert.Equal(5, await writer.FlushAsync());
        Assert.Equal(5, writer.Written);
        var logged = await store.StreamImpressionsAsync().ToListAsync();
        Assert.Equal(["sl_1", "sl_1", "sl_1", "sl_2", "sl_2"], logged.Select(static i => i.SlateId));
        Assert.Equal([.. Slate("sl_1", 3), .. Slate("sl_2", 2)], logged);

        // Room again once flushed; an empty flush writes nothing.
        writer.Enqueue(Slate("sl_4", 1));
        Assert.Equal(1, await writer.FlushAsync());
        Assert.Equal(0, await writer.FlushAsync());
        Assert.Equal(1, writer.Dropped);
    }
}
