using System.Globalization;
using Penchant.Core.Data;
using Penchant.Core.Recommenders;

namespace Penchant.Core.Explanations;

/// <summary>Why an item is in a list: the kind of slot it fills.</summary>
public enum SlotKind
{
    /// <summary>Chosen for the shopper from their history and interests.</summary>
    Personal,

    /// <summary>Chosen to explore an interest new to the shopper.</summary>
    Explore,

    /// <summary>Filled from what is popular.</summary>
    Popular,

    /// <summary>Filled from what is rising fast.</summary>
    Trending,
}

/// <summary>One weighted interest of a shopper (a category, a brand or an interest cluster) with the evidence behind it.</summary>
/// <param name="Name">The category (a leaf name, or a path joined with " > "), brand or interest-cluster label.</param>
/// <param name="Weight">Its weight in the profile; higher is stronger.</param>
/// <param name="Views">Views and clicks behind it.</param>
/// <param name="Purchases">Purchases behind it.</param>
public sealed record WeightedInterest(string Name, double Weight, int Views = 0, int Purchases = 0);

/// <summary>The shopper's top categories, brands and interest clusters as plain weighted lists (from whichever profile builder).</summary>
/// <param name="Categories">Category interests.</param>
/// <param name="Brands">Brand interests.</param>
/// <param name="Clusters">Interest-cluster interests by cluster label; null or empty when there are no clusters.</param>
public sealed record ShopperTaste(IReadOnlyList<WeightedInterest> Categories, IReadOnlyList<WeightedInterest> Brands, IReadOnlyList<WeightedInterest>? Clusters = null)
{
    /// <summary>A shopper with no known taste.</summary>
    public static ShopperTaste Empty { get; } = new([], []);
}

/// <summary>The history item a recommendation is attributed to and the strongest thing the shopper did with it.</summary>
public sealed record HistoryEvidence(Item Item, EventType Event);

/// <summary>Options for <see cref="ReasonBuilder"/>.</summary>
/// <param name="NewArrivalDays">Items created at most this many days ago count as new arrivals.</param>
/// <param name="TopCategories">How many of the shopper's heaviest categories count as their interests.</param>
/// <param name="TopBrands">How many of the shopper's heaviest brands count as brands they like.</param>
/// <param name="TopClusters">How many of the shopper's heaviest interest clusters count as their interests.</param>
/// <param name="MinSimilarityShare">
/// The least similarity of a history item to a recommended item, as a share of the recommended item's top
/// similarity, for a "because you ..." reason (<see cref="HistoryAttribution.Attribute"/>); below it the next kind of reason is given.
/// </param>
public sealed record ReasonOptions(int NewArrivalDays = 30, int TopCategories = 5, int TopBrands = 3, int TopClusters = 5, float MinSimilarityShare = HistoryAttribution.DefaultMinSimilarityShare);

/// <summary>
/// Builds one readable reason per recommended item from facts the caller already has: the item, the slot it
/// fills, the shopper's top categories and brands, and the history item the score is attributed to
/// (<see cref="HistoryAttribution"/>).
/// </summary>
/// <remarks>
/// Personal slots prefer, in order: a new arrival from a liked brand, the attributed history item, a matching
/// interest cluster, then a matching category interest (each with its evidence), a liked brand, and finally the
/// item's popularity in its category.
/// Explore, popular and trending slots say so. Pure and thread-safe.
/// </remarks>
public sealed class ReasonBuilder(ReasonOptions? options = null)
{
    public ReasonOptions Options { get; } = options ?? new ReasonOptions();

    /// <summary>The reason for recommending <paramref name="item"/>.</summary>
    /// <param name="item">The recommended item.</param>
    /// <param name="slot">The slot it fills.</param>
    /// <param name="taste">The shopper's top categories and brands.</param>
    /// <param name="because">The attributed history item, when there is one.</param>
    /// <param name="now">The current time (new arrivals are judged against it).</param>
    /// <param name="exploreLabel">For explore slots, the interest cluster's label; the item's category otherwise.</param>
    /// <param name="clusterLabel">The label of the item's interest cluster, matched against <see cref="ShopperTaste.Clusters"/>.</param>
    public Reason Explain(Item item, SlotKind slot, ShopperTaste taste, HistoryEvidence? because, DateTimeOffset now, string? exploreLabel = null, string? clusterLabel = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(taste);
        var category = item.LeafCategory;
        switch (slot)
        {
            case SlotKind.Explore:
                var topic = exploreLabel ?? category;
                return topic is null
                    ? new Reason(ReasonKind.Explore, "Something new to explore")
                    : new Reason(ReasonKind.Explore, $"Something new to explore: {topic}", topic);
            case SlotKind.Popular:
                return Popular(category);
            case SlotKind.Trending:
                return category is null
                    ? new Reason(ReasonKind.Trending, "Trending now")
                    : new Reason(ReasonKind.Trending, $"Trending in {category}", category);
        }

        var brand = LikedBrand(item, taste);
        if (brand is not null && IsNewArrival(item, now))
        {
            return new Reason(ReasonKind.NewFromBrand, $"New arrival from {brand}, a brand you like", brand);
        }

        if (because is not null)
        {
            return new Reason(ReasonKind.BecauseOfItem, BecauseText(because), because.Item.Id);
        }

        if (clusterLabel is not null && taste.Clusters is { } clusters
            && Top(clusters, Options.TopClusters).FirstOrDefault(c => string.Equals(c.Name, clusterLabel, StringComparison.Ordinal)) is { } cluster)
        {
            return Matches(cluster.Name, cluster);
        }

        if (MatchingInterest(item, taste) is { } interest)
        {
            return Matches(Display(interest.Name), interest);
        }

        if (brand is not null)
        {
            return new Reason(ReasonKind.MatchesInterest, $"From {brand}, a brand you like", brand);
        }

        return Popular(category);
    }

