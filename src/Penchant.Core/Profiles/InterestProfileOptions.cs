using Penchant.Core.Data;

namespace Penchant.Core.Profiles;

/// <summary>How the short-term side of a profile forgets.</summary>
public enum ShortTermWindow
{
    /// <summary>Exponential decay with <see cref="InterestProfileOptions.ShortTermHalfLifeDays"/>.</summary>
    HalfLife,

    /// <summary>Only the events of the newest session count (events without a session id form one session).</summary>
    LastSession,
}

/// <summary>Options for <see cref="InterestProfileBuilder"/>.</summary>
public sealed record InterestProfileOptions
{
    /// <summary>The half-life of long-term interest in days.</summary>
    public double LongTermHalfLifeDays { get; init; } = 60;

    /// <summary>The half-life of short-term interest in days, when <see cref="ShortTerm"/> is <see cref="ShortTermWindow.HalfLife"/>.</summary>
    public double ShortTermHalfLifeDays { get; init; } = 1;

    /// <summary>How short-term interest forgets.</summary>
    public ShortTermWindow ShortTerm { get; init; } = ShortTermWindow.HalfLife;

    /// <summary>The weight of each event type (the decay fields of <see cref="EventWeights"/> are not used here).</summary>
    public EventWeights Weights { get; init; } = EventWeights.Default;

    /// <summary>How many interests a profile keeps; the weakest are dropped beyond this.</summary>
    public int MaxInterests { get; init; } = 100;

    /// <summary>How many most recent event ids each interest remembers.</summary>
    public int RecentEvents { get; init; } = 3;

    /// <summary>How many reviews each interest remembers.</summary>
    public int RecentReviews { get; init; } = 5;

    /// <summary>The share of an event a category one level up receives; two levels up gets the square, and so on.</summary>
    public double AncestorShare { get; init; } = 0.3;

    /// <summary>The share of an event each of the item's tags receives.</summary>
    public double TagShare { get; init; } = 0.3;

    /// <summary>
    /// The share of negative evidence (dislikes, removals, bad ratings and reviews) that reaches categories and
    /// tags; the brand takes it in full. A bad experience is more often about the maker than the kind of thing.
    /// </summary>
    public double NegativeCategoryShare { get; init; } = 0.3;

    /// <summary>Evidence points a fully positive or negative opinion (5 or 1 stars, a clear review) is worth.</summary>
    public double OpinionWeight { get; init; } = 5;

    /// <summary>How much review sentiment counts, from 0 (ignored) to 1 (a clear review counts <see cref="OpinionWeight"/>).</summary>
    public double SentimentInfluence { get; init; } = 1;

    /// <summary>Evidence each keyword of a search query receives.</summary>
    public double SearchKeywordWeight { get; init; } = 1;

    /// <summary>The default options.</summary>
    public static InterestProfileOptions Default { get; } = new();

    /// <summary>Throws when an option is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Weights);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInterests, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(RecentEvents);
        ArgumentOutOfRangeException.ThrowIfNegative(RecentReviews);
        ArgumentOutOfRangeException.ThrowIfNegative(AncestorShare);
        ArgumentOutOfRangeException.ThrowIfNegative(TagShare);
        ArgumentOutOfRangeException.ThrowIfNegative(NegativeCategoryShare);
        ArgumentOutOfRangeException.ThrowIfNegative(OpinionWeight);
        ArgumentOutOfRangeException.ThrowIfNegative(SentimentInfluence);
        ArgumentOutOfRangeException.ThrowIfNegative(SearchKeywordWeight);
    }
}
