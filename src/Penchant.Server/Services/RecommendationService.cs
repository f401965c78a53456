using System.Buffers;
using System.Collections.Concurrent;
using System.Numerics.Tensors;
using Microsoft.Extensions.Options;
using Penchant.Core.Baskets;
using Penchant.Core.Data;
using Penchant.Core.Explanations;
using Penchant.Core.Merchandising;
using Penchant.Core.Numerics;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.ItemKnn;
using Penchant.Core.Recommenders.Popularity;
using Penchant.Core.Search;
using Penchant.Server.Contracts;
using Penchant.Server.Options;
using Penchant.Storage;

namespace Penchant.Server.Services;

/// <summary>
/// Answers recommendation requests from the serving snapshot and the shopper's stored events, read at request
/// time: the model scores the folded-in history, popularity breaks ties and serves unknown shoppers, the
/// categories of the newest events get a session boost, and filters and exclusions apply last against the live
/// catalogue. Every item carries a readable reason, whatever the model: the history item it resembles by the
/// model's own item similarities, the session, a matching interest cluster or category with its evidence, a liked
/// brand, or its popularity.
/// </summary>
public sealed partial class RecommendationService(
    IPenchantStore store,
    ServingModel serving,
    CatalogCache catalog,
    IOptions<PenchantServerOptions> options,
    TimeProvider time,
    FeedbackService feedback,
    ExplorationService exploration,
    ExperimentRouter experiments,
    FeedPages pages,
    IImpressionLog impressions,
    CampaignBook campaigns,
    SynonymBook synonyms,
    Penchant.Server.Embeddings.OpenAiEmbeddingClient embeddings,
    IOptions<EmbeddingServiceOptions> embeddingService,
    ILogger<RecommendationService> log)
{
    /// <summary>Personalised recommendations; a shopper without history (or consent) gets popular items.</summary>
    public Task<RecommendationsResponse> RecommendAsync(string userId, int count, RecommendationFilter filter, CancellationToken cancellation) =>
        RecommendAsync(userId, count, filter, null, cancellation);

    /// <summary>Personalised recommendations with a share of explore slots (null: the configured share; see <see cref="ExplorationService"/>).</summary>
    public Task<RecommendationsResponse> RecommendAsync(string userId, int count, RecommendationFilter filter, double? exploreShare, CancellationToken cancellation) =>
        RecommendAsync(userId, count, filter, exploreShare, logSlate: true, cancellation);

    /// <summary>
    /// Recommendations as above; with <paramref name="logSlate"/> false the slate is not queued for the impression log
    /// (a batch export, a ranking of the caller's own items) and the answer carries no slate id.
    /// </summary>
    public Task<RecommendationsResponse> RecommendAsync(string userId, int count, RecommendationFilter filter, double? exploreShare, bool logSlate, CancellationToken cancellation) =>
        RecommendAsync(userId, count, filter, exploreShare, logSlate, null, cancellation);

    /// <summary>
    /// Recommendations as above, as the next page of <paramref name="feed"/> (<see cref="FeedPages"/>) when it is set:
    /// the slate id continues that feed. The items the feed has shown are left out by the caller through
    /// <see cref="RecommendationFilter.ExcludeIds"/>.
    /// </summary>
    public async Task<RecommendationsResponse> RecommendAsync(string userId, int count, RecommendationFilter filter, double? exploreShare, bool logSlate, string? feed, CancellationToken cancellation)
    {
        var settings = options.Value;
        var (snapshot, treatment) = SnapshotFor(userId);
        exploreShare ??= treatment.ExploreShare;
        var (history, events) = await HistoryAsync(userId, snapshot, cancellation);
        Dictionary<string, int>? ignored = null;
        if (events is not null && (treatment.ImpressionFatigue ?? settings.ImpressionFatigue) > 0)
        {
            var shown = await impressions.GetUserImpressionsAsync(userId, time.GetUtcNow() - settings.FatigueWindow, ImpressionFatigue.MaxImpressions, cancellation);
            ignored = ImpressionFatigue.IgnoredShows(shown, events);
        }

        return Serve(userId, snapshot, treatment, history, ignored, count, filter, exploreShare, logSlate, feed);
    }

    /// <summary>
    /// Recommendations for a visitor Penchant keeps nothing about: an anonymous session that names the items it has
    /// looked at (<paramref name="itemIds"/>, oldest first). They count as views just made, newest weighing most,
    /// exactly as a known shopper's events would; the items given are left out. Nothing is stored or logged and no
    /// slot explores (there is no one to remember the exploration for), so it needs no consent.
    /// </summary>
    public RecommendationsResponse RecommendForSession(IReadOnlyList<string> itemIds, int count, RecommendationFilter filter)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        ArgumentNullException.ThrowIfNull(filter);
        var snapshot = serving.Current;
        var now = time.GetUtcNow();
        var views = itemIds.Select((id, k) => new Event($"session-{k}", AnonymousUser, id, EventType.View, now.AddSeconds(k - itemIds.Count))).Reverse().ToList();
        var settings = options.Value;
        var history = views.Count == 0 ? ShopperHistory.Empty : ShopperHistory.Build(AnonymousUser, views, snapshot, catalog, settings.Weights(), settings.SessionEvents, now);
        var seen = new HashSet<string>(itemIds, StringComparer.Ordinal);
        var excluded = filter.ExcludeIds is { } given ? new HashSet<string>(given.Concat(seen), StringComparer.Ordinal) : seen;
        return Serve(AnonymousUser, snapshot, ShopperTreatment.None, history, null, count, filter with { ExcludeIds = excluded }, 0, logSlate: false, null) with { UserId = "" };
    }

    /// <summary>The request's filter as the shopper's A/B arm leaves it: without the campaigns for an arm that holds them out.</summary>
    private static RecommendationFilter WithTreatment(RecommendationFilter filter, ShopperTreatment treatment) =>
        treatment.Campaigns is false && filter.Campaigns ? filter with { Campaigns = false } : filter;

    /// <summary>The id anonymous sessions are served under: no pseudonym can take it, and nothing is kept for it.</summary>
    internal const string AnonymousUser = "\0session";

    private RecommendationsResponse Serve(
        string userId, ServingSnapshot snapshot, ShopperTreatment treatment, ShopperHistory history, Dictionary<string, int>? ignored,
        int count, RecommendationFilter filter, double? exploreShare, bool logSlate, string? feed)
    {
        var settings = options.Value;
        filter = WithTreatment(filter, treatment);

        var n = snapshot.ItemCount;
        var buffer = ArrayPool<float>.Shared.Rent(Math.Max(1, n));
        try
        {
            var scores = buffer.AsSpan(0, n);
            var personalized = false;
            if (snapshot.Model is { } model && history.Query.Items.Length > 0)
            {
                model.Score(history.Query, scores);
                personalized = ScaleToBest(scores);
            }
            else
            {
                scores.Clear();
            }

            TensorPrimitives.MultiplyAdd(snapshot.NormalizedPopularity.AsSpan(0, n), (float)(treatment.PopularityBlend ?? settings.PopularityBlend), scores, scores);
            var boosted = new Dictionary<string, float>(StringComparer.OrdinalIgnoreCase);
            foreach (var (category, share) in history.SessionCategories)
            {
                if (snapshot.ItemsByLeafCategory.TryGetValue(category, out var members))
                {
                    var boost = (float)(treatment.SessionBoost ?? settings.SessionBoost) * share;
                    boosted[category] = boost;
                    foreach (var i in members)
                    {
                        scores[i] += boost;
                    }

                    personalized = true;
                }
            }

            // Asked for new arrivals: items too new for the model to know rank, after its scores, by how much of the
            // shopper's history lies in their category and brand, so that new items of the shopper's kinds come first.
            var taste = TasteOf(snapshot, history);
            if (filter.CreatedAfter is not null && history.Query.Items.Length > 0)
            {
                AddTasteTieBreak(snapshot, taste, scores);
            }

            feedback.Apply(userId, snapshot, scores);
            if (ignored is not null)
            {
                // What the shopper keeps passing over gives way to the next items.
                var fatigue = (float)(treatment.ImpressionFatigue ?? settings.ImpressionFatigue);
                foreach (var (id, shows) in ignored)
                {
                    if (snapshot.Items.IndexOf(id) is >= 0 and var i && i < n)
                    {
                        scores[i] -= fatigue * shows;
                    }
                }
            }

            var exclude = filter.ExcludePurchased ? history.Purchased : null;
            var ranked = Rank(snapshot, scores, count, filter, exclude);
            var slate = exploration.Plan(userId, snapshot, scores, ranked, history.Query.Sequence, count, filter, exclude, exploreShare, logSlate, feed);
            ranked = slate.Items;
            if (logSlate)
            {
                pages.Record(userId, slate.Id, ranked.Select(static r => r.Item.Id));
            }

            var attributions = Attribute(snapshot, history, ranked, (float)settings.ReasonMinSimilarityShare);
            var now = time.GetUtcNow();
            var result = new List<RecommendedItem>(ranked.Count);
            for (var r = 0; r < ranked.Count; r++)
            {
                var (index, item, score) = ranked[r];
                var reason = ExplainForShopper(snapshot, history, item, attributions[r], boosted, taste, now);
                result.Add(slate.Mark(r, ToDto(item, score, reason, BoostAt(snapshot, filter, index))));
            }

            return new RecommendationsResponse(userId, personalized, snapshot.Version, result)
            {
                SlateId = logSlate ? slate.Id : null,
                Recommender = snapshot.Recommender,
                Experiment = treatment.Arms.Count > 0 ? treatment.Arms[0].Experiment : null,
                Variant = treatment.Arms.Count > 0 ? treatment.Arms[0].Variant : null,
                Experiments = treatment.Arms.Count > 0 ? [.. treatment.Arms.Select(static a => new ExperimentArmDto(a.Experiment, a.Variant))] : null,
            };
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The shopper's history over <paramref name="snapshot"/>, from their newest events (<see cref="PenchantServerOptions.HistoryLimit"/>),
    /// and those events; empty and null when their consent does not allow personalisation.
    /// </summary>
    private async Task<(ShopperHistory History, IReadOnlyList<Event>? Events)> HistoryAsync(string userId, ServingSnapshot snapshot, CancellationToken cancellation)
    {
        var user = await store.GetUserAsync(userId, cancellation);
        if (user is not null && !user.ConsentOrDefault.Personalization)
        {
            return (ShopperHistory.Empty, null);
        }

        var settings = options.Value;
        var events = await store.GetUserEventsAsync(userId, settings.HistoryLimit, cancellation);
        return (events.Count == 0 ? ShopperHistory.Empty : ShopperHistory.Build(userId, events, snapshot, catalog, settings.Weights(), settings.SessionEvents, time.GetUtcNow()), events);
    }

    /// <summary>
    /// "Because you …" carousels: for each of the shopper's most recent distinct items with positive evidence (newest
    /// first, up to <paramref name="groups"/>), up to <paramref name="count"/> items similar to it by the serving model
    /// (as <see cref="Similar(string, int, RecommendationFilter)"/>), none the shopper has taken and none in an earlier group. Empty without history or
    /// without consent to personalisation; a group whose item has nothing similar left is skipped.
    /// </summary>
    public async Task<BecauseResponse> BecauseAsync(string userId, int groups, int count, RecommendationFilter filter, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var snapshot = serving.Current;
        var (history, events) = await HistoryAsync(userId, snapshot, cancellation);
        if (events is null)
        {
            return new BecauseResponse(userId, snapshot.Version, []);
        }

        var used = new HashSet<string>(history.Purchased, StringComparer.Ordinal);
        var positive = new HashSet<int>();
        for (var h = 0; h < history.Query.Items.Length; h++)
        {
            used.Add(snapshot.Items[history.Query.Items[h]]);
            if (history.Query.Weights[h] > 0)
            {
                positive.Add(history.Query.Items[h]);
            }
        }

        var result = new List<BecauseGroupDto>();
        var anchors = new HashSet<int>();
        var sequence = history.Query.Sequence;
        for (var k = sequence.Length - 1; k >= 0 && result.Count < groups; k--)
        {
            var anchor = sequence[k];
            if (!positive.Contains(anchor) || !anchors.Add(anchor) || snapshot.ItemAt(anchor) is not { } item)
            {
                continue;
            }

            var excluded = new HashSet<string>(used, StringComparer.Ordinal);
            if (filter.ExcludeIds is { } callerExcluded)
            {
                excluded.UnionWith(callerExcluded);
            }

            var similar = Similar(item.Id, count, filter with { ExcludeIds = excluded });
            if (similar is null || similar.Items.Count == 0)
            {
                continue;
            }

            used.UnionWith(similar.Items.Select(static i => i.Id));
            result.Add(new BecauseGroupDto(
                item.Id, item.Title, $"because you {Verb(history.StrongestEvent.GetValueOrDefault(anchor))} {item.Title}", similar.Items));
        }

        return new BecauseResponse(userId, snapshot.Version, result);
    }

    // What the shopper did with an item, for "because you … X".
    private static string Verb(EventType strongest) => strongest switch
    {
        EventType.Purchase => "bought",
        EventType.AddToCart => "added to your cart",
        EventType.Like => "liked",
        EventType.Rating => "rated",
        EventType.Review => "reviewed",
        _ => "viewed",
    };

    /// <summary>
    /// The caller's own candidates (a page of search results, a category page, an e-mail's items) ordered for the shopper
    /// by the same scores as their recommendations, each with its reason; no explore slots, nothing left out for being
    /// bought or out of stock, and not logged as a served slate (the caller shows only part of it, and may post
    /// <c>impression</c> events for what it shows). Ids the serving model does not know (not in the catalogue, added since the last training
    /// run, or hidden by the shopper) come back in <see cref="RecommendationsResponse.Unranked"/>, in the order given.
    /// </summary>
    public Task<RecommendationsResponse> RankAsync(string userId, IReadOnlyList<string> itemIds, CancellationToken cancellation) =>
        RankAsync(userId, itemIds, [], cancellation);

    /// <summary>
    /// The caller's items ranked for the shopper as above, with merchandising <paramref name="boosts"/> applied first,
    /// and the active stored campaigns' unless <paramref name="applyCampaigns"/> is false.
    /// </summary>
    public async Task<RecommendationsResponse> RankAsync(
        string userId, IReadOnlyList<string> itemIds, IReadOnlyList<ScoreBoost> boosts, CancellationToken cancellation, bool applyCampaigns = true, string? placement = null)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        ArgumentNullException.ThrowIfNull(boosts);
        var given = itemIds.Distinct(StringComparer.Ordinal).ToList();
        var only = given.ToHashSet(StringComparer.Ordinal);
        var filter = new RecommendationFilter(InStock: false, ExcludePurchased: false, OnlyIds: only) { Boosts = boosts, Campaigns = applyCampaigns, Placement = placement };
        var response = await RecommendAsync(userId, given.Count, filter, 0, logSlate: false, cancellation);
        var ranked = response.Items.Select(static i => i.Id).ToHashSet(StringComparer.Ordinal);

        // What a boost hides is left out of both lists, not handed back to be placed after the ranked ones.
        var hiding = Hiding(filter);
        return response with
        {
            Unranked = [.. given.Where(id => !ranked.Contains(id) && !(hiding.Count > 0 && catalog.TryGet(id, out var item) && hiding.Any(b => b.Matches(item))))],
        };
    }

    /// <summary>
    /// The snapshot serving <paramref name="userId"/> (a pseudonym), and what the experiments decide for them: the
    /// snapshot of the recommender their arm names, or the main one.
    /// </summary>
    private (ServingSnapshot Snapshot, ShopperTreatment Treatment) SnapshotFor(string userId)
    {
        var snapshot = serving.Current;
        var treatment = experiments.TreatmentOf(userId, time.GetUtcNow());
        return treatment.Recommender is { } recommender && snapshot.Alternatives is { } alternatives && alternatives.TryGetValue(recommender, out var served)
            ? (served, treatment)
            : (snapshot, treatment);
    }

    /// <summary>Items similar to <paramref name="itemId"/>; null when the item is not in the catalogue.</summary>
    public SimilarItemsResponse? Similar(string itemId, int count, RecommendationFilter filter) =>
        Similar(serving.Current, itemId, count, filter, ShopperHistory.Empty);

    /// <summary>
    /// Items similar to <paramref name="itemId"/> for one shopper ("you may also like" on a product page): the same
    /// similar items as <see cref="Similar(string, int, RecommendationFilter)"/>, ordered by their similarity plus
    /// <see cref="PenchantServerOptions.SimilarPersonalWeight"/> times the shopper's own score for them (both scaled so
    /// that the best is 1), with what they bought left out unless the filter keeps it. The snapshot is the one serving
    /// the shopper (their A/B arm's). Without history, or without consent to personalisation, it is the plain list.
    /// </summary>
    public async Task<SimilarItemsResponse?> SimilarForAsync(string userId, string itemId, int count, RecommendationFilter filter, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var (snapshot, _) = SnapshotFor(userId);
        var (history, _) = await HistoryAsync(userId, snapshot, cancellation);
        return Similar(snapshot, itemId, count, filter, history);
    }

    /// <summary>
    /// Catalogue search (<see cref="ItemSearchIndex"/>): the best <see cref="PenchantServerOptions.SearchCandidates"/> text
    /// matches for <paramref name="query"/>, ordered by their relevance plus <see cref="PenchantServerOptions.SearchPopularityWeight"/>
    /// times their popularity plus <paramref name="personalWeight"/> (default
    /// <see cref="PenchantServerOptions.SearchPersonalWeight"/>) times the shopper's own score for them (both scaled so
    /// that the best is 1), then boosted, filtered and capped as every list is. Each item's reason names the words it
    /// matched and, where the shopper's scores took part, what of the shopper's it matches (an interest, a liked brand).
    /// Without <paramref name="userId"/> (a pseudonym), history or consent to personalisation, the order is the text's.
    /// </summary>
    /// <remarks>
    /// With <paramref name="logSlate"/> and a shopper, the results are logged as a slate in the impression log (under the
    /// request's placement; the search endpoint names it <c>search</c> when the request does not), so the online report
    /// and the A/B reports count what was clicked and bought from search; <see cref="SearchResponse.SlateId"/> names it.
    /// </remarks>
    public async Task<SearchResponse> SearchAsync(
        string? userId, string query, int count, RecommendationFilter filter, double? personalWeight, CancellationToken cancellation, bool logSlate = false, int offset = 0, bool facets = false,
        SearchSort sort = SearchSort.Relevance)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(filter);
        var settings = options.Value;
        // A shopper's A/B arm decides the model, whether campaigns apply and how much their own scores count.
        var (snapshot, treatment) = userId is null ? (serving.Current, ShopperTreatment.None) : SnapshotFor(userId);
        filter = WithTreatment(filter, treatment);

        var history = userId is null ? ShopperHistory.Empty : (await HistoryAsync(userId, snapshot, cancellation)).History;
        // A word only items added since training hold is not corrected into a trained word, nor the other way round.
        var added = Fresh(snapshot);
        var found = snapshot.SearchIndex.Search(query, settings.SearchCandidates, synonyms.For(snapshot.SearchIndex), added.Items.Length > 0 ? added.Index : null);
        var meaning = await MeaningAsync(snapshot, query, cancellation);
        var n = snapshot.ItemCount;
        var buffer = ArrayPool<float>.Shared.Rent(Math.Max(1, n));
        try
        {
            var scores = buffer.AsSpan(0, n);
            scores.Fill(float.NegativeInfinity);
            var matched = new Dictionary<int, uint>(found.Hits.Count);
            var best = found.Hits.Count > 0 ? found.Hits[0].Score : 1f;
            var popularity = (float)settings.SearchPopularityWeight;
            foreach (var hit in found.Hits)
            {
                scores[hit.Item] = (hit.Score / best) + (popularity * snapshot.NormalizedPopularity[hit.Item]);
                matched[hit.Item] = hit.Matched;
            }

            // Closeness in meaning (an embeddings endpoint): the closest items join, those close enough to the best.
            var close = new HashSet<int>();
            if (meaning is { Length: > 0 } near)
            {
                var meaningWeight = (float)settings.SearchMeaningWeight;
                foreach (var (item, closeness) in near)
                {
                    scores[item] = (float.IsFinite(scores[item]) ? scores[item] : popularity * snapshot.NormalizedPopularity[item]) + (meaningWeight * closeness);
                    close.Add(item);
                }
            }

            // What shoppers chose after the same search: those items join, each lifted by its share of the searchers.
            var chosenAfter = new Dictionary<int, ChosenAfterSearch>();
            var engagementWeight = (float)(treatment.SearchEngagementWeight ?? settings.SearchEngagementWeight);
            if (engagementWeight > 0 && snapshot.SearchEngagement is { } learned)
            {
                foreach (var c in learned.For(query).Chosen)
                {
                    if ((uint)c.Item < (uint)n)
                    {
                        scores[c.Item] = (float.IsFinite(scores[c.Item]) ? scores[c.Item] : popularity * snapshot.NormalizedPopularity[c.Item]) + (engagementWeight * c.Share);
                        chosenAfter[c.Item] = c;
                    }
                }
            }

            var weight = (float)(personalWeight ?? treatment.SearchPersonalWeight ?? settings.SearchPersonalWeight);
            var personalized = weight > 0 && (found.Hits.Count > 0 || close.Count > 0 || chosenAfter.Count > 0) && history.Query.Items.Length > 0 && snapshot.Model is not null;
            if (personalized)
            {
                AddShopperScores(snapshot.Model!, history, weight, scores);
            }

            var excluded = filter.ExcludePurchased && history.Purchased.Count > 0 ? history.Purchased : null;
            var now = time.GetUtcNow();

            // The trained items' ranking and the items added since training that the words match, merged by score; a
            // later page is the same ranking with its first offset items left out.
            // Sorted by a field: every result, put in that order (the relevance order among equals); else the best first.
            var take = sort == SearchSort.Relevance ? offset + count : Math.Max(1, found.Hits.Count + close.Count + chosenAfter.Count + settings.SearchCandidates);
            var ranked = Rank(snapshot, scores, take, filter, excluded);
            var fresh = FreshMatches(snapshot, added, query, found.Hits.Count > 0 ? best : 0f, take, filter, excluded, now);
            ranked = Merge(ranked, fresh.Kept, filter, take);
            ranked = [.. Sorted(ranked, sort).Skip(offset).Take(count)];
            string? slateId = null;
            if (logSlate && userId is not null && ranked.Count > 0)
            {
                // No explore slots in search: the slate is the ranking, logged for the online and A/B reports.
                var slate = exploration.Plan(userId, snapshot, scores, ranked, history.Query.Sequence, count, filter, excluded, share: 0);
                (ranked, slateId) = (slate.Items, slate.Id);
            }

            var taste = personalized ? TasteOf(snapshot, history) : null;
            var items = ranked.Select(r => r.Index < 0
                ? ToDto(r.Item, r.Score, fresh.Kept[FreshAt(r.Index)].Reason, fresh.Kept[FreshAt(r.Index)].Boost)
                : ToDto(r.Item, r.Score, SearchReason(found.MatchesOf(r.Index, matched.GetValueOrDefault(r.Index)), close.Contains(r.Index) ? query : null, r.Item, taste, now,
                    chosenAfter.TryGetValue(r.Index, out var chosen) ? chosen : null, query), BoostAt(snapshot, filter, r.Index))).ToList();

            // A word only items added since training hold is not unknown.
            var unknown = fresh.Found is { } also ? [.. found.Unknown.Where(u => !also.Words.Contains(u, StringComparer.OrdinalIgnoreCase))] : found.Unknown;
            return new SearchResponse(query, found.Words, unknown, Total(found, fresh.Found, chosenAfter.Keys), personalized, snapshot.Version, items)
            {
                Meaning = meaning is null ? null : embeddings.Description,
                Facets = facets ? Facets(snapshot, found, fresh, filter) : null,
                SlateId = slateId,
                Learned = chosenAfter.Count > 0,
                Corrected = found.Corrections.Count > 0 ? [.. found.Corrections.Select(static c => new SearchCorrectionDto(c.Typed, c.Used))] : null,
                Synonyms = SynonymBook.Expanded(found) ?? (fresh.Found is { } newer ? SynonymBook.Expanded(newer) : null),
            };
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// How many catalogue items a search for <paramref name="query"/> finds now: those its words match (read through the
    /// stored synonyms; items added since the last training run included), and those shoppers chose after the same
    /// search that the words miss (no embeddings call).
    /// </summary>
    public int MatchCount(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var snapshot = serving.Current;
        var fresh = Fresh(snapshot);
        var words = snapshot.SearchIndex.Search(query, options.Value.SearchCandidates, synonyms.For(snapshot.SearchIndex), fresh.Items.Length > 0 ? fresh.Index : null);
        var learned = options.Value.SearchEngagementWeight > 0 && snapshot.SearchEngagement is { } engagement ? engagement.For(query).Chosen : [];
        var added = fresh.Items.Length == 0 ? null : fresh.Index.Search(query, 1, synonyms.For(fresh.Index), snapshot.SearchIndex);
        return Total(words, added, learned.Select(static c => c.Item));
    }

    /// <summary>
    /// A search's total: the trained items its words matched, those added since training they matched, and the items
    /// shoppers chose after the search that the words did not find (<paramref name="learned"/> less the words' hits).
    /// </summary>
    private static int Total(SearchResult words, SearchResult? added, IEnumerable<int> learned)
    {
        var byWords = words.Hits.Select(static h => h.Item).ToHashSet();
        return words.Matched + (added?.Matched ?? 0) + learned.Count(i => !byWords.Contains(i));
    }

    // The match counts of the popular searches completions offer, for one serving snapshot, catalogue and set of synonyms.
    private sealed record PopularCounts(long Snapshot, long Catalog, SearchSynonyms? Synonyms, ConcurrentDictionary<string, int> Counts);

    private PopularCounts? _popularCounts;

    /// <summary>
    /// <see cref="MatchCount"/> of a popular search, computed once per serving snapshot, catalogue and synonyms: completions
    /// are asked for at every keystroke, and a search that counts all its matches is too dear for that.
    /// </summary>
    private int PopularMatchCount(ServingSnapshot snapshot, string text)
    {
        var current = Volatile.Read(ref _popularCounts);
        var stored = synonyms.For(snapshot.SearchIndex);
        if (current is null || current.Snapshot != snapshot.Version || current.Catalog != catalog.Version || !ReferenceEquals(current.Synonyms, stored))
        {
            current = new PopularCounts(snapshot.Version, catalog.Version, stored, new ConcurrentDictionary<string, int>(StringComparer.Ordinal));
            Volatile.Write(ref _popularCounts, current);
        }

        return current.Counts.GetOrAdd(text, MatchCount);
    }

    /// <summary>
    /// Completions of a search being typed, at most <paramref name="count"/>: first, up to half of them, the popular
    /// searches (<see cref="SearchEngagement.Popular"/>: queries at least <see cref="PenchantServerOptions.SearchSuggestMinShoppers"/>
    /// shoppers searched) that start with what is typed and find something now, most searched first; then the catalogue's
    /// words (<see cref="ItemSearchIndex.Suggest"/>) and the stored synonym entries completing the last word typed, those
    /// with most items first.
    /// </summary>
    public IReadOnlyList<SearchSuggestionDto> Suggest(string typed, int count)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var snapshot = serving.Current;
        var result = new List<SearchSuggestionDto>(count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (snapshot.SearchEngagement is { } learned)
        {
            foreach (var popular in learned.PopularStartingWith(typed, count))
            {
                if (result.Count >= (count + 1) / 2)
                {
                    break;
                }

                if (PopularMatchCount(snapshot, popular.Text) is > 0 and var items && seen.Add(popular.Text))
                {
                    result.Add(new SearchSuggestionDto(popular.Text, items) { Searchers = popular.Searchers });
                }
            }
        }

        // The catalogue's words and the synonym entries completing the last word, those with most items first.
        var words = snapshot.SearchIndex.Suggest(typed, count).Select(static w => (w.Text, w.Items))
            .Concat(SynonymCompletions(snapshot, typed, count))
            .OrderByDescending(static w => w.Items).ThenBy(static w => w.Text, StringComparer.Ordinal);
        foreach (var (text, items) in words)
        {
            if (result.Count == count)
            {
                break;
            }

            if (seen.Add(text))
            {
                result.Add(new SearchSuggestionDto(text, items));
            }
        }

        return result;
    }

    /// <summary>
    /// Completions of a lone word being typed by the stored synonym entries that expand, so that "lap" offers "laptop"
    /// where the catalogue says "notebook" and a set reads one as the other; each with how many items a search for it
    /// finds now (kept with the popular searches' counts, which the entries bound), none that finds nothing. After other
    /// words none is offered: the catalogue's completions count the items holding every word, and a synonym's
    /// alternatives would have to be intersected with them.
    /// </summary>
    private IEnumerable<(string Text, int Items)> SynonymCompletions(ServingSnapshot snapshot, string typed, int count)
    {
        var word = typed.Trim();
        if (word.Length == 0 || word.Length != typed.TrimStart().Length || word.Any(char.IsWhiteSpace)
            || synonyms.For(snapshot.SearchIndex) is not { IsEmpty: false } stored)
        {
            yield break;
        }

        foreach (var entry in stored.ExpandingStartingWith(word, count))
        {
            if (PopularMatchCount(snapshot, entry) is > 0 and var items)
            {
                yield return (entry, items);
            }
        }
    }

    /// <summary>The ranking in <paramref name="sort"/>'s order, stable, so that equals keep their relevance order; items without the field last.</summary>
    private static IEnumerable<(int Index, Item Item, float Score)> Sorted(List<(int Index, Item Item, float Score)> ranked, SearchSort sort) => sort switch
    {
        SearchSort.PriceAscending => ranked.OrderBy(static r => r.Item.Price is null).ThenBy(static r => r.Item.Price),
        SearchSort.PriceDescending => ranked.OrderBy(static r => r.Item.Price is null).ThenByDescending(static r => r.Item.Price),
        SearchSort.Newest => ranked.OrderBy(static r => r.Item.CreatedAt is null).ThenByDescending(static r => r.Item.CreatedAt),
        _ => ranked,
    };

    // Catalogue items the serving snapshot does not know (added since its training run), with their own small index.
    private sealed record FreshItems(long Snapshot, long Catalog, Item[] Items, ItemSearchIndex Index);

    private FreshItems? _fresh;

    /// <summary>
    /// The items added since the serving snapshot's training run, indexed for search: rebuilt (one pass over the catalogue)
    /// when the snapshot changed or items were added or removed since, not when an item already there changed.
    /// </summary>
    private FreshItems Fresh(ServingSnapshot snapshot)
    {
        var current = Volatile.Read(ref _fresh);
        var version = catalog.Version;
        if (current is not null && current.Snapshot == snapshot.Version && current.Catalog == version)
        {
            return current;
        }

        Item[] added = [.. catalog.Items.Where(i => snapshot.Items.IndexOf(i.Id) < 0).OrderBy(static i => i.Id, StringComparer.Ordinal)];
        var built = new FreshItems(snapshot.Version, version, added, ItemSearchIndex.Build(added));
        Volatile.Write(ref _fresh, built);
        return built;
    }

    // An item added since training stands in a merged ranking at index -1 - k, k its place among the fresh matches kept.
    private static int FreshAt(int index) => -1 - index;

    private sealed record FreshMatch(Item Item, float Score, string Reason, Boosted Boost);

    // What the fresh index found (null when no item was added since training), over Items, and the matches kept.
    private sealed record FreshResult(SearchResult? Found, Item[] Items, IReadOnlyList<FreshMatch> Kept);

    /// <summary>
    /// The items added since training that the words match, best first, at most <paramref name="take"/> of them that the
    /// filters and hiding allow: scored by their words' relevance on the trained matches' scale (<paramref name="best"/>,
    /// the best trained match's relevance; their own best when there is none) plus their boosts, with no shopper or
    /// popularity part, which they have no data for yet.
    /// </summary>
    private FreshResult FreshMatches(
        ServingSnapshot snapshot, FreshItems fresh, string query, float best, int take, RecommendationFilter filter, IReadOnlySet<string>? excluded, DateTimeOffset now)
    {
        if (fresh.Items.Length == 0)
        {
            return new FreshResult(null, [], []);
        }

        var found = fresh.Index.Search(query, options.Value.SearchCandidates, synonyms.For(fresh.Index), snapshot.SearchIndex);
        if (found.Hits.Count == 0)
        {
            return new FreshResult(found, fresh.Items, []);
        }

        var scale = best > 0 ? best : found.Hits[0].Score;
        var hiding = Hiding(filter);
        var active = filter.Campaigns ? campaigns.ActiveBoosts(filter.Placement) : [];
        var kept = new List<FreshMatch>();
        foreach (var hit in found.Hits)
        {
            if (kept.Count >= take)
            {
                break;
            }

            if (!catalog.TryGet(fresh.Items[hit.Item].Id, out var live) || !filter.Allows(live) || excluded?.Contains(live.Id) == true || hiding.Any(b => b.Matches(live))
                || (filter.OnlyIds is { } only && !only.Contains(live.Id)))
            {
                continue;
            }

            var (fromCampaigns, matchedCampaigns) = CampaignBook.Of(active, live);
            var boost = filter.BoostOf(live) + fromCampaigns;
            var reason = SearchReason(found.MatchesOf(hit.Item, hit.Matched), null, live, null, now) + " · new since the last training run";
            kept.Add(new FreshMatch(live, (hit.Score / scale) + boost, reason, new Boosted(boost, matchedCampaigns)));
        }

        // Boosts can reorder them.
        return new FreshResult(found, fresh.Items, [.. kept.OrderByDescending(static m => m.Score)]);
    }

    /// <summary>
    /// The trained ranking and the fresh matches merged by score (the trained item first on ties), the per-brand and
    /// per-category caps holding over the merged ranking; at most <paramref name="take"/>.
    /// </summary>
    private List<(int Index, Item Item, float Score)> Merge(List<(int Index, Item Item, float Score)> ranked, IReadOnlyList<FreshMatch> fresh, RecommendationFilter filter, int take)
    {
        if (fresh.Count == 0)
        {
            return ranked;
        }

        var merged = new List<(int Index, Item Item, float Score)>(Math.Min(take, ranked.Count + fresh.Count));
        var caps = filter.Capped ? new ListCaps(filter) : null;
        int r = 0, f = 0;
        while (merged.Count < take && (r < ranked.Count || f < fresh.Count))
        {
            (int Index, Item Item, float Score) next = f >= fresh.Count || (r < ranked.Count && ranked[r].Score >= fresh[f].Score)
                ? ranked[r++]
                : (-1 - f, fresh[f].Item, fresh[f++].Score);
            var live = next.Index >= 0 && catalog.TryGet(next.Item.Id, out var current) ? current : next.Item;
            if (caps is null || caps.TryTake(live))
            {
                merged.Add(next);
            }
        }

        return merged;
    }

    /// <summary>The most values of one facet a search answers with.</summary>
    public const int MaxFacetValues = 20;

    /// <summary>
    /// Leaf-category and brand counts over the matches kept (items added since training included), before the filters,
    /// without what is out of stock or hidden.
    /// </summary>
    private SearchFacetsDto Facets(ServingSnapshot snapshot, SearchResult found, FreshResult fresh, RecommendationFilter filter)
    {
        var hiding = Hiding(filter);
        var categories = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var brands = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var matches = found.Hits.Select(h => snapshot.ItemAt(h.Item))
            .Concat(fresh.Found?.Hits.Select(h => (Item?)fresh.Items[h.Item]) ?? []);
        foreach (var match in matches)
        {
            if (match is null || !catalog.TryGet(match.Id, out var item) || !item.Available || hiding.Any(b => b.Matches(item)))
            {
                continue;
            }

            if (item.LeafCategory is { } category)
            {
                categories[category] = categories.GetValueOrDefault(category) + 1;
            }

            if (item.Brand is { } brand)
            {
                brands[brand] = brands.GetValueOrDefault(brand) + 1;
            }
        }

        static List<FacetCountDto> Top(Dictionary<string, int> counts) =>
            [.. counts.OrderByDescending(static p => p.Value).ThenBy(static p => p.Key, StringComparer.Ordinal).Take(MaxFacetValues).Select(static p => new FacetCountDto(p.Key, p.Value))];

        return new SearchFacetsDto(Top(categories), Top(brands));
    }

    /// <summary>
    /// The items closest in meaning to <paramref name="query"/> (the cosine of the embeddings endpoint's vectors), at most
    /// <see cref="PenchantServerOptions.SearchCandidates"/>, each with its closeness scaled so that the closest is 1, and
    /// only those at least <see cref="CloseShare"/> as close as the closest; null without an endpoint or item vectors, or
    /// when the endpoint fails (the search goes on by its words).
    /// </summary>
    private async Task<(int Item, float Closeness)[]?> MeaningAsync(ServingSnapshot snapshot, string query, CancellationToken cancellation)
    {
        // Only vectors from the model configured now: a snapshot trained under another one is read by its words.
        if (options.Value.SearchMeaningWeight <= 0 || !embeddingService.Value.Enabled || snapshot.TextVectors is not { } vectors
            || vectors.ItemCount != snapshot.ItemCount || snapshot.TextEmbeddings != embeddings.Description)
        {
            return null;
        }

        float[] vector;
        try
        {
            vector = await embeddings.EmbedQueryAsync(query, cancellation);
        }
        catch (Penchant.Server.Embeddings.EmbeddingServiceException e)
        {
            LogMeaningFailed(log, e.Message);
            return null;
        }

        if (vector.Length != vectors.Dimensions)
        {
            return null;
        }

        var n = vectors.ItemCount;
        var buffer = ArrayPool<float>.Shared.Rent(Math.Max(1, n));
        try
        {
            var closeness = buffer.AsSpan(0, n);
            vectors.DotAll(vector, closeness);
            var best = n == 0 ? 0f : TensorPrimitives.Max(closeness);
            if (!(best > 0))
            {
                return [];
            }

            var near = new List<(int Item, float Closeness)>();
            for (var i = 0; i < n; i++)
            {
                if (closeness[i] >= CloseShare * best)
                {
                    near.Add((i, closeness[i] / best));
                }
            }

            return [.. near.OrderByDescending(static p => p.Closeness).ThenBy(static p => p.Item).Take(options.Value.SearchCandidates)];
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>How close in meaning, as a share of the closest item's cosine, an item must be to join a search's results.</summary>
    public const float CloseShare = 0.8f;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Search goes on by its words alone: the embeddings endpoint failed ({Reason})")]
    private static partial void LogMeaningFailed(ILogger logger, string reason);

    /// <summary>
    /// "matches "trail", "shoe"" (a word matched by a synonym as "t-shirt" (for "tee"); or "close in meaning to "…"" for
    /// an item the words did not reach), and for a shopper "· from Acme, a brand you like" or "· your interest in Tents: 1 view".
    /// </summary>
    private static string SearchReason(IEnumerable<SearchWordMatch> words, string? closeTo, Item item, ShopperTaste? taste, DateTimeOffset now, ChosenAfterSearch? chosen = null, string? query = null)
    {
        var quoted = string.Join(", ", words.Select(SynonymBook.Quote));
        var text = quoted.Length > 0 ? "matches " + quoted
            : closeTo is not null ? $"close in meaning to \"{closeTo}\""
            : chosen is { } only ? $"chosen by {Shoppers(only.Shoppers)} after searching \"{query}\""
            : "matches your search";
        if (chosen is { } also && (quoted.Length > 0 || closeTo is not null))
        {
            text += $" · chosen by {Shoppers(also.Shoppers)} after this search";
        }

        if (taste is not null && Reasons.Explain(item, SlotKind.Personal, taste, null, now) is { Kind: ReasonKind.MatchesInterest or ReasonKind.NewFromBrand } personal)
        {
            // "Matches your interest in Tents: 1 view" reads "your interest in Tents: 1 view" after the words matched.
            var own = personal.Text.StartsWith("Matches ", StringComparison.Ordinal) ? personal.Text["Matches ".Length..] : personal.Text;
            text += " · " + char.ToLowerInvariant(own[0]) + own[1..];
        }

        return text;
    }

    private static string Shoppers(int count) => count == 1 ? "1 shopper" : $"{count.ToString(System.Globalization.CultureInfo.InvariantCulture)} shoppers";

    private SimilarItemsResponse? Similar(ServingSnapshot snapshot, string itemId, int count, RecommendationFilter filter, ShopperHistory shopper)
    {
        if (!catalog.TryGet(itemId, out var anchor))
        {
            return null;
        }

        var n = snapshot.ItemCount;
        var buffer = ArrayPool<float>.Shared.Rent(Math.Max(1, n));
        try
        {
            var scores = buffer.AsSpan(0, n);
            scores.Clear();
            var index = snapshot.Items.IndexOf(itemId);
            if (index >= 0 && snapshot.Model is { } model)
            {
                model.ScoreSimilar(index, scores);
                ScaleToBest(scores);
            }

            // Items of the same leaf category fill the tail, most popular first.
            var sameCategory = anchor.LeafCategory is { } leaf && snapshot.ItemsByLeafCategory.TryGetValue(leaf, out var members) ? members : [];
            foreach (var i in sameCategory)
            {
                scores[i] += 0.001f + (0.01f * snapshot.NormalizedPopularity[i]);
            }

            // An item too new for the model: within its category, the items named alike come first.
            var namedAlike = index < 0 ? AddNameSimilarity(snapshot, anchor, sameCategory, scores) : [];

            var similarTo = index >= 0 && snapshot.Model is not null ? new HashSet<int>(Neighbors(snapshot, index)) : [];
            for (var i = 0; i < n; i++)
            {
                if (scores[i] <= 0f)
                {
                    scores[i] = float.NegativeInfinity;
                }
            }

            if (index >= 0)
            {
                scores[index] = float.NegativeInfinity;
            }

            if (shopper.Query.Items.Length > 0 && snapshot.Model is { } personal)
            {
                AddShopperScores(personal, shopper, (float)options.Value.SimilarPersonalWeight, scores);
            }

            var ranked = Rank(snapshot, scores, count, filter, filter.ExcludePurchased && shopper.Purchased.Count > 0 ? shopper.Purchased : null);
            var items = ranked.Select(r => ToDto(
                r.Item,
                r.Score,
                similarTo.Contains(r.Index) ? $"often viewed together with {anchor.Title}"
                : namedAlike.Contains(r.Index) ? $"named like {anchor.Title}"
                : anchor.LeafCategory is { } c && string.Equals(r.Item.LeafCategory, c, StringComparison.OrdinalIgnoreCase) ? $"also in {c}"
                : $"similar to {anchor.Title}",
                BoostAt(snapshot, filter, r.Index))).ToList();
            return new SimilarItemsResponse(itemId, snapshot.Version, items);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    private static readonly Penchant.Core.Text.TextTokenizer NameTokenizer = new();

    /// <summary>
    /// For an item the serving model does not know yet: adds to each of <paramref name="candidates"/> (its category's
    /// items, at most the first 5,000) the cosine of the two items' sets of name terms (title and tags,
    /// English or Chinese, as <see cref="Penchant.Core.Text.TextTokenizer"/> cuts them); returns the items it raised.
    /// </summary>
    private static HashSet<int> AddNameSimilarity(ServingSnapshot snapshot, Item anchor, int[] candidates, Span<float> scores)
    {
        static HashSet<string> Terms(Item item) =>
            [.. NameTokenizer.Tokenize(string.Join(' ', [item.Title, .. item.TagList]))];

        var raised = new HashSet<int>();
        var mine = Terms(anchor);
        if (mine.Count == 0)
        {
            return raised;
        }

        foreach (var i in candidates.Take(5_000))
        {
            if (snapshot.ItemAt(i) is not { } other)
            {
                continue;
            }

            var theirs = Terms(other);
            var shared = theirs.Count(mine.Contains);
            if (shared > 0)
            {
                scores[i] += (float)(shared / Math.Sqrt((double)mine.Count * theirs.Count));
                raised.Add(i);
            }
        }

        return raised;
    }

    /// <summary>
    /// Scales model scores so that the best is 1, the scale the server's other terms (popularity, session boost,
    /// merchandising boosts) are on; scores with no positive finite best are cleared. Returns whether they had one.
    /// </summary>
    private static bool ScaleToBest(Span<float> scores)
    {
        var max = scores.IsEmpty ? 0f : TensorPrimitives.Max(scores);
        if (max > 0 && float.IsFinite(max))
        {
            TensorPrimitives.Multiply(scores, 1f / max, scores);
            return true;
        }

        scores.Clear();
        return false;
    }

    /// <summary>
    /// Adds <paramref name="weight"/> times the shopper's model scores, scaled so that their best is 1, to the items
    /// <paramref name="scores"/> holds as candidates (finite); the others stay out.
    /// </summary>
    private static void AddShopperScores(IRecommenderModel model, ShopperHistory shopper, float weight, Span<float> scores)
    {
        var n = scores.Length;
        var own = ArrayPool<float>.Shared.Rent(Math.Max(1, n));
        try
        {
            var mine = own.AsSpan(0, n);
            model.Score(shopper.Query, mine);
            if (!ScaleToBest(mine))
            {
                return;
            }

            for (var i = 0; i < n; i++)
            {
                if (float.IsFinite(scores[i]))
                {
                    scores[i] += weight * Math.Max(0f, mine[i]);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(own);
        }
    }

    /// <summary>
    /// What goes with a cart (<see cref="CartScoring"/>): the serving model's score for the cart as a history plus
    /// <see cref="PenchantServerOptions.BundleRuleWeight"/> times the confidence of the best bought-together rule whose
    /// items are all in the cart, popularity breaking ties. Each item's reason is its rule when one reaches it. Cart
    /// items are left out; ids the snapshot does not know are listed, not refused.
    /// </summary>
    public CartRecommendationsResponse Cart(IReadOnlyList<string> cartIds, int count, RecommendationFilter filter)
    {
        ArgumentNullException.ThrowIfNull(cartIds);
        var snapshot = serving.Current;
        var n = snapshot.ItemCount;
        var known = new SortedSet<int>();
        var unknown = new List<string>();
        foreach (var id in cartIds)
        {
            var index = snapshot.Items.IndexOf(id);
            if (index >= 0)
            {
                known.Add(index);
            }
            else if (!unknown.Contains(id, StringComparer.Ordinal))
            {
                unknown.Add(id);
            }
        }

        var query = UserQuery.FromSequence(-1, [.. known]);
        var rules = ArrayPool<float>.Shared.Rent(Math.Max(1, n));
        var buffer = ArrayPool<float>.Shared.Rent(Math.Max(1, n));
        try
        {
            var scores = buffer.AsSpan(0, n);
            var confidences = rules.AsSpan(0, n);
            CartScoring.Score(query, snapshot.BoughtTogether, snapshot.Model, snapshot.NormalizedPopularity, (float)options.Value.BundleRuleWeight, scores, confidences);
            var inCart = new HashSet<string>(cartIds, StringComparer.Ordinal);
            var ranked = Rank(snapshot, scores, count, filter, inCart);
            var items = new List<RecommendedItem>(ranked.Count);
            foreach (var (index, item, score) in ranked)
            {
                items.Add(ToDto(item, score, CartReason(snapshot, query, index, item, confidences[index] > 0, score > CartScoring.PopularityWeight), BoostAt(snapshot, filter, index)));
            }

            return new CartRecommendationsResponse([.. cartIds], snapshot.Version, items) { UnknownItems = unknown };
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rules);
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    private static string CartReason(ServingSnapshot snapshot, UserQuery cart, int index, Item item, bool byRule, bool byModel)
    {
        string TitleOf(int i) => snapshot.ItemAt(i)?.Title ?? snapshot.Items[i];
        if (byRule && snapshot.BoughtTogether?.BestRule(cart, index) is { } rule)
        {
            var with = string.Join(" and ", rule.Antecedent.Select(TitleOf));
            return $"bought together with {with}: {(rule.Confidence * 100).ToString("0", System.Globalization.CultureInfo.InvariantCulture)}% of {rule.AntecedentCount} baskets with {(rule.Antecedent.Length == 1 ? "it" : "them")} also had this";
        }

        if (byModel && snapshot.Model is IItemPairSimilarity pairs)
        {
            var best = cart.Items.MaxBy(c => pairs.Similarity(c, index));
            if (pairs.Similarity(best, index) > 0)
            {
                return $"goes with {TitleOf(best)} in your cart";
            }
        }

        return item.LeafCategory is { } c ? $"popular in {c}" : "popular right now";
    }

    /// <summary>The most popular items (time-decayed evidence), optionally in one category.</summary>
    public ItemListResponse Popular(int count, RecommendationFilter filter)
    {
        var snapshot = serving.Current;
        return List(snapshot, snapshot.Popularity, count, filter, static item => item.LeafCategory is { } c ? $"popular in {c}" : "popular right now");
    }

    /// <summary>
    /// The newest items of the live catalogue (by <see cref="Item.CreatedAt"/>; items without one are left out), with the
    /// filters: an item added a moment ago is listed at once, before any training run knows it. The score is
    /// 1 / (1 + age in days). Boosts do not reorder it, but those that hide (the request's and the active campaigns')
    /// leave what they match out.
    /// </summary>
    public ItemListResponse Newest(int count, RecommendationFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var now = time.GetUtcNow();
        var caps = filter.Capped ? new ListCaps(filter) : null;
        var result = new List<RecommendedItem>(count);
        var hiding = Hiding(filter);
        IEnumerable<Item> newest = catalog.Items
            .Where(i => i.CreatedAt is not null && filter.Allows(i) && !hiding.Any(b => b.Matches(i)))
            .OrderByDescending(static i => i.CreatedAt)
            .ThenBy(static i => i.Id, StringComparer.Ordinal);
        foreach (var item in caps is null ? newest.Take(count) : newest) // uncapped, only the first `count` are sorted out
        {
            if (result.Count == count)
            {
                break;
            }

            if (caps is null || caps.TryTake(item))
            {
                result.Add(ToDto(item, Recency(item.CreatedAt!.Value, now), item.LeafCategory is { } c ? $"new in {c}" : "new arrival"));
            }
        }

        return new ItemListResponse(filter.Category, serving.Current.Version, result);
    }

    // 1 / (1 + age in days): 1 for an item added now, ½ a day later; items dated in the future count as new.
    private static float Recency(DateTimeOffset created, DateTimeOffset now) =>
        (float)(1.0 / (1.0 + Math.Max(0.0, (now - created).TotalDays)));

    /// <summary>Items whose popularity grew most in the last window, optionally in one category.</summary>
    public ItemListResponse Trending(int count, RecommendationFilter filter)
    {
        var snapshot = serving.Current;
        return List(snapshot, snapshot.Trending, count, filter, static item => item.LeafCategory is { } c ? $"trending in {c}" : "trending");
    }

    private ItemListResponse List(ServingSnapshot snapshot, float[] source, int count, RecommendationFilter filter, Func<Item, string> reason)
    {
        var n = snapshot.ItemCount;
        var buffer = ArrayPool<float>.Shared.Rent(Math.Max(1, n));
        try
        {
            var scores = buffer.AsSpan(0, n);
            for (var i = 0; i < n; i++)
            {
                scores[i] = source[i] > 0f ? source[i] : float.NegativeInfinity;
            }

            var ranked = Rank(snapshot, scores, count, filter, null);
            return new ItemListResponse(filter.Category, snapshot.Version, [.. ranked.Select(r => ToDto(r.Item, r.Score, reason(r.Item), BoostAt(snapshot, filter, r.Index)))]);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Applies the filter to <paramref name="scores"/> (in place), selects the best, then checks each against the
    /// live catalogue so that items deleted or changed since training are left out.
    /// </summary>
    private List<(int Index, Item Item, float Score)> Rank(ServingSnapshot snapshot, Span<float> scores, int count, RecommendationFilter filter, IReadOnlySet<string>? excludeIds)
    {
        var n = scores.Length;
        if (filter.Boosts.Count > 0)
        {
            Boost(snapshot, filter.Boosts, scores);
        }

        if (filter.Campaigns && campaigns.ActiveBoosts(filter.Placement) is { Count: > 0 } active)
        {
            Boost(snapshot, active, scores);
        }

        if (filter.OnlyIds is { } only)
        {
            // Only the caller's candidates: every other score out.
            var kept = new List<(int Index, float Score)>(only.Count);
            foreach (var id in only)
            {
                if (snapshot.Items.IndexOf(id) is >= 0 and var i && i < n)
                {
                    kept.Add((i, scores[i]));
                }
            }

            scores.Fill(float.NegativeInfinity);
            foreach (var (i, score) in kept)
            {
                scores[i] = score;
            }
        }

        if (filter.Category is not null || filter.Brand is not null)
        {
            int[]? members = null;
            if (filter.Category is not null)
            {
                members = snapshot.ItemsByCategory.GetValueOrDefault(filter.Category) ?? [];
            }

            if (filter.Brand is not null)
            {
                var byBrand = snapshot.ItemsByBrand.GetValueOrDefault(filter.Brand) ?? [];
                members = members is null ? byBrand : [.. members.Intersect(byBrand)];
            }

            var kept = ArrayPool<float>.Shared.Rent(members!.Length + 1);
            for (var m = 0; m < members.Length; m++)
            {
                kept[m] = scores[members[m]];
            }

            scores.Fill(float.NegativeInfinity);
            for (var m = 0; m < members.Length; m++)
            {
                scores[members[m]] = kept[m];
            }

            ArrayPool<float>.Shared.Return(kept);
        }

        if (filter.MinPrice is not null || filter.MaxPrice is not null || filter.CreatedAfter is not null)
        {
            for (var i = 0; i < n; i++)
            {
                if (!float.IsNegativeInfinity(scores[i]) && snapshot.ItemAt(i) is { } item && !filter.Allows(item))
                {
                    scores[i] = float.NegativeInfinity;
                }
            }
        }

        if (filter.InStock)
        {
            foreach (var i in snapshot.NotRecommendable)
            {
                scores[i] = float.NegativeInfinity;
            }
        }

        foreach (var ids in new[] { filter.ExcludeIds, excludeIds })
        {
            if (ids is null)
            {
                continue;
            }

            foreach (var id in ids)
            {
                var i = snapshot.Items.IndexOf(id);
                if (i >= 0)
                {
                    scores[i] = float.NegativeInfinity;
                }
            }
        }

        // Capped lists look deeper, since a brand or category that fills up passes its next items over.
        var candidates = TopK.Select(scores, filter.Capped ? (count * 8) + 64 : count + Math.Max(16, count));
        var caps = filter.Capped ? new ListCaps(filter) : null;
        var result = new List<(int, Item, float)>(Math.Min(count, candidates.Length));
        foreach (var candidate in candidates)
        {
            if (result.Count == count)
            {
                break;
            }

            var id = snapshot.Items[candidate.Item];
            if (catalog.TryGet(id, out var live) && filter.Allows(live) && (excludeIds is null || !excludeIds.Contains(id)) && (caps is null || caps.TryTake(live)))
            {
                result.Add((candidate.Item, live, candidate.Score));
            }
        }

        return result;
    }

    /// <summary>
    /// Adds each merchandising boost to the scores of the items it matches, or takes them out (negative infinity) when it
    /// hides them (by the catalogue as trained; scores already out stay out).
    /// </summary>
    private static void Boost(ServingSnapshot snapshot, IReadOnlyList<ScoreBoost> boosts, Span<float> scores)
    {
        foreach (var boost in boosts)
        {
            int[] matched = boost.Field switch
            {
                BoostField.Brand => snapshot.ItemsByBrand.GetValueOrDefault(boost.Value) ?? [],
                BoostField.Category => snapshot.ItemsByCategory.GetValueOrDefault(boost.Value) ?? [],
                BoostField.Tag => snapshot.ItemsByTag.GetValueOrDefault(boost.Value) ?? [],
                _ => snapshot.Items.IndexOf(boost.Value) is >= 0 and var i ? [i] : [],
            };
            foreach (var i in matched)
            {
                if (i < scores.Length && !float.IsNegativeInfinity(scores[i]))
                {
                    scores[i] = boost.Hide ? float.NegativeInfinity : scores[i] + boost.Weight;
                }
            }
        }
    }

    /// <summary>
    /// The history item each ranked item is most similar to by the serving model's own item similarities
    /// (<see cref="HistoryAttribution"/>), over the shopper's <see cref="AttributedHistory"/> most recent items so
    /// that the cost stays small whatever the history, and only where the link is at least <paramref name="minShare"/>
    /// of the item's top similarity (kept per snapshot). Popularity knows no item similarity, so it attributes nothing.
    /// </summary>
    private static Attribution?[] Attribute(ServingSnapshot snapshot, ShopperHistory history, List<(int Index, Item Item, float Score)> ranked, float minShare)
    {
        if (snapshot.Model is not { } model || model is PopularityModel || history.Query.Items.Length == 0)
        {
            return new Attribution?[ranked.Count];
        }

        var depth = model is IItemPairSimilarity ? AttributedHistoryByPairs : AttributedHistory;
        return HistoryAttribution.Attribute(model, history.Query, ranked.ConvertAll(static r => r.Index), depth, minShare, snapshot.TopSimilarities, ClosestShare);
    }

    private static string ExplainForShopper(ServingSnapshot snapshot, ShopperHistory history, Item item, Attribution? attribution, Dictionary<string, float> boosted, ShopperTaste taste, DateTimeOffset now)
    {
        var clusterLabel = snapshot.ClusterLabelOf(item.Id);

        // A new arrival from a brand the shopper keeps choosing says more than any similarity.
        if (Reasons.IsNewArrival(item, now) && Reasons.Explain(item, SlotKind.Personal, taste, null, now) is { Kind: ReasonKind.NewFromBrand } fresh)
        {
            return fresh.Text;
        }

        if (attribution is { } a && snapshot.ItemAt(a.HistoryItem) is { } because)
        {
            return $"because you {Verb(history.StrongestEvent.GetValueOrDefault(a.HistoryItem))} {because.Title}";
        }

        if (item.LeafCategory is { } leaf && boosted.ContainsKey(leaf))
        {
            return $"because you recently browsed {leaf}";
        }

        // "Matches your interest in Trail shoes · waterproof: 5 views, 1 purchase", a category or a liked brand; popularity otherwise.
        var reason = Reasons.Explain(item, SlotKind.Personal, taste, null, now, clusterLabel: clusterLabel);
        if (reason.Kind is ReasonKind.MatchesInterest)
        {
            return reason.Text;
        }

        return item.LeafCategory is { } category ? $"popular in {category}" : "popular right now";
    }

    private static readonly ReasonBuilder Reasons = new();

    /// <summary>How many of the shopper's most recent distinct items a recommendation may be attributed to.</summary>
    private const int AttributedHistory = 10;

    /// <summary>
    /// The same for models that answer item-pair similarities directly, where a history item costs one lookup per
    /// recommended item rather than a catalogue pass: deep enough that an item of an older interest (cat food viewed
    /// last week) is named for a recommendation of that interest, not only the last few items of another.
    /// </summary>
    private const int AttributedHistoryByPairs = 50;

    /// <summary>
    /// A named history item must be at least this share as similar as the shopper's closest one (<see cref="HistoryAttribution"/>):
    /// the reason names what the recommendation resembles, and the evidence weight (a purchase over a view) settles only near ties.
    /// </summary>
    private const float ClosestShare = 0.8f;

    /// <summary>The shopper's categories, brands and interest clusters from their folded-in history, weighted by evidence, with counts.</summary>
    private static ShopperTaste TasteOf(ServingSnapshot snapshot, ShopperHistory history)
    {
        var categories = new Dictionary<string, (double Weight, int Views, int Purchases)>(StringComparer.OrdinalIgnoreCase);
        var brands = new Dictionary<string, (double Weight, int Views, int Purchases)>(StringComparer.OrdinalIgnoreCase);
        var clusters = new Dictionary<string, (double Weight, int Views, int Purchases)>(StringComparer.Ordinal);
        var query = history.Query;
        for (var h = 0; h < query.Items.Length; h++)
        {
            if (snapshot.ItemAt(query.Items[h]) is not { } item)
            {
                continue;
            }

            var strongest = history.StrongestEvent.GetValueOrDefault(query.Items[h], EventType.View);
            var bought = strongest == EventType.Purchase ? 1 : 0;
            if (item.LeafCategory is { } leaf)
            {
                var c = categories.GetValueOrDefault(leaf);
                categories[leaf] = (c.Weight + query.Weights[h], c.Views + 1 - bought, c.Purchases + bought);
            }

            if (item.Brand is { } brand)
            {
                var b = brands.GetValueOrDefault(brand);
                brands[brand] = (b.Weight + query.Weights[h], b.Views + 1 - bought, b.Purchases + bought);
            }

            if (snapshot.Clusters?.ClusterOf(query.Items[h]) is >= 0 and var cluster)
            {
                var label = snapshot.ClusterLabels[cluster];
                var c = clusters.GetValueOrDefault(label);
                clusters[label] = (c.Weight + query.Weights[h], c.Views + 1 - bought, c.Purchases + bought);
            }
        }

        return new ShopperTaste(
            [.. categories.Select(static p => new WeightedInterest(p.Key, p.Value.Weight, p.Value.Views, p.Value.Purchases))],
            [.. brands.Select(static p => new WeightedInterest(p.Key, p.Value.Weight, p.Value.Views, p.Value.Purchases))],
            [.. clusters.Select(static p => new WeightedInterest(p.Key, p.Value.Weight, p.Value.Views, p.Value.Purchases))]);
    }

    /// <summary>
    /// Adds to each item TasteTieBreak × the share of the shopper's evidence in its leaf category plus the share in its
    /// brand (at most 2 × TasteTieBreak): below the model's differences, above nothing.
    /// </summary>
    private static void AddTasteTieBreak(ServingSnapshot snapshot, ShopperTaste taste, Span<float> scores)
    {
        foreach (var (interests, members) in new[] { (taste.Categories, snapshot.ItemsByLeafCategory), (taste.Brands, snapshot.ItemsByBrand) })
        {
            var total = interests.Sum(static i => i.Weight);
            if (!(total > 0))
            {
                continue;
            }

            foreach (var interest in interests)
            {
                if (members.TryGetValue(interest.Name, out var items))
                {
                    var add = (float)(TasteTieBreak * interest.Weight / total);
                    foreach (var i in items)
                    {
                        scores[i] += add;
                    }
                }
            }
        }
    }

    /// <summary>The weight of the shopper's category and brand shares in a ranking of new arrivals.</summary>
    internal const double TasteTieBreak = 0.01;

    private static IEnumerable<int> Neighbors(ServingSnapshot snapshot, int index) =>
        snapshot.Model is ItemKnnModel knn ? knn.NeighborsOf(index).ToArray() : [];

    private static RecommendedItem ToDto(Item item, float score, string reason, Boosted boosted = default) =>
        new(item.Id, item.Title, item.LeafCategory, item.Brand, item.Price, score, reason)
        {
            Boost = boosted.Boost != 0f ? boosted.Boost : null,
            Campaigns = boosted.Campaigns,
        };

    /// <summary>The boosts that hide, of the request and (unless it leaves them out) of the campaigns active for its placement.</summary>
    private List<ScoreBoost> Hiding(RecommendationFilter filter) =>
        [.. filter.Boosts.Concat(filter.Campaigns ? campaigns.ActiveBoosts(filter.Placement) : []).Where(static b => b.Hide)];

    /// <summary>What merchandising added to an item's score, and the stored campaigns that matched it (null when none).</summary>
    private readonly record struct Boosted(float Boost, IReadOnlyList<string>? Campaigns);

    /// <summary>
    /// What the request's boosts and the active campaigns added to item <paramref name="index"/>: matched, as
    /// <see cref="Boost"/> applies them, on the catalogue as trained.
    /// </summary>
    private Boosted BoostAt(ServingSnapshot snapshot, RecommendationFilter filter, int index)
    {
        var active = filter.Campaigns ? campaigns.ActiveBoosts(filter.Placement) : [];
        if ((filter.Boosts.Count == 0 && active.Count == 0) || snapshot.ItemAt(index) is not { } trained)
        {
            return default;
        }

        var (fromCampaigns, matched) = CampaignBook.Of(active, trained);
        return new Boosted(filter.BoostOf(trained) + fromCampaigns, matched);
    }
}
