using Penchant.Core.Data;
using Penchant.Core.Text;

namespace Penchant.Core.Profiles;

/// <summary>
/// Turns a shopper's events and the catalogue into an <see cref="InterestProfile"/>: weighted, exponentially
/// time-decaying scores over categories (the leaf in full, each ancestor a shrinking share), brands, tags and
/// search keywords, and interest clusters when the caller knows each item's cluster, kept separately for the long
/// and the short term, each with its evidence.
/// </summary>
/// <remarks>
/// <para>
/// An event of weight w (from <see cref="InterestProfileOptions.Weights"/>) about an item adds w to the item's
/// brand and leaf category, <see cref="InterestProfileOptions.AncestorShare"/>^d x w to the ancestor d levels up,
/// and <see cref="InterestProfileOptions.TagShare"/> x w to each tag. Negative evidence (dislikes, removals from
/// the cart) and opinions reach the brand in full but categories and tags only with
/// <see cref="InterestProfileOptions.NegativeCategoryShare"/>. A rating carries the opinion (stars - 3) / 2; a
/// review carries the polarity x confidence of the <see cref="ISentimentAnalyzer"/> (or its stars, when there
/// is no analyzer); an opinion o adds <see cref="InterestProfileOptions.OpinionWeight"/> x o, so a negative
/// review or a low rating lowers the item's brand and, less so, its category.
/// </para>
/// <para>
/// Building folds the events in time order (ties by event id) into the empty profile, and
/// <see cref="Apply(InterestProfile, Event, Func{string, Item?}, Func{string, string?})"/> performs one step of that fold, so applying
/// a new event to a profile gives exactly the profile rebuilt from all events. An event older than the profile
/// is added with its decay instead, which agrees with a rebuild up to rounding (and up to which interests were
/// dropped at the <see cref="InterestProfileOptions.MaxInterests"/> limit). Applying the same event twice
/// counts it twice: the store deduplicates event ids.
/// </para>
/// </remarks>
public sealed class InterestProfileBuilder
{
    private readonly ISentimentAnalyzer? _sentiment;

    public InterestProfileBuilder(InterestProfileOptions? options = null, ISentimentAnalyzer? sentiment = null)
    {
        Options = options ?? InterestProfileOptions.Default;
        Options.Validate();
        _sentiment = sentiment;
    }

    public InterestProfileOptions Options { get; }

    /// <summary>Builds the profile of <paramref name="userId"/> from their events (any order).</summary>
    /// <param name="userId">The shopper; every event must be theirs.</param>
    /// <param name="events">The shopper's events.</param>
    /// <param name="catalogue">Looks items up by id; null for an unknown item (its events are counted only in time).</param>
    /// <param name="clusterOf">The interest-cluster label of an item id (null when it has none); without it no cluster interests are built.</param>
    public InterestProfile Build(string userId, IEnumerable<Event> events, Func<string, Item?> catalogue, Func<string, string?>? clusterOf = null)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(catalogue);
        var ordered = events.ToList();
        ordered.Sort(static (a, b) => a.Timestamp != b.Timestamp ? a.Timestamp.CompareTo(b.Timestamp) : string.CompareOrdinal(a.EventId, b.EventId));
        var state = new ProfileState(Options, userId);
        foreach (var e in ordered)
        {
            Add(state, e, catalogue, clusterOf);
        }

