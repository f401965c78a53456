using Penchant.Core.Data;
using Penchant.Storage;

namespace Penchant.Server.Services;

/// <summary>
/// Impression fatigue: the items a shopper keeps being shown and keeps passing over. An item counts one ignored show
/// for each slate that showed it to the shopper after their last event of any kind on it; an event on it (a view, a
/// click, a like, a purchase) starts its count again.
/// </summary>
public static class ImpressionFatigue
{
    /// <summary>The most impressions of one shopper a request reads (the newest): a bound on its cost for a shopper who is shown a great deal.</summary>
    public const int MaxImpressions = 2_000;

    /// <summary>How many slates showed each item after the shopper's last event on it.</summary>
    /// <param name="impressions">The shopper's impressions (any order).</param>
    /// <param name="events">The shopper's events (any order).</param>
    /// <returns>Ignored shows by item id; items never ignored are absent.</returns>
    public static Dictionary<string, int> IgnoredShows(IEnumerable<Impression> impressions, IEnumerable<Event> events)
    {
        ArgumentNullException.ThrowIfNull(impressions);
        ArgumentNullException.ThrowIfNull(events);
        var lastEvent = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (e.ItemId is { } id && (!lastEvent.TryGetValue(id, out var last) || e.Timestamp > last))
            {
                lastEvent[id] = e.Timestamp;
            }
        }

        var counted = new HashSet<(string Slate, string Item)>();
        var ignored = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var shown in impressions)
        {
            if ((!lastEvent.TryGetValue(shown.ItemId, out var last) || shown.Timestamp > last) && counted.Add((shown.SlateId, shown.ItemId)))
            {
                ignored[shown.ItemId] = ignored.GetValueOrDefault(shown.ItemId) + 1;
            }
        }

        return ignored;
    }
}
