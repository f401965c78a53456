using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Penchant.Server.Services;

/// <summary>
/// Counters and latency histograms rendered in the Prometheus text exposition format (version 0.0.4).
/// Thread-safe; recording is a few interlocked operations.
/// </summary>
public sealed class ServerMetrics(ServingModel serving, TimeProvider time, ImpressionWriter impressions, CampaignBook campaigns)
{
    /// <summary>Upper bounds of the latency buckets, in seconds.</summary>
    private static readonly double[] Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly ConcurrentDictionary<(string Route, string Method, int Status), Counter> _requests = new();
    private readonly ConcurrentDictionary<(string Route, string Method), Histogram> _latency = new();
    private readonly Counter _eventsAccepted = new();
    private readonly Counter _eventsDuplicate = new();
    private readonly Counter _eventsRejected = new();
    private readonly Counter _trainingRuns = new();
    private readonly Counter _trainingFailures = new();
    private readonly Counter _trainingSkipped = new();
    private readonly Counter _trainingAdopted = new();
    private readonly Counter _searches = new();
    private readonly Counter _searchesEmpty = new();
    private readonly Counter _searchesCorrected = new();
    private readonly Counter _searchesPersonalized = new();
    private readonly Counter _searchesByMeaning = new();
    private readonly Counter _searchesLearned = new();
    private long _lastTrainingTicks;

    /// <summary>Records one finished request.</summary>
    public void RecordRequest(string route, string method, int status, TimeSpan elapsed)
    {
        _requests.GetOrAdd((route, method, status), static _ => new Counter()).Increment(1);
        _latency.GetOrAdd((route, method), static _ => new Histogram(Buckets.Length)).Observe(elapsed.TotalSeconds, Buckets);
    }

    public void RecordIngest(int accepted, int duplicates, int rejected)
    {
        _eventsAccepted.Increment(accepted);
        _eventsDuplicate.Increment(duplicates);
        _eventsRejected.Increment(rejected);
    }

    public void RecordTraining(TimeSpan duration, bool succeeded)
    {
        _trainingRuns.Increment(1);
        if (!succeeded)
        {
            _trainingFailures.Increment(1);
        }

        Interlocked.Exchange(ref _lastTrainingTicks, duration.Ticks);
    }

    /// <summary>Records a scheduled training run left out because nothing it reads had changed.</summary>
    public void RecordSkippedTraining() => _trainingSkipped.Increment(1);

    /// <summary>Records one answered search: whether it returned nothing, read a word as another, was ordered for the shopper, found by meaning, ranked by what shoppers chose after it.</summary>
    public void RecordSearch(bool empty, bool corrected, bool personalized, bool byMeaning, bool learned = false)
    {
        _searchesLearned.Increment(learned ? 1 : 0);
        _searches.Increment(1);
        _searchesEmpty.Increment(empty ? 1 : 0);
        _searchesCorrected.Increment(corrected ? 1 : 0);
        _searchesPersonalized.Increment(personalized ? 1 : 0);
        _searchesByMeaning.Increment(byMeaning ? 1 : 0);
    }

    /// <summary>A scheduled run that served the snapshot another process saved at the store's present revision.</summary>
    public void RecordAdoptedTraining() => _trainingAdopted.Increment(1);

    /// <summary>Events accepted since start.</summary>
    public long EventsAccepted => _eventsAccepted.Value;

