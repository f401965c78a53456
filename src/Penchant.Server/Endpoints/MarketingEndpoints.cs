using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Penchant.Core.Audiences;
using Penchant.Server.Contracts;
using Penchant.Server.Security;
using Penchant.Server.Services;
using Penchant.Server.Validation;

namespace Penchant.Server.Endpoints;

/// <summary>Audiences for brands, categories and ads, and shopper segments: shoppers by pseudonym, admin only, audited.</summary>
public static class MarketingEndpoints
{
    public static IEndpointRouteBuilder MapMarketingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/audiences").WithTags("Marketing").RequireAuthorization(ApiRoles.Admin)
            .MapGet("", Build)
            .WithSummary("The shoppers whose recommendations rank a brand's or category's items highest, among those whose consent allows profiling.");
        app.MapGroup("/v1/segments").WithTags("Marketing").RequireAuthorization(ApiRoles.Admin)
            .MapGet("", Segments)
            .WithSummary("Groups of consenting shoppers with a similar mix of interests, each described by its top interests.");
        return app;
    }

    private static async Task<Results<Ok<SegmentsResponse>, ValidationProblem>> Segments(
        MarketingService marketing, ClaimsPrincipal user, CancellationToken cancellation, int k = 8, bool members = false)
    {
        if (k is < 1 or > 100)
        {
            return EndpointHelpers.Invalid("k", $"k must be between 1 and 100, not {k}");
        }

        return TypedResults.Ok(await marketing.SegmentsAsync(PrivacyEndpoints.ActorOf(user), new Penchant.Core.Segments.SegmentOptions(k), members, cancellation));
    }

    /// <summary>The most items one audience request may name.</summary>
    public const int MaxAudienceItems = 100;

    private static async Task<Results<Ok<AudienceResponse>, ValidationProblem, ProblemHttpResult>> Build(
        MarketingService audiences, ClaimsPrincipal user, CancellationToken cancellation,
        string? brand = null, string? category = null, string? items = null, int size = 100, int depth = 50, bool prospectsOnly = false)
    {
        var errors = new ValidationErrors();
        brand = string.IsNullOrWhiteSpace(brand) ? null : brand.Trim();
        category = string.IsNullOrWhiteSpace(category) ? null : category.Trim();
        var chosen = items?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        if (items is not null && chosen!.Count == 0)
        {
            errors.Add("items", "items must name at least one item id");
        }
        else if (chosen is { Count: > MaxAudienceItems })
        {
            errors.Add("items", $"items may name at most {MaxAudienceItems} ids, not {chosen.Count}");
        }
        else if (chosen is not null && (brand is not null || category is not null))
        {
            errors.Add("items", "give items, or a brand and/or a category, not both");
        }
        else if (chosen is null && brand is null && category is null)
        {
            errors.Add("brand", "give a brand, a category or both, or items");
        }

        if (size is < 1 or > 10_000)
        {
            errors.Add("size", $"size must be between 1 and 10000, not {size}");
        }

        if (depth is < 1 or > 1000)
        {
            errors.Add("depth", $"depth must be between 1 and 1000, not {depth}");
        }

        if (!errors.IsEmpty)
        {
            return EndpointHelpers.Invalid(errors);
        }

        var response = await audiences.BuildAsync(PrivacyEndpoints.ActorOf(user), brand, category, new AudienceOptions(depth, prospectsOnly, size), cancellation, chosen);
        return response is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such items", detail: chosen is not null
                ? "The serving model knows none of the items named (an item added since the last training run joins at the next one)."
                : $"The serving model knows no items of {string.Join(" in ", new[] { brand, category }.OfType<string>())}.")
            : TypedResults.Ok(response);
    }
}
