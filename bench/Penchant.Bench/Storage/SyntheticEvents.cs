using Penchant.Core.Data;

namespace Penchant.Bench.Storage;

/// <summary>Seeded synthetic shop events: skewed item popularity, a mix of event types, times over a year.</summary>
internal static class SyntheticEvents
{
    private static readonly EventType[] Types = [EventType.View, EventType.View, EventType.View, EventType.Click, EventType.AddToCart, EventType.Purchase, EventType.Rating];

    public static List<Event> Generate(int count, int users, int items, int seed = 42)
    {
        var rng = new Random(seed);
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var events = new List<Event>(count);
        for (var i = 0; i < count; i++)
        {
            var type = Types[rng.Next(Types.Length)];
            // Squaring a uniform draw skews towards low item numbers: a few popular items, a long tail.
            var u = rng.NextDouble();
            var item = (int)(u * u * items);
            events.Add(new Event(
                $"ev{i}",
                $"u{rng.Next(users)}",
                $"i{item}",
                type,
                start.AddSeconds(rng.Next(365 * 86400)),
                type == EventType.Rating ? 1 + rng.Next(5) : null));
        }

        return events;
    }
}