    /// <summary>The exposition text.</summary>
    public string Render()
    {
        var text = new StringBuilder(4096);
        text.AppendLine("# HELP penchant_http_requests_total HTTP requests by route, method and status.");
        text.AppendLine("# TYPE penchant_http_requests_total counter");
        foreach (var ((route, method, status), counter) in _requests.OrderBy(static p => p.Key.Route, StringComparer.Ordinal).ThenBy(static p => p.Key.Method, StringComparer.Ordinal).ThenBy(static p => p.Key.Status))
        {
            text.Append(CultureInfo.InvariantCulture, $"penchant_http_requests_total{{route=\"{Escape(route)}\",method=\"{method}\",status=\"{status}\"}} {counter.Value}\n");
        }

        text.AppendLine("# HELP penchant_http_request_duration_seconds HTTP request latency by route and method.");
        text.AppendLine("# TYPE penchant_http_request_duration_seconds histogram");
        foreach (var ((route, method), histogram) in _latency.OrderBy(static p => p.Key.Route, StringComparer.Ordinal).ThenBy(static p => p.Key.Method, StringComparer.Ordinal))
        {
            var labels = $"route=\"{Escape(route)}\",method=\"{method}\"";
            long cumulative = 0;
            for (var b = 0; b < Buckets.Length; b++)
            {
                cumulative += histogram.BucketCount(b);
                text.Append(CultureInfo.InvariantCulture, $"penchant_http_request_duration_seconds_bucket{{{labels},le=\"{Buckets[b]}\"}} {cumulative}\n");
            }

            var count = histogram.Count;
            text.Append(CultureInfo.InvariantCulture, $"penchant_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {count}\n");
            text.Append(CultureInfo.InvariantCulture, $"penchant_http_request_duration_seconds_sum{{{labels}}} {histogram.Sum}\n");
            text.Append(CultureInfo.InvariantCulture, $"penchant_http_request_duration_seconds_count{{{labels}}} {count}\n");
        }

        text.AppendLine("# HELP penchant_events_ingested_total Events by outcome: accepted (stored), duplicate (id already stored), rejected (invalid).");
        text.AppendLine("# TYPE penchant_events_ingested_total counter");
        text.Append(CultureInfo.InvariantCulture, $"penchant_events_ingested_total{{outcome=\"accepted\"}} {_eventsAccepted.Value}\n");
        text.Append(CultureInfo.InvariantCulture, $"penchant_events_ingested_total{{outcome=\"duplicate\"}} {_eventsDuplicate.Value}\n");
        text.Append(CultureInfo.InvariantCulture, $"penchant_events_ingested_total{{outcome=\"rejected\"}} {_eventsRejected.Value}\n");

        var snapshot = serving.Current;
        text.AppendLine("# HELP penchant_model_version The serving model version.");
        text.AppendLine("# TYPE penchant_model_version gauge");
        text.Append(CultureInfo.InvariantCulture, $"penchant_model_version {snapshot.Version}\n");
        text.AppendLine("# HELP penchant_model_age_seconds Seconds since the serving model was trained (-1 before the first).");
        text.AppendLine("# TYPE penchant_model_age_seconds gauge");
        var age = snapshot.TrainedAt is { } at ? (time.GetUtcNow() - at).TotalSeconds : -1;
        text.Append(CultureInfo.InvariantCulture, $"penchant_model_age_seconds {age}\n");
        text.AppendLine("# HELP penchant_training_duration_seconds Duration of the last training run.");
        text.AppendLine("# TYPE penchant_training_duration_seconds gauge");
        text.Append(CultureInfo.InvariantCulture, $"penchant_training_duration_seconds {TimeSpan.FromTicks(Interlocked.Read(ref _lastTrainingTicks)).TotalSeconds}\n");
        text.AppendLine("# HELP penchant_training_runs_total Training runs, those that failed, scheduled runs left out because nothing had changed, and those that served a snapshot another process saved.");
        text.AppendLine("# TYPE penchant_training_runs_total counter");
        text.Append(CultureInfo.InvariantCulture, $"penchant_training_runs_total{{outcome=\"all\"}} {_trainingRuns.Value}\n");
        text.Append(CultureInfo.InvariantCulture, $"penchant_training_runs_total{{outcome=\"failed\"}} {_trainingFailures.Value}\n");
        text.Append(CultureInfo.InvariantCulture, $"penchant_training_runs_total{{outcome=\"skipped\"}} {_trainingSkipped.Value}\n");
        text.Append(CultureInfo.InvariantCulture, $"penchant_training_runs_total{{outcome=\"adopted\"}} {_trainingAdopted.Value}\n");
        text.AppendLine("# HELP penchant_model_restored 1 while a saved snapshot read at start serves (before this process's first training run ends), else 0.");
        text.AppendLine("# TYPE penchant_model_restored gauge");
        text.Append(CultureInfo.InvariantCulture, $"penchant_model_restored {(serving.Current.RestoredFrom is null ? 0 : 1)}\n");
        text.AppendLine("# HELP penchant_impressions_total Served items written to the impression log; slates dropped because the writer's queue was full.");
        text.AppendLine("# TYPE penchant_impressions_total counter");
        text.Append(CultureInfo.InvariantCulture, $"penchant_impressions_total{{outcome=\"written\"}} {impressions.Written}\n");
        text.Append(CultureInfo.InvariantCulture, $"penchant_impressions_total{{outcome=\"slates_dropped\"}} {impressions.Dropped}\n");
        text.AppendLine("# HELP penchant_searches_total Searches answered; those that returned no item (the null-search rate's numerator), read a word as a close catalogue word, were ordered for the shopper, found by meaning, and ranked by what shoppers chose after the same search.");
        text.AppendLine("# TYPE penchant_searches_total counter");
        text.Append(CultureInfo.InvariantCulture, $"penchant_searches_total{{outcome=\"all\"}} {_searches.Value}\n");
        text.Append(CultureInfo.InvariantCulture, $"penchant_searches_total{{outcome=\"no_results\"}} {_searchesEmpty.Value}\n");
        text.Append(CultureInfo.InvariantCulture, $"penchant_searches_total{{outcome=\"corrected\"}} {_searchesCorrected.Value}\n");
        text.Append(CultureInfo.InvariantCulture, $"penchant_searches_total{{outcome=\"personalized\"}} {_searchesPersonalized.Value}\n");
        text.Append(CultureInfo.InvariantCulture, $"penchant_searches_total{{outcome=\"by_meaning\"}} {_searchesByMeaning.Value}\n");
        text.Append(CultureInfo.InvariantCulture, $"penchant_searches_total{{outcome=\"learned\"}} {_searchesLearned.Value}\n");
        var now = time.GetUtcNow();
        text.AppendLine("# HELP penchant_campaigns Stored merchandising campaigns as this server last read them, by where they stand now.");
        text.AppendLine("# TYPE penchant_campaigns gauge");
        foreach (var status in Enum.GetValues<Penchant.Core.Merchandising.CampaignStatus>())
        {
            text.Append(CultureInfo.InvariantCulture, $"penchant_campaigns{{status=\"{status.ToString().ToLowerInvariant()}\"}} {campaigns.All.Count(c => c.StatusAt(now) == status)}\n");
        }

        RenderRuntime(text);
        return text.ToString();
    }