        return state.Freeze();
    }

    /// <summary>The profile with one more event applied; equal to rebuilding from all events when it is the newest.</summary>
    /// <param name="profile">The profile so far.</param>
    /// <param name="e">The new event.</param>
    /// <param name="catalogue">Looks items up by id.</param>
    /// <param name="clusterOf">The interest-cluster label of an item id, as in <see cref="Build"/>.</param>
    public InterestProfile Apply(InterestProfile profile, Event e, Func<string, Item?> catalogue, Func<string, string?>? clusterOf = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(catalogue);
        var state = ProfileState.Thaw(Options, profile);
        Add(state, e, catalogue, clusterOf);
        return state.Freeze();
    }

    /// <summary>The profile with <paramref name="events"/> applied in time order.</summary>
    /// <param name="profile">The profile so far.</param>
    /// <param name="events">The new events.</param>
    /// <param name="catalogue">Looks items up by id.</param>
    /// <param name="clusterOf">The interest-cluster label of an item id, as in <see cref="Build"/>.</param>
    public InterestProfile Apply(InterestProfile profile, IEnumerable<Event> events, Func<string, Item?> catalogue, Func<string, string?>? clusterOf = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(catalogue);
        var ordered = events.ToList();
        ordered.Sort(static (a, b) => a.Timestamp != b.Timestamp ? a.Timestamp.CompareTo(b.Timestamp) : string.CompareOrdinal(a.EventId, b.EventId));
        var state = ProfileState.Thaw(Options, profile);
        foreach (var e in ordered)
        {
            Add(state, e, catalogue, clusterOf);
        }

        return state.Freeze();
    }

    private void Add(ProfileState state, Event e, Func<string, Item?> catalogue, Func<string, string?>? clusterOf)
    {
        if (!string.Equals(e.UserId, state.UserId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Event {e.EventId} belongs to '{e.UserId}', not '{state.UserId}'.", nameof(e));
        }

        var o = Options;
        var contributions = new List<(Facet Facet, double Delta, double Opinion)>();
        if (e.Type == EventType.Search)
        {
            foreach (var keyword in Keywords(e.Text))
            {
                contributions.Add((Facet.Keyword(keyword), o.SearchKeywordWeight, 0));
            }
        }
        else if (e.ItemId is not null && catalogue(e.ItemId) is { } item)
        {
            var weight = o.Weights.WeightOf(e.Type, e.Value);
            var opinion = Opinion(e);
            if (weight == 0 && opinion == 0)
            {
                // Weightless events (impressions by default) move nothing and are not kept as evidence.
                state.Add(e, []);
                return;
            }

            var opinionPoints = o.OpinionWeight * opinion;

            // Positive evidence spreads over every facet; negative evidence and opinions fall mostly on the brand.
            var positive = Math.Max(weight, 0);
            var negative = Math.Min(weight, 0) + opinionPoints;
            var broad = positive + (o.NegativeCategoryShare * negative);
            if (item.Brand is { Length: > 0 } brand)
            {
                contributions.Add((Facet.Brand(brand), positive + negative, opinion));
            }

            var path = item.Categories;
            var share = 1.0;
            for (var depth = path.Count; depth >= 1; depth--)
            {
                contributions.Add((Facet.Category(string.Join(" > ", path.Take(depth))), share * broad, opinion));
                share *= o.AncestorShare;
            }

            foreach (var tag in item.TagList.Distinct(StringComparer.Ordinal))
            {
                contributions.Add((Facet.Tag(tag), o.TagShare * broad, opinion));
            }

            if (clusterOf?.Invoke(item.Id) is { Length: > 0 } cluster)
            {
                contributions.Add((Facet.Cluster(cluster), broad, opinion));
            }
        }

        state.Add(e, contributions);
    }

    /// <summary>The opinion an event carries, in [-1, 1]: from stars for ratings, from text (or stars) for reviews.</summary>
    private double Opinion(Event e)
    {
        switch (e.Type)
        {
            case EventType.Rating:
                return e.Value is { } stars ? Math.Clamp((stars - 3) / 2, -1, 1) : 0;
            case EventType.Review:
                if (_sentiment is not null && !string.IsNullOrWhiteSpace(e.Text))
                {
                    var result = _sentiment.Analyze(e.Text);
                    return Options.SentimentInfluence * Math.Clamp(result.Polarity * result.Confidence, -1, 1);
                }

                return e.Value is { } reviewStars ? Options.SentimentInfluence * Math.Clamp((reviewStars - 3) / 2, -1, 1) : 0;
            default:
                return 0;
        }
    }

    /// <summary>Search keywords: lower-cased words of two or more characters (a run of Chinese stays one keyword).</summary>
    internal static IEnumerable<string> Keywords(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return [];
        }

        return query.ToLowerInvariant()
            .Split([' ', '\t', ',', '.', ';', '/', '\u3000', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(static w => w.Length >= 2 || (w.Length == 1 && w[0] >= '\u4e00'))
            .Distinct(StringComparer.Ordinal);
    }
}
