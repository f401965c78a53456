using System.Diagnostics;
using Npgsql;
using Penchant.Storage;
using Penchant.Storage.Postgres;
using Penchant.Storage.Sqlite;

namespace Penchant.Bench.Storage;

/// <summary>Bulk-appends synthetic events into a fresh SQLite file (or a fresh PostgreSQL schema) and reports events per second.</summary>
public sealed class ImportBench : IBench
{
    public string Name => "import";

    public string Description => "bulk event append into a fresh SQLite file [--events 1000000] [--batch 50000] [--sync full|normal] [--cache-mib 64] [--db path], or into a fresh schema of a PostgreSQL server [--postgres CONNECTION-STRING]";

    public async Task<int> RunAsync(string[] args)
    {
        var a = BenchArgs.Parse(args);
        var count = a.GetInt("events", 1_000_000);
        var batch = a.GetInt("batch", 50_000);
        var events = SyntheticEvents.Generate(count, users: Math.Max(1, count / 20), items: Math.Max(1, count / 50));
        if (a.Get("postgres") is { } connection)
        {
            var schema = "bench_" + Guid.NewGuid().ToString("N");
            Console.WriteLine($"generated {count:N0} events; appending in batches of {batch:N0} into PostgreSQL schema {schema}");
            try
            {
                await using var store = await PostgresStore.OpenAsync(new PostgresStoreOptions { ConnectionString = connection, Schema = schema });
                await AppendTwiceAsync(store, events, batch);
            }
            finally
            {
                await using var admin = new NpgsqlConnection(connection);
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", admin);
                await drop.ExecuteNonQueryAsync();
            }

            return 0;
        }

        var sync = string.Equals(a.Get("sync"), "normal", StringComparison.OrdinalIgnoreCase) ? SqliteSynchronous.Normal : SqliteSynchronous.Full;
        var path = a.Get("db") ?? Path.Combine(Path.GetTempPath(), $"penchant-bench-{Guid.NewGuid():N}.db");
        var keep = a.Get("db") is not null;
        DeleteDatabase(path);
        Console.WriteLine($"generated {count:N0} events; appending in batches of {batch:N0}, synchronous={sync}, file {path}");
        await using (var store = await SqliteStore.OpenAsync(path, new SqliteStoreOptions { Synchronous = sync, CacheSizeKiB = a.GetInt("cache-mib", 64) * 1024 }))
        {
            await AppendTwiceAsync(store, events, batch);
        }

        Console.WriteLine($"file size {new FileInfo(path).Length / 1048576.0:F1} MiB");
        if (!keep)
        {
            DeleteDatabase(path);
        }

        return 0;
    }

    /// <summary>Appends the events in batches, then again (all duplicates), printing the rates.</summary>
    private static async Task AppendTwiceAsync(IPenchantStore store, List<Penchant.Core.Data.Event> events, int batch)
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
        var again = default(WriteResult);
        for (var i = 0; i < events.Count; i += batch)
        {
            again += await store.AppendEventsAsync(events.GetRange(i, Math.Min(batch, events.Count - i)));
        }

        clock.Stop();
        Console.WriteLine($"re-appended the same events: {again.Written:N0} new, {again.Unchanged:N0} duplicates in {clock.Elapsed.TotalSeconds:F2} s: {events.Count / clock.Elapsed.TotalSeconds:N0} events/s");
    }

    private static void DeleteDatabase(string path)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }
    }
}
