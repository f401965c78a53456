namespace Penchant.Server.Contracts;

/// <summary>One recommended item with the reason it is shown.</summary>
public sealed record RecommendedItem(string Id, string Title, string? Category, string? Brand, decimal? Price, float Score, string Reason)
{
    /// <summary>Whether the exploration policy chose the item from a cluster new to the shopper.</summary>
    public bool Explore { get; init; }

    /// <summary>The explored cluster's label (explore items only).</summary>
    public string? Cluster { get; init; }

    /// <summary>The probability with which the policy chose the item (explore items only), for off-policy evaluation.</summary>
    public double? Propensity { get; init; }

    /// <summary>What merchandising added to its score: the request's boosts (<c>boost=</c>) and the active campaigns'; absent when none matched.</summary>
    public float? Boost { get; init; }

    /// <summary>The ids of the active merchandising campaigns whose boosts matched it; absent when none did.</summary>
    public IReadOnlyList<string>? Campaigns { get; init; }
}

/// <summary>Recommendations for one shopper.</summary>
/// <param name="UserId">The shopper.</param>
/// <param name="Personalized">False when the shopper had no usable history and popular items were served.</param>
/// <param name="ModelVersion">The serving model version that scored them.</param>
/// <param name="Items">Best first.</param>
public sealed record RecommendationsResponse(string UserId, bool Personalized, long ModelVersion, IReadOnlyList<RecommendedItem> Items)
{
    /// <summary>The id under which the served slate is in the impression log.</summary>
    public string? SlateId { get; init; }

    /// <summary>The recommender whose model scored them (an experiment's variant may name another than the served one).</summary>
    public string? Recommender { get; init; }

    /// <summary>The first A/B test the shopper is in, when there is one (the first of <see cref="Experiments"/>).</summary>
    public string? Experiment { get; init; }

    /// <summary>The shopper's variant in it.</summary>
    public string? Variant { get; init; }

    /// <summary>Every A/B test the shopper is in, with their variant in each; null when none.</summary>
    public IReadOnlyList<ExperimentArmDto>? Experiments { get; init; }

    /// <summary>
    /// With <c>reasons=language</c>: who wrote the reasons (the language model and endpoint), or why the engine's own
    /// reasons serve ("offline (...)"); null otherwise.
    /// </summary>
    public string? ReasonSource { get; init; }

    /// <summary>
    /// For a ranking of the caller's own items (<c>POST .../rank</c>): the ids the serving model does not know, in the
    /// order given, for the caller to place after the ranked ones; null for recommendations.
    /// </summary>
    public IReadOnlyList<string>? Unranked { get; init; }
}

/// <summary>The caller's candidates to rank for a shopper: item ids, at most <c>MaxRankItems</c> (1,000).</summary>
public sealed record RankRequest(IReadOnlyList<string?>? Items)
{
    /// <summary>Merchandising boosts, <c>field:value:weight</c> comma-separated, as the <c>boost</c> query parameter of the lists.</summary>
    public string? Boost { get; init; }

    /// <summary>False leaves the stored merchandising campaigns out of this ranking (default true).</summary>
    public bool? Campaigns { get; init; }

    /// <summary>
    /// Where the shop shows the ranking (<c>search</c>, <c>category-page</c>): campaigns for that placement apply, and a
    /// stored placement's <c>boost</c> and <c>campaigns</c> settings fill in what the body leaves unset.
    /// </summary>
    public string? Placement { get; init; }
}

/// <summary>A shopper's variant in one A/B test.</summary>
public sealed record ExperimentArmDto(string Experiment, string Variant);

/// <summary>What goes with a cart.</summary>
/// <param name="Cart">The cart's item ids as sent.</param>
/// <param name="ModelVersion">The serving model version that scored them.</param>
/// <param name="Items">Best first; none of them in the cart.</param>
public sealed record CartRecommendationsResponse(IReadOnlyList<string> Cart, long ModelVersion, IReadOnlyList<RecommendedItem> Items)
{
    /// <summary>Cart ids the serving model does not know (new or never trained on); they add nothing.</summary>
    public IReadOnlyList<string> UnknownItems { get; init; } = [];
}

