using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Penchant.Server.Contracts;
using Penchant.Server.Options;
using Penchant.Server.Security;
using Penchant.Server.Services;

namespace Penchant.Server.Endpoints;

/// <summary>Catalogue search, ordered for a shopper when one is named.</summary>
public static class SearchEndpoints
{
    /// <summary>The longest query accepted, in characters.</summary>
    public const int MaxQueryLength = 200;

    /// <summary>The most results a search pages past (<c>offset</c>).</summary>
    public const int MaxOffset = 1_000;

    /// <summary>The most completions one request may ask for.</summary>
    public const int MaxSuggestions = 20;

    public static IEndpointRouteBuilder MapSearchEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/search", Search)
            .WithTags("Search")
            .RequireAuthorization(ApiRoles.Ingest)
            .WithSummary("Items whose title, description, categories, brand or tags match the words of q (English or Chinese); with user=, ordered for that shopper.");
        app.MapGet("/v1/search/suggest", Suggest)
            .WithTags("Search")
            .RequireAuthorization(ApiRoles.Ingest)
            .WithSummary("Completions of a search being typed: the last word of q completed from the catalogue's words, with how many items have all the words.");
        return app;
    }

    private static Results<Ok<SearchSuggestionsResponse>, ValidationProblem> Suggest(string? q, int? count, RecommendationService service)
    {
        var errors = new Validation.ValidationErrors();
        if (string.IsNullOrWhiteSpace(q))
        {
            errors.Add("q", "q must give the text typed so far");
        }
        else if (q.Length > MaxQueryLength)
        {
            errors.Add("q", $"q may be at most {MaxQueryLength} characters, not {q.Length}");
        }

        if (count is < 1 or > MaxSuggestions)
        {
            errors.Add("count", $"count must be between 1 and {MaxSuggestions}, not {count}");
        }

        if (!errors.IsEmpty)
        {
            return EndpointHelpers.Invalid(errors);
        }

        return TypedResults.Ok(new SearchSuggestionsResponse(q!, service.Suggest(q!.TrimStart(), count ?? 5)));
    }

    private static async Task<Results<Ok<SearchResponse>, ValidationProblem>> Search(
        string? q, string? user, double? personal, int? offset, bool? facets, string? sort, [AsParameters] RecommendationQuery query, RecommendationService service, ServerMetrics metrics, Penchant.Core.Privacy.IngestPrivacy privacy, IOptions<PenchantServerOptions> options, TimeProvider clock, CancellationToken cancellation)
    {
        var valid = query.TryParse(options.Value.MaxCount, clock.GetUtcNow(), out var count, out var filter, out var errors);
        if (string.IsNullOrWhiteSpace(q))
        {
            errors.Add("q", "q must give the words to search for");
            valid = false;
        }
        else if (q.Length > MaxQueryLength)
        {
            errors.Add("q", $"q may be at most {MaxQueryLength} characters, not {q.Length}");
            valid = false;
        }

        if (user is not null && string.IsNullOrWhiteSpace(user))
        {
            errors.Add("user", "user must not be empty when given");
            valid = false;
        }

        if (personal is { } weight && !(weight is >= 0 and <= 100))
        {
            errors.Add("personal", $"personal must be between 0 (the text's order) and 100, not {weight.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            valid = false;
        }

        if (offset is < 0 or > MaxOffset)
        {
            errors.Add("offset", $"offset must be between 0 and {MaxOffset}, not {offset}");
            valid = false;
        }

        if (!SearchSorts.TryParse(sort, out var order))
        {
            errors.Add("sort", $"sort must be {SearchSorts.Accepted}, not '{sort}'");
            valid = false;
        }

        if (!valid)
        {
            return EndpointHelpers.Invalid(errors);
        }

        // A search shows what was bought unless asked not to: a shopper may be looking for it again.
        if (query.ExcludePurchased is null)
        {
            filter = filter with { ExcludePurchased = false };
        }

        var userKey = user is null ? null : privacy.UserKey(user.Trim());
        var response = await service.SearchAsync(userKey, q!.Trim(), count, filter, personal, cancellation, logSlate: true, offset ?? 0, facets ?? false, order);
        metrics.RecordSearch(response.Items.Count == 0, response.Corrected is not null, response.Personalized, response.Meaning is not null, response.Learned);
        return TypedResults.Ok(response with { UserId = user?.Trim() });
    }
}
