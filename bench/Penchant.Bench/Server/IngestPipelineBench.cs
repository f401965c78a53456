using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Penchant.Core.Data;
using Penchant.Core.Privacy;
using Penchant.Server.Contracts;
using Penchant.Server.Services;
using Penchant.Server.Validation;
using Penchant.Storage.Sqlite;

namespace Penchant.Bench.Server;

/// <summary>
/// The batch ingest path of the server without HTTP, in one process: JSON bodies of 10,000 events are read into the
/// server's DTOs, validated, passed through the privacy steps and committed through the group committer into a fresh
/// SQLite file (<c>synchronous=FULL</c>), by concurrent clients. Reports the request side alone on one thread, then
/// the whole pipeline: wall time, process CPU per event, collections and GC pause time.
/// </summary>
/// <remarks>The events are those of <c>server-load</c>'s synthetic shop (same seed and shape), so the two compare.</remarks>
public sealed class IngestPipelineBench : IBench
{
    private const int BatchSize = 10_000;

    public string Name => "ingest-pipeline";

    public string Description => "batch ingest without HTTP: JSON, validation, privacy, group commit, SQLite [--events 1000000 --clients 32 --cache-mib 64]";

    public async Task<int> RunAsync(string[] args)
    {
        var a = BenchArgs.Parse(args);
        var events = a.GetInt("events", 1_000_000);
        var clients = a.GetInt("clients", 32);
        var cacheMib = a.GetInt("cache-mib", 64);
        var users = Math.Max(1, events / 20);
        const int items = 100_000;
        var bodies = new List<byte[]>();
        for (var loaded = 0; loaded < events; loaded += BatchSize)
        {
            var n = Math.Min(BatchSize, events - loaded);
            bodies.Add(JsonSerializer.SerializeToUtf8Bytes(new { events = Enumerable.Range(loaded, n).Select(i => Event($"bulk-{i}", i, users, items)).ToList() }));
        }

        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var privacy = new IngestPrivacy(new Pseudonymizer(Enumerable.Range(1, 32).Select(static i => (byte)i).ToArray()), MinimizationOptions.Default);
        List<Event> Prepare(byte[] body)
        {
            var batch = JsonSerializer.Deserialize<EventBatchDto>(body, json)!;
            var now = DateTimeOffset.UtcNow;
            var errors = new ValidationErrors();
            var tally = new IngestTally();
            var valid = new List<Event>(batch.Events!.Count);
            for (var i = 0; i < batch.Events.Count; i++)
            {
                if (RequestValidator.ToEvent(batch.Events[i], $"events[{i}].", now, errors) is { } e)
                {
                    valid.Add(privacy.Prepare(e, tally));
                }
            }

            return valid;
        }

        // The request side alone, one thread (its first pass also JIT-compiles the path).
        var usage = Usage.Start();
        long prepared = 0;
        foreach (var body in bodies)
        {
            prepared += Prepare(body).Count;
        }

        Console.WriteLine($"request side alone (JSON, validation, privacy; one thread): {prepared:N0} events, {usage.Report(prepared)}");

        var path = Path.Combine(Path.GetTempPath(), $"penchant-ingest-{Guid.NewGuid():N}.db");
        try
        {
            await using var store = await SqliteStore.OpenAsync(path, new SqliteStoreOptions { CacheSizeKiB = cacheMib * 1024 });
            await using var committer = new EventGroupCommitter(store);
            var next = -1;
            usage = Usage.Start();
            await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
            {
                int b;
                while ((b = Interlocked.Increment(ref next)) < bodies.Count)
                {
                    await committer.AppendBatchAsync(Prepare(bodies[b]));
                }
            })));
            Console.WriteLine($"pipeline ({clients} clients, page cache {cacheMib} MiB, synchronous=FULL): {events:N0} events, {usage.Report(events)}; {committer.Groups} commits");
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        }

        return 0;
    }

    private static object Event(string id, int i, int users, int items)
    {
        const int categories = 200;
        var random = new Random(HashCode.Combine(7, i));
        var u = (int)(Math.Pow(random.NextDouble(), 1.5) * users);
        var category = (u * 7 + (random.Next(2) * 13)) % categories;
        var perCategory = Math.Max(1, items / categories);
        var rank = (int)(Math.Pow(random.NextDouble(), 2) * perCategory);
        var item = Math.Min(items - 1, (rank * categories) + category);
        var type = random.Next(20) switch { 0 => "purchase", 1 or 2 => "add_to_cart", _ => "view" };
        return new { eventId = id, userId = $"user-{u}", itemId = $"item-{item}", type, timestamp = DateTimeOffset.UtcNow.AddMinutes(-random.Next(60 * 24 * 30)) };
    }

    /// <summary>Wall clock, process CPU, collections and GC pauses since the start.</summary>
    private sealed class Usage
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        private readonly TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;
        private readonly TimeSpan _pause = GC.GetTotalPauseDuration();
        private readonly int[] _collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];

        public static Usage Start() => new();

        public string Report(long units)
        {
            var wall = Stopwatch.GetElapsedTime(_started);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpu;
            var pause = GC.GetTotalPauseDuration() - _pause;
            var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
            return string.Create(CultureInfo.InvariantCulture,
                $"{wall.TotalSeconds:F2} s = {units / wall.TotalSeconds:N0}/s; CPU {cpu.TotalMicroseconds / units:F2} µs each; collections {GC.CollectionCount(0) - _collections[0]}/{GC.CollectionCount(1) - _collections[1]}/{GC.CollectionCount(2) - _collections[2]}, GC pause {pause.TotalMilliseconds:F0} ms; load average {load}");
        }
    }
}
