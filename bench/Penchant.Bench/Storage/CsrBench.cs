using System.Diagnostics;
using Penchant.Core.Data;
using Penchant.Storage;
using Penchant.Storage.Sqlite;

namespace Penchant.Bench.Storage;

/// <summary>
/// Loads synthetic events from a SQLite store into an <see cref="InteractionBuilder"/> and builds the CSR
/// <see cref="InteractionData"/>, timing the store read and the build apart.
/// </summary>
public sealed class CsrBench : IBench
{
    public string Name => "csr";

    public string Description => "store read + CSR build of InteractionData [--events 1000000] [--db existing.db]";

    public async Task<int> RunAsync(string[] args)
    {
        var a = BenchArgs.Parse(args);
        var count = a.GetInt("events", 1_000_000);
        var given = a.Get("db");
        var path = given ?? Path.Combine(Path.GetTempPath(), $"penchant-csr-{Guid.NewGuid():N}.db");
        try
        {
            await using var store = await SqliteStore.OpenAsync(path, new SqliteStoreOptions { Synchronous = SqliteSynchronous.Normal });
            if (given is null)
            {
                var events = SyntheticEvents.Generate(count, users: Math.Max(1, count / 20), items: Math.Max(1, count / 50));
                foreach (var chunk in events.Chunk(50_000))
                {
                    await store.AppendEventsAsync(chunk);
                }

                Console.WriteLine($"filled {path} with {count:N0} synthetic events");
            }

            for (var run = 1; run <= 3; run++)
            {
                var process = Process.GetCurrentProcess();
                var cpu0 = process.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                var builder = await InteractionLoader.ReadAsync(store, store);
                var load = clock.Elapsed;
                process.Refresh();
                var cpu1 = process.TotalProcessorTime;
                clock.Restart();
                var data = builder.Build();
                var build = clock.Elapsed;
                process.Refresh();
                var cpu2 = process.TotalProcessorTime;
                Console.WriteLine(
                    $"run {run}: read {builder.EventCount:N0} events in {load.TotalSeconds:F2} s wall / {(cpu1 - cpu0).TotalSeconds:F2} s CPU; " +
                    $"CSR build {build.TotalSeconds:F2} s wall / {(cpu2 - cpu1).TotalSeconds:F2} s CPU -> {data.UserCount:N0} users x {data.ItemCount:N0} items, {data.Matrix.NonZeros:N0} non-zeros");
            }
        }
        finally
        {
            if (given is null)
            {
                foreach (var suffix in new[] { "", "-wal", "-shm" })
                {
                    File.Delete(path + suffix);
                }
            }
        }

        return 0;
    }
}
