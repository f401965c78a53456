namespace Penchant.Server.Tests.Privacy;

/// <summary>A clock that stands still and timers that fire only when the test says so.</summary>
public sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    private readonly List<ManualTimer> _timers = [];

    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    /// <summary>How many timers were created with each period.</summary>
    public int TimersWithPeriod(TimeSpan period)
    {
        lock (_timers)
        {
            return _timers.Count(t => t.Period == period);
        }
    }

    /// <summary>Fires every timer with the given period once, as if the period had elapsed.</summary>
    public void Fire(TimeSpan period)
    {
        List<ManualTimer> due;
        lock (_timers)
        {
            due = [.. _timers.Where(t => t.Period == period)];
        }

        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(callback, state, period);
        lock (_timers)
        {
            _timers.Add(timer);
        }

        return timer;
    }

    private sealed class ManualTimer(TimerCallback callback, object? state, TimeSpan period) : ITimer
    {
        public TimeSpan Period { get; private set; } = period;

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Period = period;
            return true;
        }

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