/// <summary>Items similar to one item.</summary>
public sealed record SimilarItemsResponse(string ItemId, long ModelVersion, IReadOnlyList<RecommendedItem> Items);

/// <summary>"Because you …" carousels for a shopper, one group per recent item, newest first.</summary>
public sealed record BecauseResponse(string UserId, long ModelVersion, IReadOnlyList<BecauseGroupDto> Groups);

/// <summary>One carousel: the shopper's item it grows from, the heading ("because you viewed X") and the items similar to it.</summary>
public sealed record BecauseGroupDto(string ItemId, string Title, string Reason, IReadOnlyList<RecommendedItem> Items);

/// <summary>Popular or trending items.</summary>
public sealed record ItemListResponse(string? Category, long ModelVersion, IReadOnlyList<RecommendedItem> Items);

/// <summary>A shopper in an audience.</summary>
/// <param name="UserId">The shopper's pseudonym (the shop computes it from its own id with its key).</param>
/// <param name="Affinity">Σ 1 / log2(rank + 1) over the target's items among the shopper's top recommendations.</param>
/// <param name="TargetItemsInTop">How many of the target's items are among them.</param>
/// <param name="BestRank">The best of their ranks, from 1.</param>
/// <param name="TookTarget">Whether the shopper already took one of the target's items.</param>
/// <param name="Reason">The numbers above in words.</param>
public sealed record AudienceMemberDto(string UserId, double Affinity, int TargetItemsInTop, int BestRank, bool TookTarget, string Reason);

/// <summary>An audience for a brand and/or category, best first.</summary>
/// <param name="Target">The brand and/or category.</param>
/// <param name="ModelVersion">The serving model version that ranked the shoppers.</param>
/// <param name="TargetItems">Items of the target.</param>
/// <param name="EligibleShoppers">Trained shoppers whose consent allows profiling.</param>
/// <param name="ExcludedForConsent">Trained shoppers left out because their consent does not allow profiling.</param>
/// <param name="Shoppers">The audience.</param>
public sealed record AudienceResponse(string Target, long ModelVersion, int TargetItems, int EligibleShoppers, int ExcludedForConsent, IReadOnlyList<AudienceMemberDto> Shoppers);

/// <summary>One interest of a segment and its mean share of the members' evidence.</summary>
public sealed record SegmentInterestDto(string Interest, double Share);

/// <summary>A shopper segment.</summary>
/// <param name="Id">0 for the largest, then by size.</param>
/// <param name="Label">Its top two interests.</param>
/// <param name="Size">Members.</param>
/// <param name="TopInterests">The interests with the largest mean share among the members.</param>
/// <param name="Members">Members' pseudonyms, when asked for (<c>members=true</c>).</param>
public sealed record SegmentDto(int Id, string Label, int Size, IReadOnlyList<SegmentInterestDto> TopInterests, IReadOnlyList<string>? Members);

/// <summary>Shopper segments of the serving model's training data.</summary>
/// <param name="ModelVersion">The serving model version.</param>
/// <param name="By">What the interests are: "interest clusters", or "categories" when there are none.</param>
/// <param name="EligibleShoppers">Trained shoppers whose consent allows profiling.</param>
/// <param name="ExcludedForConsent">Trained shoppers left out because their consent does not allow it.</param>
/// <param name="Segments">Largest first.</param>
public sealed record SegmentsResponse(long ModelVersion, string By, int EligibleShoppers, int ExcludedForConsent, IReadOnlyList<SegmentDto> Segments);

