using Penchant.Core.Data;

namespace Penchant.Core.Profiles;

/// <summary>
/// A shopper's profile in a few plain sentences, for people (a merchandiser, the shopper themself): what they are
/// mostly interested in, what they turned to lately, and what they turned against, each with its counts. Built
/// offline from the profile alone, and deterministic; <see cref="Facts"/> gives the same material as lines for a
/// language model to word.
/// </summary>
public static class ProfileNarrative
{
    private static readonly FacetKind[] Described = [FacetKind.Category, FacetKind.Brand, FacetKind.Cluster];

    // The event types that say most about a liking or an aversion, strongest first; a sentence names two at most.
    private static readonly EventType[] Liking = [EventType.Purchase, EventType.AddToCart, EventType.Like, EventType.Review, EventType.Rating, EventType.View, EventType.Click, EventType.Search];
    private static readonly EventType[] Disliking = [EventType.Dislike, EventType.Review, EventType.Rating, EventType.RemoveFromCart, EventType.Purchase, EventType.View];

    /// <summary>The narrative, e.g. "Mostly interested in Sports &gt; Running (1 purchase, 5 views) and brand Acme (3 views). Lately turning to Home &gt; Kitchen (latest a view today). Turned against brand Globex (1 dislike)."</summary>
    /// <param name="profile">The profile.</param>
    /// <param name="now">The time the profile is read at, for "today" and "2 days ago".</param>
    /// <param name="perPart">At most this many interests per sentence.</param>
    public static string Describe(InterestProfile profile, DateTimeOffset now, int perPart = 3)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentOutOfRangeException.ThrowIfLessThan(perPart, 1);
        var longTerm = Distinct(profile.Top(3 * perPart, ProfileHorizon.LongTerm, Described), perPart);
        var aversions = Distinct(profile.Aversions(3 * perPart, Described), perPart);
        if (longTerm.Count == 0 && aversions.Count == 0)
        {
            return "No interests yet.";
        }

        var sentences = new List<string>();
        if (longTerm.Count > 0)
        {
            sentences.Add("Mostly interested in " + List(longTerm.Select(static r => $"{r.Interest.Facet} ({Brief(r.Interest, Liking)})")) + ".");
        }

        // Lately: the strongest short-term interests that the long-term sentence does not already lead with.
        var leading = longTerm.Count > 0 ? longTerm[0].Interest.Facet : default;
        var lately = profile.Top(perPart, ProfileHorizon.ShortTerm, Described);
        var turnedTo = lately.Where(r => r.Interest.Facet != leading).Take(Math.Max(1, perPart - 1)).ToList();
        if (lately.Count > 0 && lately[0].Interest.Facet == leading)
        {
            sentences.Add($"Lately still {leading}" + (turnedTo.Count > 0 ? ", and also " + List(turnedTo.Select(Latest(now))) : "") + ".");
        }
        else if (turnedTo.Count > 0)
        {
            sentences.Add("Lately turning to " + List(turnedTo.Select(Latest(now))) + ".");
        }

        if (aversions.Count > 0)
        {
            sentences.Add("Turned against " + List(aversions.Select(static r => $"{r.Interest.Facet} ({Brief(r.Interest, Disliking)})")) + ".");
        }

        return string.Join(' ', sentences);
    }

    /// <summary>
    /// The profile as labelled lines ("long term: Sports &gt; Running: 5 views, 1 purchase, last 2 days ago"), the
    /// material <see cref="Describe"/> words, for a language model. Holds interests and counts only, never the shopper's id.
    /// </summary>
    public static IReadOnlyList<string> Facts(InterestProfile profile, DateTimeOffset now, int perPart = 5)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return
        [
            .. profile.Top(perPart, ProfileHorizon.LongTerm, Described).Select(r => "long term: " + r.Interest.Summary(now)),
            .. profile.Top(perPart, ProfileHorizon.ShortTerm, Described).Select(r => "lately: " + r.Interest.RecentSummary(now)),
            .. profile.Aversions(perPart, Described).Select(r => "turned against: " + r.Interest.Summary(now)),
        ];
    }

    private static Func<RankedInterest, string> Latest(DateTimeOffset now) => r =>
    {
        // "Sports > Running: latest a view today, ... (in all ...)" → "Sports > Running (latest a view today, ...)".
        var recent = r.Interest.RecentSummary(now);
        var prefix = r.Interest.Facet + ": ";
        var detail = recent.StartsWith(prefix, StringComparison.Ordinal) ? recent[prefix.Length..] : recent;
        var inAll = detail.IndexOf(" (in all ", StringComparison.Ordinal);
        return $"{r.Interest.Facet} ({(inAll > 0 ? detail[..inAll] : detail)})";
    };

    /// <summary>The two strongest kinds of evidence in words, e.g. "6 purchases, 62 views".</summary>
    private static string Brief(Interest interest, EventType[] order)
    {
        var parts = order.Where(t => interest.CountOf(t) > 0).Take(2).Select(interest.CountText).ToList();
        return parts.Count > 0 ? string.Join(", ", parts) : interest.CountsSummary();
    }

    /// <summary>
    /// The first <paramref name="count"/> interests whose evidence differs from every one kept before: a category,
    /// its brand and its interest cluster built from the very same events say one thing, not three.
    /// </summary>
    private static List<RankedInterest> Distinct(IReadOnlyList<RankedInterest> ranked, int count)
    {
        var kept = new List<RankedInterest>();
        foreach (var r in ranked)
        {
            if (kept.Count == count)
            {
                break;
            }

            if (!kept.Any(k => SameCounts(k.Interest, r.Interest)))
            {
                kept.Add(r);
            }
        }

        return kept;
    }

    private static bool SameCounts(Interest a, Interest b) =>
        a.Counts.Count == b.Counts.Count && a.Counts.All(p => b.CountOf(p.Key) == p.Value);

    private static string List(IEnumerable<string> parts)
    {
        var list = parts.ToList();
        return list.Count switch
        {
            0 => "",
            1 => list[0],
            _ => string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1],
        };
    }
}
