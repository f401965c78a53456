using System.Threading.Channels;
using Penchant.Core.Data;
using Penchant.Storage;

namespace Penchant.Server.Services;

/// <summary>
/// Group commit for events posted one at a time: concurrent requests queue their event to one writer, which
/// commits whatever has queued up in one store transaction and then answers each request with its own event's
/// outcome. A request is answered only after the transaction holding its event is durable, so a 2xx still means
/// the event is on disk, while the cost of a synced commit is shared by every request in the group.
/// </summary>
/// <remarks>
/// There is no timer: the writer takes everything queued (up to <see cref="MaxGroupSize"/>) as soon as the previous
/// commit ends, so a lone request waits for one commit only and, under load, groups grow by themselves while a commit
/// is syncing. When a group's transaction fails, its events are committed again one per transaction, so a single bad
/// event fails its own request only and never takes the rest of its group with it.
/// </remarks>
public sealed class EventGroupCommitter : IAsyncDisposable
{
    /// <summary>The default most events committed in one transaction.</summary>
    public const int DefaultMaxGroupSize = 1024;

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
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(Math.Max(4 * maxGroupSize, 4096))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>The most events committed in one transaction.</summary>
    public int MaxGroupSize { get; }

    /// <summary>Transactions committed for queued events since start (a group retried event by event counts each).</summary>
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
        var pending = new Pending(e);
        await _queue.Writer.WriteAsync(pending, cancellation);

        // Once queued the event is committed whether or not this caller still waits for the answer.
        return await pending.Done.Task.WaitAsync(cancellation);
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        var group = new List<Pending>(MaxGroupSize);
        var events = new List<Event>(MaxGroupSize);
        while (await reader.WaitToReadAsync())
        {
            group.Clear();
            events.Clear();
            while (group.Count < MaxGroupSize && reader.TryRead(out var pending))
            {
                group.Add(pending);
                events.Add(pending.Event);
            }

            var results = await CommitGroupAsync(events);
            for (var i = 0; i < group.Count; i++)
            {
                if (results[i].Error is { } error)
                {
                    group[i].Done.TrySetException(error);
                }
                else
                {
                    group[i].Done.TrySetResult(results[i].Outcome);
                }
            }
        }
    }

    /// <summary>
    /// Commits <paramref name="events"/> in one transaction, or, when that fails, one transaction per event; returns
    /// each event's outcome or the error that kept it out of the store.
    /// </summary>
    internal async Task<(AppendOutcome Outcome, Exception? Error)[]> CommitGroupAsync(IReadOnlyList<Event> events)
    {
        var results = new (AppendOutcome Outcome, Exception? Error)[events.Count];
        Interlocked.Add(ref _events, events.Count);
        if (events.Count > 1)
        {
            try
            {
                Interlocked.Increment(ref _groups);
                var outcomes = await _store.AppendEventsReportingEachAsync(events, CancellationToken.None);
                for (var i = 0; i < events.Count; i++)
                {
                    results[i] = (outcomes[i], null);
                }

                return results;
            }
            catch (Exception)
            {
                // The whole group rolled back: isolate the event(s) at fault by committing each on its own.
            }
        }

        for (var i = 0; i < events.Count; i++)
        {
            try
            {
                Interlocked.Increment(ref _groups);
                var outcomes = await _store.AppendEventsReportingEachAsync([events[i]], CancellationToken.None);
                results[i] = (outcomes[0], null);
            }
            catch (Exception error)
            {
                results[i] = (default, error);
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

    private sealed class Pending(Event e)
    {
        public Event Event { get; } = e;

        // Continuations run off the writer, so answering requests never delays the next commit.
        public TaskCompletionSource<AppendOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
