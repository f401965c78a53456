using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Penchant.Core.Merchandising;
using Penchant.Server.Contracts;
using Penchant.Server.Options;
using Penchant.Server.Security;
using Penchant.Server.Services;
using Penchant.Server.Validation;

namespace Penchant.Server.Endpoints;

/// <summary>Recommendations for a shopper, similar items, popular and trending items.</summary>
public static class RecommendationsEndpoints
{
    public static IEndpointRouteBuilder MapRecommendationsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/recommendations").WithTags("Recommendations").RequireAuthorization(ApiRoles.Ingest);
        group.MapGet("/users/{userId}", ForUser).WithSummary("Recommendations for a shopper, from their events up to this moment.");
        group.MapGet("/users/{userId}/because", Because).WithSummary("\"Because you viewed X\" carousels: items similar to each of the shopper's most recent items.");
        group.MapPost("/users/{userId}/rank", Rank).WithSummary("The caller's own items (search results, a category page) ordered for a shopper, each with a reason.");
        group.MapGet("/items/{itemId}/similar", Similar).WithSummary("Items similar to an item; with user=, ordered for that shopper.");
        group.MapGet("/session", Session).WithSummary("Recommendations for an anonymous visitor from the items their session has looked at (oldest first); nothing is stored.");
        group.MapGet("/cart", Cart).WithSummary("What goes with a cart: items bought together with its items, then items the model scores for it.");
        group.MapGet("/popular", Popular).WithSummary("The most popular items, optionally in one category.");
        group.MapGet("/trending", Trending).WithSummary("Items whose popularity is growing fastest, optionally in one category.");
        group.MapGet("/new", Newest).WithSummary("The newest items of the catalogue (by createdAt), optionally in one category.");
        return app;
    }

    private static async Task<Results<Ok<RecommendationsResponse>, ValidationProblem>> ForUser(
        string userId, [AsParameters] RecommendationQuery query, double? explore, string? reasons, string? after, RecommendationService service, ExplorationService exploration, FeedPages pages, ReasonWriter writer, Penchant.Core.Privacy.IngestPrivacy privacy, IOptions<PenchantServerOptions> options, TimeProvider clock, CancellationToken cancellation)
    {
        var valid = query.TryParse(options.Value.MaxCount, clock.GetUtcNow(), out var count, out var filter, out var errors);
        if (reasons is not (null or "offline" or "language"))
        {
            errors.Add("reasons", $"reasons must be 'offline' (the default) or 'language', not '{reasons}'");
            valid = false;
        }

        if (explore is { } share && !exploration.IsAllowedShare(share, out var error))
        {
            errors.Add("explore", error!);
            valid = false;
        }

        // The store and the model know the shopper by pseudonym only; the answer names them as the caller did.
        var userKey = privacy.UserKey(userId);
        string? feed = null;
        if (after is not null)
        {
            // The next page of a feed: nothing the feed has shown the shopper comes again.
            if (FeedPages.FeedOf(after) is null)
            {
                errors.Add("after", $"after must be the slateId of a page of recommendations, not '{after}'");
                valid = false;
            }
            else if (await pages.ShownAsync(userKey, after, cancellation) is not { } page)
            {
                errors.Add("after", $"no slate '{after}' was served to this shopper in the last {options.Value.FeedWindow}; start the feed again without after");
                valid = false;
            }
            else if (page.Shown.Count >= FeedPages.MaxShown)
            {
                errors.Add("after", $"this feed has shown {page.Shown.Count} items, the most one feed pages through ({FeedPages.MaxShown}); start the feed again without after");
                valid = false;
            }
            else
            {
                feed = page.Feed;
                filter = filter with { ExcludeIds = filter.ExcludeIds is { } excluded ? new HashSet<string>(excluded.Concat(page.Shown), StringComparer.Ordinal) : page.Shown };
            }
        }

        if (!valid)
        {
            return EndpointHelpers.Invalid(errors);
        }

        var response = await service.RecommendAsync(userKey, count, filter, explore, logSlate: true, feed, cancellation);
        if (reasons == "language")
        {
            response = await writer.WordAsync(userKey, response, cancellation);
        }

        return TypedResults.Ok(response with { UserId = userId });
    }

    /// <summary>The most carousels one request may ask for.</summary>
    public const int MaxGroups = 20;

    private static async Task<Results<Ok<BecauseResponse>, ValidationProblem>> Because(
        string userId, int? groups, [AsParameters] RecommendationQuery query, RecommendationService service, Penchant.Core.Privacy.IngestPrivacy privacy, IOptions<PenchantServerOptions> options, TimeProvider clock, CancellationToken cancellation)
    {
        var valid = query.TryParse(options.Value.MaxCount, clock.GetUtcNow(), out var count, out var filter, out var errors);
        if (groups is < 1 or > MaxGroups)
        {
            errors.Add("groups", $"groups must be between 1 and {MaxGroups}, not {groups}");
            valid = false;
        }

        if (!valid)
        {
            return EndpointHelpers.Invalid(errors);
        }

        var response = await service.BecauseAsync(privacy.UserKey(userId), groups ?? 3, query.Count is null ? 5 : count, filter, cancellation);
        return TypedResults.Ok(response with { UserId = userId });
    }

    /// <summary>The most items one ranking request may hold.</summary>
    public const int MaxRankItems = 1_000;

    private static async Task<Results<Ok<RecommendationsResponse>, ValidationProblem>> Rank(
        string userId, RankRequest? request, RecommendationService service, PlacementBook placements, Penchant.Core.Privacy.IngestPrivacy privacy, CancellationToken cancellation)
    {
        var errors = new ValidationErrors();
        var items = request?.Items;

        // A stored placement's boost and campaigns setting fill in what the body leaves unset (its list settings do not
        // apply: the caller chose the items).
        var placement = request?.Placement;
        var preset = placement is null ? null : placements.SettingsOf(placement);
        if (placement is not null && MerchandisingName.Problem("placement", placement) is { } badPlacement)
        {
            errors.Add("placement", badPlacement);
        }

        var boostText = request?.Boost ?? preset?.GetValueOrDefault("boost");
        var applyCampaigns = request?.Campaigns ?? (preset?.GetValueOrDefault("campaigns") is { } c ? !string.Equals(c, "false", StringComparison.OrdinalIgnoreCase) : true);
        if (items is null || items.Count == 0)
        {
            errors.Add("items", "items must list at least one item id");
        }
        else if (items.Count > MaxRankItems)
        {
            errors.Add("items", $"items may list at most {MaxRankItems} ids, not {items.Count}");
        }
        else
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(items[i]))
                {
                    errors.Add($"items[{i}]", "an item id must not be empty");
                }
            }
        }

        IReadOnlyList<ScoreBoost> boosts = [];
        if (boostText is { } boost && !ScoreBoost.TryParseList(boost, out boosts, out var boostError))
        {
            errors.Add("boost", boostError!);
        }

        if (!errors.IsEmpty)
        {
            return EndpointHelpers.Invalid(errors);
        }

        var userKey = privacy.UserKey(userId);
        var response = await service.RankAsync(userKey, [.. items!.Select(static i => i!.Trim())], boosts, cancellation, applyCampaigns, placement);
        return TypedResults.Ok(response with { UserId = userId });
    }

    private static async Task<Results<Ok<SimilarItemsResponse>, ValidationProblem, ProblemHttpResult>> Similar(
        string itemId, [AsParameters] RecommendationQuery query, string? user, RecommendationService service, Penchant.Core.Privacy.IngestPrivacy privacy, IOptions<PenchantServerOptions> options, TimeProvider clock, CancellationToken cancellation)
    {
        var valid = query.TryParse(options.Value.MaxCount, clock.GetUtcNow(), out var count, out var filter, out var errors);
        if (user is not null && string.IsNullOrWhiteSpace(user))
        {
            errors.Add("user", "user must not be empty when given");
            valid = false;
        }

        if (!valid)
        {
            return EndpointHelpers.Invalid(errors);
        }

        // With user=, ordered for that shopper (the store knows them by pseudonym only).
        var similar = user is null
            ? service.Similar(itemId, count, filter)
            : await service.SimilarForAsync(privacy.UserKey(user.Trim()), itemId, count, filter, cancellation);
        return similar is { } found
            ? TypedResults.Ok(found)
            : EndpointHelpers.NotFound("Item", itemId);
    }

    /// <summary>The most items an anonymous session may name.</summary>
    public const int MaxSessionItems = 100;

    private static Results<Ok<RecommendationsResponse>, ValidationProblem> Session(
        string? items, [AsParameters] RecommendationQuery query, RecommendationService service, IOptions<PenchantServerOptions> options, TimeProvider clock)
    {
        var valid = query.TryParse(options.Value.MaxCount, clock.GetUtcNow(), out var count, out var filter, out var errors);
        valid &= TryItemList(items, MaxSessionItems, "the session has looked at (comma-separated, oldest first)", errors, out var viewed);
        return valid ? TypedResults.Ok(service.RecommendForSession(viewed, count, filter)) : EndpointHelpers.Invalid(errors);
    }

    /// <summary>A comma-separated <c>items</c> parameter: at least one id, at most <paramref name="max"/>; errors name the field.</summary>
    private static bool TryItemList(string? items, int max, string what, ValidationErrors errors, out string[] ids)
    {
        ids = (items ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ids.Length == 0)
        {
            errors.Add("items", $"items must name at least one item id {what}");
            return false;
        }

        if (ids.Length > max)
        {
            errors.Add("items", $"items may name at most {max} item ids, not {ids.Length}");
            return false;
        }

        return true;
    }

    private static Results<Ok<CartRecommendationsResponse>, ValidationProblem> Cart(
        string? items, [AsParameters] RecommendationQuery query, RecommendationService service, IOptions<PenchantServerOptions> options, TimeProvider clock)
    {
        var valid = query.TryParse(options.Value.MaxCount, clock.GetUtcNow(), out var count, out var filter, out var errors);
        valid &= TryItemList(items, options.Value.MaxCount, "(comma-separated)", errors, out var cart);
        return valid ? TypedResults.Ok(service.Cart(cart, count, filter)) : EndpointHelpers.Invalid(errors);
    }

    private static Results<Ok<ItemListResponse>, ValidationProblem> Popular(
        [AsParameters] RecommendationQuery query, RecommendationService service, IOptions<PenchantServerOptions> options, TimeProvider clock) =>
        query.TryParse(options.Value.MaxCount, clock.GetUtcNow(), out var count, out var filter, out var errors)
            ? TypedResults.Ok(service.Popular(count, filter))
            : EndpointHelpers.Invalid(errors);

    private static Results<Ok<ItemListResponse>, ValidationProblem> Newest(
        [AsParameters] RecommendationQuery query, RecommendationService service, IOptions<PenchantServerOptions> options, TimeProvider clock) =>
        query.TryParse(options.Value.MaxCount, clock.GetUtcNow(), out var count, out var filter, out var errors)
            ? TypedResults.Ok(service.Newest(count, filter))
            : EndpointHelpers.Invalid(errors);

    private static Results<Ok<ItemListResponse>, ValidationProblem> Trending(
        [AsParameters] RecommendationQuery query, RecommendationService service, IOptions<PenchantServerOptions> options, TimeProvider clock) =>
        query.TryParse(options.Value.MaxCount, clock.GetUtcNow(), out var count, out var filter, out var errors)
            ? TypedResults.Ok(service.Trending(count, filter))
            : EndpointHelpers.Invalid(errors);
}