    // The runtime's own figures, for telling a latency tail caused by collections from one caused by the work.
    private static void RenderRuntime(StringBuilder text)
    {
        text.AppendLine("# HELP dotnet_gc_collections_total Garbage collections by generation since start.");
        text.AppendLine("# TYPE dotnet_gc_collections_total counter");
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            text.Append(CultureInfo.InvariantCulture, $"dotnet_gc_collections_total{{generation=\"{generation}\"}} {GC.CollectionCount(generation)}\n");
        }

        text.AppendLine("# HELP dotnet_gc_pause_seconds_total Time the runtime was paused for garbage collection since start.");
        text.AppendLine("# TYPE dotnet_gc_pause_seconds_total counter");
        text.Append(CultureInfo.InvariantCulture, $"dotnet_gc_pause_seconds_total {GC.GetTotalPauseDuration().TotalSeconds:F6}\n");
        text.AppendLine("# HELP dotnet_gc_heap_bytes Managed heap size after the last collection.");
        text.AppendLine("# TYPE dotnet_gc_heap_bytes gauge");
        text.Append(CultureInfo.InvariantCulture, $"dotnet_gc_heap_bytes {GC.GetGCMemoryInfo().HeapSizeBytes}\n");
        text.AppendLine("# HELP process_cpu_seconds_total CPU time of the server process.");
        text.AppendLine("# TYPE process_cpu_seconds_total counter");
        text.Append(CultureInfo.InvariantCulture, $"process_cpu_seconds_total {Environment.CpuUsage.TotalTime.TotalSeconds:F3}\n");
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private sealed class Counter
    {
        private long _value;

        public long Value => Interlocked.Read(ref _value);

        public void Increment(long by) => Interlocked.Add(ref _value, by);
    }

    private sealed class Histogram(int buckets)
    {
        private readonly long[] _counts = new long[buckets];
        private long _count;
        private long _sumMicros;

        public long Count => Interlocked.Read(ref _count);

        public double Sum => Interlocked.Read(ref _sumMicros) / 1e6;

        public long BucketCount(int bucket) => Interlocked.Read(ref _counts[bucket]);

        public void Observe(double seconds, double[] bounds)
        {
            for (var b = 0; b < bounds.Length; b++)
            {
                if (seconds <= bounds[b])
                {
                    Interlocked.Increment(ref _counts[b]);
                    break;
                }
            }

            Interlocked.Increment(ref _count);
            Interlocked.Add(ref _sumMicros, (long)(seconds * 1e6));
        }
    }
}
