using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Penchant.Bench.Server;

/// <summary>
/// Load against a running Penchant server (<c>penchant serve</c>): bulk-loads a synthetic shop through the
/// batch endpoints, trains, then measures single-event ingest and recommendation latency at a fixed request rate.
/// </summary>
/// <remarks>
/// Open-loop: requests are started on a fixed schedule whether or not earlier ones finished, so a slow server
/// shows up as latency rather than as a lower rate (avoiding coordinated omission).
/// </remarks>
public sealed class ServerLoadBench : IBench
{
    public string Name => "server-load";

    public string Description =>
        "HTTP load on a running server: --url --admin-key --ingest-key [--items 100000 --events 1000000 --rate 200 --seconds 20 "
        + "--single-events 20000 --concurrency 32 --batch-concurrency 2 --server-pid PID --output file.md --skip-load --skip-train --search]";

    public async Task<int> RunAsync(string[] args)
    {
        var options = BenchArgs.Parse(args);
        var url = options.Get("url", "http://127.0.0.1:5080");
        var adminKey = options.Get("admin-key", "");
        var ingestKey = options.Get("ingest-key", "");
        var items = options.GetInt("items", 100_000);
        var events = options.GetInt("events", 1_000_000);
        var users = options.GetInt("users", Math.Max(1, events / 20));
        var rate = options.GetInt("rate", 200);
        var seconds = options.GetInt("seconds", 20);
        var singles = options.GetInt("single-events", 20_000);
        var concurrency = options.GetInt("concurrency", 32);
        var batchConcurrency = options.GetInt("batch-concurrency", 2);
        var serverPid = options.GetInt("server-pid", 0);
        var output = options.Get("output", "");
        var skipLoad = options.Has("skip-load");

        // --search: the fixed-rate phase asks personalised searches ("category 17": every item has the first word, one in
        // 200 the second) instead of recommendations.
        var search = options.Has("search");
        string Request(string user, Random random) => search
            ? $"/v1/search?q=category%20{random.Next(200)}&count=10&user={user}"
            : $"/v1/recommendations/users/{user}?count=10";

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(256, concurrency), PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var ingest = Client(handler, url, ingestKey);
        using var admin = Client(handler, url, adminKey);
        var report = new StringBuilder();
        void Line(string text)
        {
            Console.WriteLine(text);
            report.AppendLine(text);
        }

        Line($"## server-load {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Line("");
        Line($"Server {url}; {Environment.ProcessorCount} cores seen by the client; items {items:N0}, events {events:N0}, shoppers {users:N0}.");
        Line("");
        var shop = new SyntheticShop(items, users, seed: 7);
        if (!skipLoad)
        {
            var watch = Stopwatch.StartNew();
            for (var start = 0; start < items; start += 1000)
            {
                var batch = Enumerable.Range(start, Math.Min(1000, items - start)).Select(shop.Item).ToList();
                (await ingest.PostAsJsonAsync("/v1/items", new { items = batch })).EnsureSuccessStatusCode();
            }

            Line($"- items loaded: {items:N0} in {watch.Elapsed.TotalSeconds:F1} s ({items / watch.Elapsed.TotalSeconds:N0} items/s, batches of 1,000)");
            // Bodies are serialised before the clock starts: the client's JSON work would otherwise be counted
            // against the server, on the same two cores.
            const int batchSize = 10_000;
            var bodies = new List<byte[]>((events + batchSize - 1) / batchSize);
            for (var loaded = 0; loaded < events; loaded += batchSize)
            {
                var n = Math.Min(batchSize, events - loaded);
                bodies.Add(JsonSerializer.SerializeToUtf8Bytes(new { events = Enumerable.Range(loaded, n).Select(i => shop.Event($"bulk-{i}", i)).ToList() }));
            }

            var next = -1;
            var phase = PhaseUsage.Start(serverPid);
            await Task.WhenAll(Enumerable.Range(0, batchConcurrency).Select(async _ =>
            {
                int b;
                while ((b = Interlocked.Increment(ref next)) < bodies.Count)
                {
                    using var content = new ByteArrayContent(bodies[b]);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    using var response = await ingest.PostAsync("/v1/events/batch", content);
                    response.EnsureSuccessStatusCode();
                }
            }));
            var elapsed = phase.Elapsed;
            Line($"- batched ingest: {events:N0} events in {elapsed.TotalSeconds:F1} s = **{events / elapsed.TotalSeconds:N0} events/s** "
                + $"(batches of {batchSize:N0}, {batchConcurrency} concurrent clients, bodies serialised beforehand); {phase.Report(events)}");
        }

        if (!options.Has("skip-train"))
        {
            var trainWatch = Stopwatch.StartNew();
            var trained = await admin.PostAsync("/v1/admin/train?wait=true", null);
            trained.EnsureSuccessStatusCode();
            Line($"- training (wait=true round trip): {trainWatch.Elapsed.TotalSeconds:F1} s; status {await trained.Content.ReadAsStringAsync()}");
        }

        if (singles > 0)
        {
            var singleBodies = Enumerable.Range(0, singles)
                .Select(i => JsonSerializer.SerializeToUtf8Bytes(shop.Event($"single-{Guid.NewGuid():N}", events + i)))
                .ToArray();
            var singleLatencies = new ConcurrentBag<double>();
            var nextSingle = -1;
            var phase = PhaseUsage.Start(serverPid);
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref nextSingle)) < singles)
                {
                    var t = Stopwatch.GetTimestamp();
                    using var content = new ByteArrayContent(singleBodies[i]);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    using var response = await ingest.PostAsync("/v1/events", content);
                    response.EnsureSuccessStatusCode();
                    singleLatencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                }
            }));
            var elapsed = phase.Elapsed;
            Line($"- single-event ingest: {singles:N0} POSTs by {concurrency} concurrent clients in {elapsed.TotalSeconds:F1} s = "
                + $"**{singles / elapsed.TotalSeconds:N0} events/s**; latency {Summary(singleLatencies)}; {phase.Report(singles)}");
        }

        // Warm-up, then the fixed-rate run.
        for (var i = 0; i < 200; i++)
        {
            (await ingest.GetAsync(Request(shop.UserId(i % users), new Random(i)))).EnsureSuccessStatusCode();
        }

        var latencies = new ConcurrentBag<double>();
        var failures = 0;
        var total = rate * seconds;
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        var gcBefore = await RuntimeFiguresAsync(ingest);
        var recommendPhase = PhaseUsage.Start(serverPid);
        var runWatch = Stopwatch.StartNew();
        var tasks = new List<Task>(total);
        var random = new Random(11);
        for (var i = 0; i < total; i++)
        {
            var due = interval * i;
            var wait = due - runWatch.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            var path = Request(shop.UserId(random.Next(users)), random);
            tasks.Add(Task.Run(async () =>
            {
                var t = Stopwatch.GetTimestamp();
                using var response = await ingest.GetAsync(path);
                await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                }

                latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }));
        }

        await Task.WhenAll(tasks);
        var achieved = total / runWatch.Elapsed.TotalSeconds;
        var gcAfter = await RuntimeFiguresAsync(ingest);
        string Delta(string name) => (gcAfter.GetValueOrDefault(name) - gcBefore.GetValueOrDefault(name)).ToString("0.###", CultureInfo.InvariantCulture);
        Line($"- {(search ? "personalised searches" : "recommendations")} at {rate} req/s for {seconds} s ({achieved:N0} req/s achieved, {failures} failures): latency **{Summary(latencies)}**; {recommendPhase.Report(total)}; "
            + $"server collections gen 0/1/2 {Delta("dotnet_gc_collections_total{generation=\"0\"}")}/{Delta("dotnet_gc_collections_total{generation=\"1\"}")}/{Delta("dotnet_gc_collections_total{generation=\"2\"}")}, "
            + $"GC pause {Delta("dotnet_gc_pause_seconds_total")} s");
        Line("");
        if (output.Length > 0)
        {
            await File.AppendAllTextAsync(output, report.ToString());
        }

        return failures == 0 ? 0 : 1;
    }

    private static HttpClient Client(HttpMessageHandler handler, string url, string key)
    {
        var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private static string Summary(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return "n/a";
        }

        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        return string.Create(CultureInfo.InvariantCulture, $"p50 {At(0.50):F2} ms, p99 {At(0.99):F2} ms, max {sorted[^1]:F2} ms (n={sorted.Length:N0})");
    }

    /// <summary>A seeded synthetic shop: 200 categories; each shopper favours two, and popular items get more events.</summary>
    private sealed class SyntheticShop(int items, int users, int seed)
    {
        private const int Categories = 200;

        public string UserId(int u) => $"user-{u}";

        public object Item(int i) => new
        {
            id = $"item-{i}",
            title = $"Item {i}",
            categories = new[] { $"Dept {i % Categories / 20}", $"Category {i % Categories}" },
            brand = $"Brand {i % 37}",
            price = 5 + (i % 300),
        };

        public object Event(string id, int i)
        {
            var random = new Random(HashCode.Combine(seed, i));
            var u = (int)(Math.Pow(random.NextDouble(), 1.5) * users);
            var category = (u * 7 + (random.Next(2) * 13)) % Categories;
            var perCategory = Math.Max(1, items / Categories);
            var rank = (int)(Math.Pow(random.NextDouble(), 2) * perCategory);
            var item = Math.Min(items - 1, (rank * Categories) + category);
            var type = random.Next(20) switch { 0 => "purchase", 1 or 2 => "add_to_cart", _ => "view" };
            return new { eventId = id, userId = UserId(u), itemId = $"item-{item}", type, timestamp = DateTimeOffset.UtcNow.AddMinutes(-random.Next(60 * 24 * 30)) };
        }
    }

    /// <summary>
    /// Wall time, CPU time of the client and (on Linux, given its process id) of the server over one phase, and
    /// the load average at its end: on a shared machine the CPU seconds per event say more than the wall clock.
    /// </summary>
    // The server's runtime counters from /metrics (empty when the server does not publish them).
    private static async Task<Dictionary<string, double>> RuntimeFiguresAsync(HttpClient client)
    {
        var text = await client.GetStringAsync("/metrics");
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var space = line.LastIndexOf(' ');
            if (line.StartsWith("dotnet_gc_", StringComparison.Ordinal) && space > 0
                && double.TryParse(line.AsSpan(space + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                figures[line[..space]] = value;
            }
        }

        return figures;
    }

    private sealed class PhaseUsage
    {
        private readonly int _serverPid;
        private readonly long _started = Stopwatch.GetTimestamp();
        private readonly TimeSpan _clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        private readonly TimeSpan? _serverCpu;

        private PhaseUsage(int serverPid)
        {
            _serverPid = serverPid;
            _serverCpu = ServerCpu(serverPid);
        }

        public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

        public static PhaseUsage Start(int serverPid) => new(serverPid);

        /// <summary>CPU use since the start, per unit of work done (<paramref name="units"/>).</summary>
        public string Report(int units)
        {
            var client = Process.GetCurrentProcess().TotalProcessorTime - _clientCpu;
            var text = new StringBuilder();
            if (_serverCpu is { } before && ServerCpu(_serverPid) is { } after)
            {
                var server = after - before;
                text.Append(CultureInfo.InvariantCulture, $"server CPU {server.TotalSeconds:F1} s ({server.TotalMicroseconds / Math.Max(1, units):F1} µs each), ");
            }

            text.Append(CultureInfo.InvariantCulture, $"client CPU {client.TotalSeconds:F1} s, load average {LoadAverage()}");
            return text.ToString();
        }

        /// <summary>utime + stime of a process from /proc (clock ticks of 10 ms on Linux).</summary>
        private static TimeSpan? ServerCpu(int pid)
        {
            var path = $"/proc/{pid}/stat";
            if (pid <= 0 || !File.Exists(path))
            {
                return null;
            }

            // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
            var stat = File.ReadAllText(path);
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromMilliseconds(ticks * 10);
        }

        private static string LoadAverage() =>
            File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
    }
}
