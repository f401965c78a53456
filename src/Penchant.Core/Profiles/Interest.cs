using System.Globalization;
using Penchant.Core.Data;

namespace Penchant.Core.Profiles;

/// <summary>An event that contributed to an interest.</summary>
public readonly record struct EvidenceEvent(string EventId, EventType Type, DateTimeOffset Timestamp);

/// <summary>A review or rating whose opinion moved an interest.</summary>
/// <param name="EventId">The review or rating event.</param>
/// <param name="Timestamp">When it was written.</param>
/// <param name="Opinion">In [-1, 1]: the opinion read from the text (or the stars).</param>
/// <param name="Effect">The evidence it added to this interest before time decay (negative lowers it).</param>
public readonly record struct ReviewEvidence(string EventId, DateTimeOffset Timestamp, double Opinion, double Effect);

/// <summary>
/// One interest of a shopper in a facet, with its time-decayed long- and short-term scores and the evidence
/// behind them. Scores are as of <see cref="InterestProfile.AsOf"/>; negative scores mean aversion.
/// </summary>
/// <param name="Facet">What the interest is in.</param>
/// <param name="LongTerm">The long-term score.</param>
/// <param name="ShortTerm">The short-term score.</param>
/// <param name="Counts">How many events of each type touched it (types never seen are absent).</param>
/// <param name="RecentEvents">The most recent contributing events, newest first.</param>
/// <param name="FirstSeen">The oldest contributing event.</param>
/// <param name="LastSeen">The newest contributing event.</param>
/// <param name="Reviews">The reviews and ratings that moved it, newest first.</param>
public sealed record Interest(
    Facet Facet,
    double LongTerm,
    double ShortTerm,
    IReadOnlyDictionary<EventType, int> Counts,
    IReadOnlyList<EvidenceEvent> RecentEvents,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    IReadOnlyList<ReviewEvidence> Reviews)
{
    /// <summary>How many events of <paramref name="type"/> touched this interest.</summary>
    public int CountOf(EventType type) => Counts.GetValueOrDefault(type);

    /// <summary>
    /// A readable line, e.g. "Sports > Running > Trail shoes: 5 views, 1 purchase, last 2 days ago".
    /// </summary>
    public string Summary(DateTimeOffset now)
    {
        return Facet + ": " + string.Join(", ", Totals().Append("last " + Ago(now, LastSeen)));
    }

    /// <summary>
    /// A readable line that leads with the newest events, for short-term interest, e.g. "Beauty > Hair care >
    /// Shampoos: latest a view today, 2 views 91 days ago (in all 37 views, 1 like)". A short-term score comes from
    /// what happened lately, so the lifetime counts alone would overstate it.
    /// </summary>
    public string RecentSummary(DateTimeOffset now)
    {
        // Newest first; neighbours of one type on one day read as one ("2 views 91 days ago").
        var latest = new List<string>();
        for (var k = 0; k < RecentEvents.Count;)
        {
            var (type, ago) = (RecentEvents[k].Type, Ago(now, RecentEvents[k].Timestamp));
            var n = 1;
            while (k + n < RecentEvents.Count && RecentEvents[k + n].Type == type && Ago(now, RecentEvents[k + n].Timestamp) == ago)
            {
                n++;
            }

            latest.Add((n == 1 ? Article(type) : n.ToString(CultureInfo.InvariantCulture)) + " " + Noun(type, n) + " " + ago);
            k += n;
        }

        if (latest.Count == 0)
        {
            return Summary(now);
        }

        return Facet + ": latest " + string.Join(", ", latest) + " (in all " + string.Join(", ", Totals()) + ")";
    }

    /// <summary>The lifetime counts in words, e.g. "5 views, 1 purchase".</summary>
    public string CountsSummary() => string.Join(", ", Totals());

    /// <summary>One type's lifetime count in words, e.g. "5 views".</summary>
    public string CountText(EventType type) => CountOf(type).ToString(CultureInfo.InvariantCulture) + " " + Noun(type, CountOf(type));

    /// <summary>"5 views", "1 purchase", ... for each event type that touched this interest, in the usual type order.</summary>
    private IEnumerable<string> Totals() =>
        EventTypes.All.Where(t => CountOf(t) > 0).Select(t => CountOf(t).ToString(CultureInfo.InvariantCulture) + " " + Noun(t, CountOf(t)));

    private static string Ago(DateTimeOffset now, DateTimeOffset then)
    {
        var days = (int)Math.Floor((now - then).TotalDays);
        return days <= 0 ? "today" : days == 1 ? "1 day ago" : days.ToString(CultureInfo.InvariantCulture) + " days ago";
    }

    private static string Article(EventType type) => type is EventType.AddToCart or EventType.Impression ? "an" : "a";

    private static string Noun(EventType type, int n)
    {
        var (one, many) = type switch
        {
            EventType.View => ("view", "views"),
            EventType.Click => ("click", "clicks"),
            EventType.Search => ("search", "searches"),
            EventType.AddToCart => ("add to cart", "adds to cart"),
            EventType.RemoveFromCart => ("removal from cart", "removals from cart"),
            EventType.Purchase => ("purchase", "purchases"),
            EventType.Rating => ("rating", "ratings"),
            EventType.Review => ("review", "reviews"),
            EventType.Like => ("like", "likes"),
            EventType.Dislike => ("dislike", "dislikes"),
            EventType.Impression => ("impression", "impressions"),
            _ => ("event", "events"),
        };
        return n == 1 ? one : many;
    }
}
