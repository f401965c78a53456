namespace Penchant.Core.Profiles;

/// <summary>Which side of a profile to rank by.</summary>
public enum ProfileHorizon
{
    LongTerm,
    ShortTerm,
}

/// <summary>An interest with the score it was ranked by.</summary>
public readonly record struct RankedInterest(Interest Interest, double Score);

/// <summary>
/// A shopper's interests over facets (categories, brands, tags, keywords), long-term and short-term, each with
/// its evidence. Immutable; <see cref="InterestProfileBuilder.Apply(InterestProfile, Data.Event, Func{string, Data.Item?}, Func{string, string?})"/>
/// returns an updated copy.
/// </summary>
public sealed class InterestProfile
{
    private readonly Dictionary<Facet, Interest> _byFacet;

    /// <summary>A profile from its parts, e.g. when loading a stored profile.</summary>
    public InterestProfile(string userId, DateTimeOffset? asOf, string? lastSession, long eventCount, IEnumerable<Interest> interests)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(interests);
        UserId = userId;
        AsOf = asOf;
        LastSession = lastSession;
        EventCount = eventCount;
        var list = interests.ToList();
        list.Sort(static (a, b) => a.LongTerm != b.LongTerm ? b.LongTerm.CompareTo(a.LongTerm) : a.Facet.CompareTo(b.Facet));
        Interests = list;
        _byFacet = list.ToDictionary(static i => i.Facet);
    }

    /// <summary>The shopper.</summary>
    public string UserId { get; }

    /// <summary>The time the scores are valid at: the newest event applied, or null for an empty profile.</summary>
    public DateTimeOffset? AsOf { get; }

    /// <summary>The session of the newest event (used by <see cref="ShortTermWindow.LastSession"/>).</summary>
    public string? LastSession { get; }

    /// <summary>How many events were applied.</summary>
    public long EventCount { get; }

    /// <summary>All interests kept, strongest long-term first (ties by facet).</summary>
    public IReadOnlyList<Interest> Interests { get; }

    /// <summary>An empty profile for <paramref name="userId"/>.</summary>
    public static InterestProfile Empty(string userId) => new(userId, null, null, 0, []);

    /// <summary>The interest in <paramref name="facet"/>, or null.</summary>
    public Interest? Find(Facet facet) => _byFacet.GetValueOrDefault(facet);

    /// <summary>
    /// The <paramref name="count"/> strongest positive interests on one horizon, optionally of some facet kinds only.
    /// Rankings leave out redundant ancestor categories (<see cref="IsRedundantAncestor"/>).
    /// </summary>
    public IReadOnlyList<RankedInterest> Top(int count, ProfileHorizon horizon = ProfileHorizon.LongTerm, params FacetKind[] kinds) =>
        Rank(i => horizon == ProfileHorizon.LongTerm ? i.LongTerm : i.ShortTerm, count, kinds);

    /// <summary>
    /// The <paramref name="count"/> strongest positive interests by a mix of both horizons, each normalised by its
    /// largest score among the kinds considered: (1 - s) x long / max long + s x short / max short.
    /// </summary>
    public IReadOnlyList<RankedInterest> Mixed(int count, double shortTermShare, params FacetKind[] kinds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shortTermShare);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shortTermShare, 1);
        var maxLong = 0.0;
        var maxShort = 0.0;
        foreach (var i in Interests)
        {
            if (kinds.Length == 0 || kinds.Contains(i.Facet.Kind))
            {
                maxLong = Math.Max(maxLong, i.LongTerm);
                maxShort = Math.Max(maxShort, i.ShortTerm);
            }
        }

        return Rank(
            i => ((1 - shortTermShare) * (maxLong > 0 ? i.LongTerm / maxLong : 0)) + (shortTermShare * (maxShort > 0 ? i.ShortTerm / maxShort : 0)),
            count,
            kinds);
    }

    /// <summary>The <paramref name="count"/> strongest aversions (negative long-term scores), most negative first.</summary>
    public IReadOnlyList<RankedInterest> Aversions(int count, params FacetKind[] kinds) =>
        Rank(i => -i.LongTerm, count, kinds).Select(static r => r with { Score = -r.Score }).ToList();

    /// <summary>One readable line per interest, strongest long-term first.</summary>
    public IReadOnlyList<string> Summaries(DateTimeOffset now, int count = int.MaxValue) =>
        [.. Interests.Take(count).Select(i => i.Summary(now))];

    /// <summary>
    /// An ancestor category all of whose events came through one descendant ("Beauty > Makeup" when the shopper
    /// only ever looked at "Beauty > Makeup > Foundations") says nothing the descendant does not, so rankings
    /// leave it out; an ancestor that gathers several descendants stays.
    /// </summary>
    public bool IsRedundantAncestor(Interest interest)
    {
        ArgumentNullException.ThrowIfNull(interest);
        if (interest.Facet.Kind != FacetKind.Category)
        {
            return false;
        }

        var prefix = interest.Facet.Value + " > ";
        foreach (var other in Interests)
        {
            if (other.Facet.Kind == FacetKind.Category
                && other.Facet.Value.StartsWith(prefix, StringComparison.Ordinal)
                && other.Counts.Count == interest.Counts.Count
                && other.Counts.All(kv => interest.Counts.GetValueOrDefault(kv.Key) == kv.Value))
            {
                return true;
            }
        }

        return false;
    }

    private List<RankedInterest> Rank(Func<Interest, double> score, int count, FacetKind[] kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        var ranked = new List<RankedInterest>();
        foreach (var i in Interests)
        {
            if (kinds.Length > 0 && !kinds.Contains(i.Facet.Kind))
            {
                continue;
            }

            var s = score(i);
            if (s > 0 && !IsRedundantAncestor(i))
            {
                ranked.Add(new RankedInterest(i, s));
            }
        }

        ranked.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Interest.Facet.CompareTo(b.Interest.Facet));
        if (ranked.Count > count)
        {
            ranked.RemoveRange(count, ranked.Count - count);
        }

        return ranked;
    }
}
