namespace Penchant.Server.Contracts;

/// <summary>A weighted interest; weights of one list sum to 1.</summary>
public sealed record InterestWeight(string Name, double Weight);

/// <summary>The evidence behind one interest.</summary>
/// <param name="Counts">Events per type (wire names).</param>
/// <param name="RecentEventIds">The newest contributing events.</param>
/// <param name="Reviews">Reviews and ratings that moved it: event id, opinion in [-1, 1], effect.</param>
/// <param name="FirstSeen">The oldest contributing event.</param>
/// <param name="LastSeen">The newest contributing event.</param>
public sealed record InterestEvidenceDto(
    IReadOnlyDictionary<string, int> Counts,
    IReadOnlyList<string> RecentEventIds,
    IReadOnlyList<ReviewEvidenceDto> Reviews,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen);

/// <summary>A review or rating that moved an interest.</summary>
public sealed record ReviewEvidenceDto(string EventId, double Opinion, double Effect);

/// <summary>One interest with its score on a horizon, a readable summary and its evidence.</summary>
/// <param name="Kind">category, brand, tag, keyword or cluster.</param>
/// <param name="Name">The category path, brand, tag, keyword or interest-cluster label.</param>
/// <param name="Score">The time-decayed score on the list's horizon (negative for aversions).</param>
/// <param name="Summary">E.g. "Sports > Running > Trail shoes: 5 views, 1 purchase, last 2 days ago".</param>
/// <param name="Evidence">Which events and reviews built it.</param>
/// <param name="ClusterId">For an interest cluster, its stable id (kept across retrains while the cluster stays substantially the same).</param>
public sealed record InterestDto(string Kind, string Name, double Score, string Summary, InterestEvidenceDto Evidence, int? ClusterId = null);

/// <summary>What a shopper is interested in.</summary>
/// <param name="UserId">The shopper.</param>
/// <param name="EventCount">Events read.</param>
/// <param name="Categories">Category weights (long term, summing to 1).</param>
/// <param name="Brands">Brand weights (long term, summing to 1).</param>
/// <param name="ComputedAt">When the profile was computed.</param>
/// <param name="LongTerm">The strongest long-term interests of every kind, with evidence.</param>
/// <param name="ShortTerm">The strongest short-term (current session) interests.</param>
/// <param name="Aversions">What the shopper turned against (dislikes, negative reviews), most negative first.</param>
/// <param name="Clusters">Interest-cluster weights by readable label (long term, summing to 1); empty before the first training run.</param>
public sealed record InterestProfileDto(
    string UserId,
    int EventCount,
    IReadOnlyList<InterestWeight> Categories,
    IReadOnlyList<InterestWeight> Brands,
    DateTimeOffset ComputedAt,
    IReadOnlyList<InterestDto>? LongTerm = null,
    IReadOnlyList<InterestDto>? ShortTerm = null,
    IReadOnlyList<InterestDto>? Aversions = null,
    IReadOnlyList<InterestWeight>? Clusters = null)
{
    /// <summary>The profile in a few sentences, when asked for (<c>narrative=true</c>).</summary>
    public ProfileNarrativeDto? Narrative { get; init; }
}

/// <summary>A shopper's profile in plain words.</summary>
/// <param name="Text">E.g. "Mostly interested in Sports &gt; Running (5 views, 1 purchase). Lately turning to ...".</param>
/// <param name="Source">"offline", the language model that wrote it ("gpt-4o-mini at https://..."), or "offline" with why the model was not used.</param>
public sealed record ProfileNarrativeDto(string Text, string Source);