/// <summary>Catalogue search results, ordered for the shopper when one is named.</summary>
/// <param name="Query">The query as given.</param>
/// <param name="Words">The query's words the catalogue has, as typed (English words are matched by their stems, Chinese by character pairs).</param>
/// <param name="Unknown">The query's words no item has.</param>
/// <param name="Total">How many items matched, before filters and the count (of them the best <c>SearchCandidates</c> are ordered and filtered).</param>
/// <param name="Personalized">Whether the shopper's own scores took part in the order (a named shopper with usable history and consent, and a personal weight above 0).</param>
/// <param name="ModelVersion">The serving model version.</param>
/// <param name="Items">Best first; each reason names the words it matched, and for a shopper what of theirs it matches.</param>
public sealed record SearchResponse(string Query, IReadOnlyList<string> Words, IReadOnlyList<string> Unknown, int Total, bool Personalized, long ModelVersion, IReadOnlyList<RecommendedItem> Items)
{
    /// <summary>The shopper the results were ordered for, as the caller named them; null for an anonymous search.</summary>
    public string? UserId { get; init; }

    /// <summary>The id under which the results are in the impression log (a named shopper's search only); null otherwise.</summary>
    public string? SlateId { get; init; }

    /// <summary>The words no item has that were read as the catalogue's closest word ("jackte" as "jacket"); null when none.</summary>
    public IReadOnlyList<SearchCorrectionDto>? Corrected { get; init; }

    /// <summary>
    /// The embeddings model and endpoint whose closeness in meaning took part (<c>SearchMeaningWeight</c>); null offline,
    /// without item vectors yet, or when the endpoint failed for this search.
    /// </summary>
    public string? Meaning { get; init; }

    /// <summary>With <c>facets=true</c>: how many of the matches fall in each leaf category and brand; null otherwise.</summary>
    public SearchFacetsDto? Facets { get; init; }

    /// <summary>
    /// Whether what shoppers chose after the same search took part (<c>SearchEngagementWeight</c>, learned at the last
    /// training run): such items are lifted, and those the words missed join, each saying so in its reason.
    /// </summary>
    public bool Learned { get; init; }

    /// <summary>The query's words read through the stored synonyms (<c>/v1/admin/synonyms</c>), with what was searched for each; left out when none.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SearchSynonymDto>? Synonyms { get; init; }
}

/// <summary>
/// Counts over a search's matches (the best <c>SearchCandidates</c> by their words, before the request's filters, without
/// what is out of stock or hidden by a boost or campaign), most first, at most <c>MaxFacetValues</c> of each.
/// </summary>
public sealed record SearchFacetsDto(IReadOnlyList<FacetCountDto> Categories, IReadOnlyList<FacetCountDto> Brands);

/// <summary>One facet value and how many matches have it.</summary>
public sealed record FacetCountDto(string Value, int Count);

/// <summary>Completions of a search being typed.</summary>
/// <param name="Query">The text as given.</param>
/// <param name="Suggestions">The words so far with the last one completed, those with most items first.</param>
public sealed record SearchSuggestionsResponse(string Query, IReadOnlyList<SearchSuggestionDto> Suggestions);

/// <summary>One completion: the text to search for, and how many items have all its words (a popular search: how many items it finds).</summary>
public sealed record SearchSuggestionDto(string Text, int Items)
{
    /// <summary>For a popular search (what many shoppers searched, learned at the last training run), how many shoppers searched it; null for a completion from the catalogue's words.</summary>
    public int? Searchers { get; init; }
}

/// <summary>Words of a query read through a synonym set: as the set writes them (<see cref="Typed"/>), and the words or phrases searched for them, those first (<see cref="Searched"/>).</summary>
public sealed record SearchSynonymDto(string Typed, IReadOnlyList<string> Searched);

/// <summary>A query word no item has (<see cref="Typed"/>), searched as the catalogue's closest word (<see cref="Used"/>, as most often written there).</summary>
public sealed record SearchCorrectionDto(string Typed, string Used);
