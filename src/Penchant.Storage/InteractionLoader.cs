using Penchant.Core.Data;

namespace Penchant.Storage;

/// <summary>
/// Reads a store into the core's training data: every item id first (so items without events still get a column,
/// in id order), then every event, through <see cref="InteractionBuilder"/>.
/// </summary>
public static class InteractionLoader
{
    /// <summary>Streams the store into <see cref="InteractionData"/> weighted by <paramref name="weights"/>.</summary>
    /// <param name="events">Where the events come from.</param>
    /// <param name="items">Where the catalogue comes from; null to take items from events only.</param>
    /// <param name="weights">Event weights and decay; the defaults when null.</param>
    /// <param name="referenceTime">Decay is measured back from this time; null means the newest event.</param>
    /// <param name="cancellation">Stops the load.</param>
    public static async Task<InteractionData> LoadAsync(
        IEventStore events,
        IItemStore? items,
        EventWeights? weights = null,
        DateTimeOffset? referenceTime = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var builder = await ReadAsync(events, items, weights, referenceTime, cancellation);
        return builder.Build();
    }

    /// <summary>
    /// Streams the store into a builder without building, so the read and the build can be timed apart.
    /// </summary>
    public static async Task<InteractionBuilder> ReadAsync(
        IEventStore events,
        IItemStore? items,
        EventWeights? weights = null,
        DateTimeOffset? referenceTime = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var builder = new InteractionBuilder(weights) { ReferenceTime = referenceTime };
        if (items is not null)
        {
            await foreach (var id in items.StreamItemIdsAsync(cancellation))
            {
                builder.AddItem(id);
            }
        }

        await foreach (var e in events.StreamEventsAsync(cancellation))
        {
            builder.Add(e);
        }

        return builder;
    }
}
