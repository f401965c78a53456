using System.Threading.Channels;
using Penchant.Core.Data;
using Penchant.Storage;

namespace Penchant.Server.Services;

/// <summary>
/// Group commit for event ingest: concurrent requests (single events and batches alike) queue their events to one
/// writer, which commits whatever has queued up in one store transaction and then answers each request with its
/// own events' outcomes. A request is answered only after the transaction holding its events is durable, so a 2xx
/// still means the events are on disk, while the cost of a synced commit, and of writing the index pages a
/// transaction touches, is shared by every request in the group.
/// </summary>
/// <remarks>
/// There is no timer: the writer takes everything queued (up to <see cref="MaxGroupSize"/> events, whole requests
/// only) as soon as the previous commit ends, so a lone request waits for one commit only and, under load, groups
/// grow by themselves while a commit is syncing. When a group's transaction fails, its requests are committed again
/// one transaction each, so a bad event fails its own request only and never takes the rest of its group with it.
/// </remarks>
public sealed class EventGroupCommitter : IAsyncDisposable
{
    /// <summary>The default most events committed in one transaction (unless one request alone holds more).</summary>
    public const int DefaultMaxGroupSize = 200_000;

    private readonly IEventStore _store;
    private readonly Channel<Pending> _queue;
    private readonly Task _writer;
    private long _groups;
    private long _events;

    /// <summary>Starts the writer over <paramref name="store"/>.</summary>
    public EventGroupCommitter(IEventStore store, int maxGroupSize = DefaultMaxGroupSize)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxGroupSize, 1);
        _store = store;
        MaxGroupSize = maxGroupSize;

        // Bounded: when the store cannot keep up, callers wait to enqueue instead of piling up memory.
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(4096)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>The most events committed in one transaction, unless one request alone holds more.</summary>
    public int MaxGroupSize { get; }

    /// <summary>Transactions committed for queued events since start (a group retried request by request counts each).</summary>
    public long Groups => Interlocked.Read(ref _groups);

    /// <summary>Events that went through the queue since start.</summary>
    public long Events => Interlocked.Read(ref _events);

    /// <summary>
    /// Queues <paramref name="e"/> for the next group and completes once its transaction is durable, with whether it
    /// was stored or its id was already stored. Faults when the store refused the event.
    /// </summary>
    public async Task<AppendOutcome> AppendAsync(Event e, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(e);
        return (await AppendBatchAsync([e], cancellation))[0];
    }

    /// <summary>
    /// Queues <paramref name="events"/> for the next group, all in the same transaction, and completes once it is
    /// durable with each event's outcome in order. Faults when the store refused the batch (then none is stored).
    /// </summary>
    public async Task<AppendOutcome[]> AppendBatchAsync(IReadOnlyList<Event> events, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return [];
        }

        var pending = new Pending(events);
        await _queue.Writer.WriteAsync(pending, cancellation);

        // Once queued the events are committed whether or not this caller still waits for the answer.
        return await pending.Done.Task.WaitAsync(cancellation);
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        var group = new List<Pending>();
        while (await reader.WaitToReadAsync())
        {
            group.Clear();
            var events = 0;
            while (reader.TryPeek(out var next) && (group.Count == 0 || events + next.Events.Count <= MaxGroupSize) && reader.TryRead(out next))
            {
                group.Add(next);
                events += next.Events.Count;
            }

            (AppendOutcome[]? Outcomes, Exception? Error)[] results;
            try
            {
                results = await CommitGroupAsync(group.ConvertAll(static p => p.Events));
            }
            catch (Exception error)
            {
                // Never leave a request waiting, and keep the writer alive for the next group.
                results = [.. group.Select(_ => ((AppendOutcome[]?)null, (Exception?)error))];
            }

            for (var i = 0; i < group.Count; i++)
            {
                if (results[i].Error is { } error)
                {
                    group[i].Done.TrySetException(error);
                }
                else
                {
                    group[i].Done.TrySetResult(results[i].Outcomes!);
                }
            }
        }
    }

    /// <summary>
    /// Commits the requests' <paramref name="batches"/> in one transaction, or, when that fails, one transaction per
    /// request; returns each request's outcomes or the error that kept its events out of the store.
    /// </summary>
    internal async Task<(AppendOutcome[]? Outcomes, Exception? Error)[]> CommitGroupAsync(IReadOnlyList<IReadOnlyList<Event>> batches)
    {
        var results = new (AppendOutcome[]? Outcomes, Exception? Error)[batches.Count];
        if (batches.Count > 1)
        {
            var all = new List<Event>(batches.Sum(static b => b.Count));
            foreach (var batch in batches)
            {
                all.AddRange(batch);
                Interlocked.Add(ref _events, batch.Count);
            }

            try
            {
                Interlocked.Increment(ref _groups);
                var outcomes = await _store.AppendEventsReportingEachAsync(all, CancellationToken.None);
                var offset = 0;
                for (var i = 0; i < batches.Count; i++)
                {
                    results[i] = (outcomes[offset..(offset + batches[i].Count)], null);
                    offset += batches[i].Count;
                }

                return results;
            }
            catch (Exception)
            {
                // The whole group rolled back: isolate the request(s) at fault by committing each on its own.
            }
        }
        else
        {
            Interlocked.Add(ref _events, batches.Sum(static b => b.Count));
        }

        for (var i = 0; i < batches.Count; i++)
        {
            try
            {
                Interlocked.Increment(ref _groups);
                results[i] = (await _store.AppendEventsReportingEachAsync(batches[i], CancellationToken.None), null);
            }
            catch (Exception error)
            {
                results[i] = (null, error);
            }
        }

        return results;
    }

    /// <summary>Stops taking events, commits those already queued and waits for the writer to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private sealed class Pending(IReadOnlyList<Event> events)
    {
        public IReadOnlyList<Event> Events { get; } = events;

        // Continuations run off the writer, so answering requests never delays the next commit.
        public TaskCompletionSource<AppendOutcome[]> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
