namespace Penchant.Core.Privacy;

/// <summary>How long behaviour events are kept. Events older than the cutoff are deleted by the retention job.</summary>
/// <param name="MaxEventAge">The age past which an event is deleted; must be positive.</param>
public sealed record RetentionPolicy(TimeSpan MaxEventAge)
{
    public TimeSpan MaxEventAge { get; init; } = MaxEventAge > TimeSpan.Zero
        ? MaxEventAge
        : throw new ArgumentOutOfRangeException(nameof(MaxEventAge), MaxEventAge, "The maximum event age must be positive.");

    /// <summary>One year.</summary>
    public static RetentionPolicy Default { get; } = new(TimeSpan.FromDays(365));

    /// <summary>
    /// The instant before which events are expired: <paramref name="now"/> minus <see cref="MaxEventAge"/>. Pass it to
    /// <c>IEventStore.DeleteEventsBeforeAsync</c>.
    /// </summary>
    public DateTimeOffset CutoffFrom(DateTimeOffset now) =>
        now.UtcDateTime - DateTime.MinValue - TimeSpan.FromDays(1) <= MaxEventAge ? DateTimeOffset.MinValue : now - MaxEventAge;

    /// <summary>The cutoff from the clock's current UTC time.</summary>
    public DateTimeOffset CutoffFrom(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return CutoffFrom(clock.GetUtcNow());
    }

    /// <summary>Whether an event at <paramref name="timestamp"/> is past retention at <paramref name="now"/>.</summary>
    public bool IsExpired(DateTimeOffset timestamp, DateTimeOffset now) => timestamp < CutoffFrom(now);
}
