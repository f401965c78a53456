using System.Diagnostics;
using Penchant.Storage.Sqlite;

namespace Penchant.Bench.Storage;

/// <summary>Bulk-appends synthetic events into a fresh SQLite file and reports events per second.</summary>
public sealed class ImportBench : IBench
{
    public string Name => "import";

    public string Description => "bulk event append into a fresh SQLite file [--events 1000000] [--batch 50000] [--sync full|normal] [--cache-mib 64] [--db path]";

    public async Task<int> RunAsync(string[] args)
    {
        var a = BenchArgs.Parse(args);
        var count = a.GetInt("events", 1_000_000);
        var batch = a.GetInt("batch", 50_000);
        var sync = string.Equals(a.Get("sync"), "normal", StringComparison.OrdinalIgnoreCase) ? SqliteSynchronous.Normal : SqliteSynchronous.Full;
        var path = a.Get("db") ?? Path.Combine(Path.GetTempPath(), $"penchant-bench-{Guid.NewGuid():N}.db");
        var keep = a.Get("db") is not null;
        DeleteDatabase(path);

        var events = SyntheticEvents.Generate(count, users: Math.Max(1, count / 20), items: Math.Max(1, count / 50));
        Console.WriteLine($"generated {count:N0} events; appending in batches of {batch:N0}, synchronous={sync}, file {path}");
        await using (var store = await SqliteStore.OpenAsync(path, new SqliteStoreOptions { Synchronous = sync, CacheSizeKiB = a.GetInt("cache-mib", 64) * 1024 }))
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            long written = 0;
            for (var i = 0; i < events.Count; i += batch)
            {
                written += (await store.AppendEventsAsync(events.GetRange(i, Math.Min(batch, events.Count - i)))).Written;
            }

            clock.Stop();
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine($"appended {written:N0} new events in {clock.Elapsed.TotalSeconds:F2} s wall: {written / clock.Elapsed.TotalSeconds:N0} events/s; process CPU {cpuSeconds:F2} s: {written / cpuSeconds:N0} events per CPU-second");

            clock.Restart();
            var again = default(Penchant.Storage.WriteResult);
            for (var i = 0; i < events.Count; i += batch)
            {
                again += await store.AppendEventsAsync(events.GetRange(i, Math.Min(batch, events.Count - i)));
            }

            clock.Stop();
            Console.WriteLine($"re-appended the same events: {again.Written:N0} new, {again.Unchanged:N0} duplicates in {clock.Elapsed.TotalSeconds:F2} s: {count / clock.Elapsed.TotalSeconds:N0} events/s");
        }

        Console.WriteLine($"file size {new FileInfo(path).Length / 1048576.0:F1} MiB");
        if (!keep)
        {
            DeleteDatabase(path);
        }

        return 0;
    }

    private static void DeleteDatabase(string path)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }
    }
}