/// <summary>The query string of the recommendation endpoints.</summary>
/// <param name="Count">How many items (default 10).</param>
/// <param name="Category">Only items with this category at any level of their path.</param>
/// <param name="Brand">Only items of this brand.</param>
/// <param name="MinPrice">Lowest price, inclusive.</param>
/// <param name="MaxPrice">Highest price, inclusive.</param>
/// <param name="InStock">Only available items (default true).</param>
/// <param name="Exclude">Item ids to leave out, comma-separated.</param>
/// <param name="ExcludePurchased">Leave out items the shopper has: bought, rated or reviewed (default true).</param>
/// <param name="NewDays">Only items added to the catalogue in the last this many days (1 to 3,650): new arrivals.</param>
/// <param name="MaxPerBrand">At most this many items of one brand (1 or more).</param>
/// <param name="MaxPerCategory">At most this many items of one leaf category (1 or more).</param>
/// <param name="Boost">Merchandising boosts, <c>field:value:weight</c> comma-separated (<see cref="ScoreBoost"/>).</param>
/// <param name="Campaigns">False leaves the active stored merchandising campaigns out (default true).</param>
/// <param name="Placement">Where the shop shows the list (<c>home</c>, <c>product-page</c>): logged with the slate for the online report.</param>
public sealed record RecommendationQuery(
    int? Count = null,
    string? Category = null,
    string? Brand = null,
    decimal? MinPrice = null,
    decimal? MaxPrice = null,
    bool? InStock = null,
    string? Exclude = null,
    bool? ExcludePurchased = null,
    int? NewDays = null,
    int? MaxPerBrand = null,
    int? MaxPerCategory = null,
    string? Boost = null,
    bool? Campaigns = null,
    string? Placement = null)
{
    /// <summary>Checks the values and builds the filter (<paramref name="now"/> dates <see cref="NewDays"/>); errors name the query parameter.</summary>
    public bool TryParse(int maxCount, DateTimeOffset now, out int count, out RecommendationFilter filter, out ValidationErrors errors)
    {
        errors = new ValidationErrors();
        count = Count ?? 10;
        if (count < 1 || count > maxCount)
        {
            errors.Add("count", $"count must be between 1 and {maxCount}, not {count}");
        }

        if (MinPrice is < 0)
        {
            errors.Add("minPrice", "minPrice must not be negative");
        }

        if (MinPrice is { } low && MaxPrice is { } high && low > high)
        {
            errors.Add("maxPrice", $"maxPrice ({high}) is below minPrice ({low})");
        }

        if (NewDays is < 1 or > 3650)
        {
            errors.Add("newDays", $"newDays must be between 1 and 3650, not {NewDays}");
        }

        if (MaxPerBrand is < 1)
        {
            errors.Add("maxPerBrand", $"maxPerBrand must be 1 or more, not {MaxPerBrand}");
        }

        if (MaxPerCategory is < 1)
        {
            errors.Add("maxPerCategory", $"maxPerCategory must be 1 or more, not {MaxPerCategory}");
        }

        IReadOnlyList<ScoreBoost> boosts = [];
        if (Boost is not null && !ScoreBoost.TryParseList(Boost, out boosts, out var boostError))
        {
            errors.Add("boost", boostError!);
        }

        if (Placement is not null && MerchandisingName.Problem("placement", Placement) is { } badPlacement)
        {
            errors.Add("placement", badPlacement);
        }

        var exclude = Exclude is null
            ? null
            : new HashSet<string>(Exclude.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.Ordinal);
        filter = new RecommendationFilter(
            string.IsNullOrWhiteSpace(Category) ? null : Category.Trim(),
            string.IsNullOrWhiteSpace(Brand) ? null : Brand.Trim(),
            MinPrice,
            MaxPrice,
            InStock ?? true,
            exclude,
            ExcludePurchased ?? true,
            NewDays is >= 1 and <= 3650 and var days ? now.AddDays(-days) : null,
            MaxPerBrand: MaxPerBrand,
            MaxPerCategory: MaxPerCategory)
        {
            Boosts = boosts,
            Campaigns = Campaigns ?? true,
            Placement = Placement,
        };
        return errors.IsEmpty;
    }
}