    /// <summary>
    /// One reason per recommended item: personal slots are attributed to the shopper's history with
    /// <see cref="HistoryAttribution.Attribute"/> on <paramref name="model"/>, then explained by <see cref="Explain"/>.
    /// </summary>
    /// <param name="model">The model that produced the list (its item similarities attribute the scores).</param>
    /// <param name="query">The shopper.</param>
    /// <param name="recommended">Dense ids of the recommended items.</param>
    /// <param name="slots">The slot kind of each recommended item.</param>
    /// <param name="items">The catalogue item of each dense id.</param>
    /// <param name="strongestEvent">The strongest thing the shopper did with a history item (dense id).</param>
    /// <param name="taste">The shopper's top categories and brands.</param>
    /// <param name="now">The current time.</param>
    /// <param name="exploreLabel">The interest-cluster label of an item for explore slots, when clusters exist.</param>
    /// <param name="clusterLabel">The interest-cluster label of an item for personal slots, when clusters exist.</param>
    public Reason[] ExplainAll(
        IRecommenderModel model,
        UserQuery query,
        IReadOnlyList<int> recommended,
        IReadOnlyList<SlotKind> slots,
        IReadOnlyList<Item> items,
        Func<int, EventType> strongestEvent,
        ShopperTaste taste,
        DateTimeOffset now,
        Func<int, string?>? exploreLabel = null,
        Func<int, string?>? clusterLabel = null)
    {
        ArgumentNullException.ThrowIfNull(recommended);
        ArgumentNullException.ThrowIfNull(slots);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(strongestEvent);
        if (slots.Count != recommended.Count)
        {
            throw new ArgumentException("One slot kind per recommended item is required.", nameof(slots));
        }

        var attributions = HistoryAttribution.Attribute(model, query, recommended, minSimilarityShare: Options.MinSimilarityShare);
        var reasons = new Reason[recommended.Count];
        for (var r = 0; r < reasons.Length; r++)
        {
            var because = slots[r] == SlotKind.Personal && attributions[r] is { } a
                ? new HistoryEvidence(items[a.HistoryItem], strongestEvent(a.HistoryItem))
                : null;
            reasons[r] = Explain(items[recommended[r]], slots[r], taste, because, now, exploreLabel?.Invoke(recommended[r]), clusterLabel?.Invoke(recommended[r]));
        }

        return reasons;
    }

    /// <summary>Whether <paramref name="item"/> was created within <see cref="ReasonOptions.NewArrivalDays"/> of <paramref name="now"/>.</summary>
    public bool IsNewArrival(Item item, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.CreatedAt is { } created && created <= now && (now - created).TotalDays <= Options.NewArrivalDays;
    }

    private static Reason Matches(string name, WeightedInterest interest)
    {
        var evidence = Evidence(interest);
        return new Reason(ReasonKind.MatchesInterest, evidence.Length == 0 ? $"Matches your interest in {name}" : $"Matches your interest in {name}: {evidence}", name);
    }

    private static Reason Popular(string? category) => category is null
        ? new Reason(ReasonKind.Popular, "Popular right now")
        : new Reason(ReasonKind.Popular, $"Popular in {category}", category);

    private static string BecauseText(HistoryEvidence because)
    {
        var title = $"\u201C{because.Item.Title}\u201D";
        return because.Event switch
        {
            EventType.Purchase => $"Because you bought {title}",
            EventType.AddToCart => $"Because you added {title} to your cart",
            EventType.Like => $"Because you liked {title}",
            EventType.Rating => $"Because you rated {title}",
            EventType.Review => $"Because you reviewed {title}",
            _ => $"Because you viewed {title}",
        };
    }

    private string? LikedBrand(Item item, ShopperTaste taste)
    {
        if (string.IsNullOrEmpty(item.Brand))
        {
            return null;
        }

        return Top(taste.Brands, Options.TopBrands).Any(b => string.Equals(b.Name, item.Brand, StringComparison.OrdinalIgnoreCase))
            ? item.Brand
            : null;
    }

    /// <summary>The heaviest of the shopper's top categories that the item's category path contains (leaf first).</summary>
    private WeightedInterest? MatchingInterest(Item item, ShopperTaste taste)
    {
        var top = Top(taste.Categories, Options.TopCategories).ToList();
        for (var level = item.Categories.Count - 1; level >= 0; level--)
        {
            var name = item.Categories[level];
            var path = string.Join(" > ", item.Categories.Take(level + 1));
            var match = top.FirstOrDefault(c =>
                string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase) || string.Equals(c.Name, path, StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                return match;
            }
        }

        return null;
    }

    private static IEnumerable<WeightedInterest> Top(IReadOnlyList<WeightedInterest> list, int count) =>
        list.Where(static x => x.Weight > 0).OrderByDescending(static x => x.Weight).Take(Math.Max(0, count));

    /// <summary>The last segment of a "A > B > C" path.</summary>
    private static string Display(string name)
    {
        var at = name.LastIndexOf(" > ", StringComparison.Ordinal);
        return at >= 0 ? name[(at + 3)..] : name;
    }

    private static string Evidence(WeightedInterest interest)
    {
        var parts = new List<string>(2);
        if (interest.Views > 0)
        {
            parts.Add(Count(interest.Views, "view", "views"));
        }

        if (interest.Purchases > 0)
        {
            parts.Add(Count(interest.Purchases, "purchase", "purchases"));
        }

        return string.Join(", ", parts);
    }

    private static string Count(int n, string one, string many) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? one : many);
}
