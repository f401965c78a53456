using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Penchant.Core.Privacy.DifferentialPrivacy;
using Penchant.Server.Contracts;
using Penchant.Server.Privacy;
using Penchant.Server.Security;
using Penchant.Storage;

namespace Penchant.Server.Endpoints;

/// <summary>
/// Privacy operations: the audit log and a retention run (admin), and differentially private exports of aggregates
/// (any key; each key spends its own privacy budget). Erasure is <c>DELETE /v1/users/{id}</c>.
/// </summary>
public static class PrivacyEndpoints
{
    public static IEndpointRouteBuilder MapPrivacyEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/v1/admin").WithTags("Admin").RequireAuthorization(ApiRoles.Admin);
        admin.MapGet("/audit", Audit).WithSummary("The append-only audit log of administrative actions, and whether its hash chain verifies.");
        admin.MapPost("/retention/run", RunRetention).WithSummary("Purge events past the retention age now.");

        var exports = app.MapGroup("/v1/exports").WithTags("Exports").RequireAuthorization(ApiRoles.Ingest);
        exports.MapGet("/popularity", Popularity).WithSummary("Distinct shoppers per item, with differential privacy; spends the key's budget.");
        exports.MapGet("/interests", Interests).WithSummary("Distinct shoppers interested in each category, with differential privacy.");
        exports.MapGet("/audience", Audience).WithSummary("How many shoppers showed interest in a category (an audience size), with differential privacy.");
        exports.MapGet("/searches", Searches).WithSummary("What shoppers search for: distinct shoppers per query, with differential privacy, and how many items each finds now (noResults=true: the searches that find nothing).");
        exports.MapGet("/segments", Segments).WithSummary("The shopper segments' sizes, with differential privacy; spends the key's budget.");
        exports.MapGet("/budget", Budget).WithSummary("The privacy budget the calling key has spent and its limit.");
        return app;
    }

    /// <summary>Who is acting: the API key's name.</summary>
    internal static string ActorOf(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    private static async Task<Results<Ok<AuditPage>, ValidationProblem>> Audit(IPrivacyStore store, CancellationToken cancellation, long from = 1, int limit = 100)
    {
        if (limit is < 1 or > 1000)
        {
            return EndpointHelpers.Invalid("limit", "limit must be between 1 and 1000");
        }

        var entries = new List<AuditEntryDto>();
        long? next = null;
        await foreach (var e in store.ReadAsync(Math.Max(1, from), cancellation))
        {
            if (entries.Count == limit)
            {
                next = e.Sequence;
                break;
            }

            entries.Add(new AuditEntryDto(e.Sequence, e.Entry.Actor, e.Entry.Action, e.Entry.Target, e.Entry.Timestamp, e.Entry.DetailsOrEmpty, e.Hash));
        }

        var verification = await store.VerifyAsync(cancellation);
        return TypedResults.Ok(new AuditPage(entries, next, verification.IsValid, verification.Problem));
    }

    private static async Task<Ok<RetentionRunResult>> RunRetention(RetentionService retention, TimeProvider time, ClaimsPrincipal user, CancellationToken cancellation) =>
        TypedResults.Ok(await retention.PurgeAsync(time.GetUtcNow(), ActorOf(user), cancellation));

    private static async Task<Results<Ok<PrivateHistogramResponse>, ValidationProblem, ProblemHttpResult>> Popularity(
        PrivateExportService exports, ClaimsPrincipal user, Microsoft.Extensions.Options.IOptions<Options.PrivacyOptions> options, CancellationToken cancellation, double? epsilon = null, double? delta = null)
    {
        if (CostOf(epsilon, delta, options.Value) is not { } cost)
        {
            return InvalidCost();
        }

        return ToResult(await exports.ItemPopularityAsync(ActorOf(user), cost, cancellation));
    }

    private static async Task<Results<Ok<PrivateHistogramResponse>, ValidationProblem, ProblemHttpResult>> Interests(
        PrivateExportService exports, ClaimsPrincipal user, Microsoft.Extensions.Options.IOptions<Options.PrivacyOptions> options, CancellationToken cancellation, double? epsilon = null, double? delta = null)
    {
        if (CostOf(epsilon, delta, options.Value) is not { } cost)
        {
            return InvalidCost();
        }

        return ToResult(await exports.InterestsAsync(ActorOf(user), cost, cancellation));
    }

    private static async Task<Results<Ok<PrivateCountResponse>, ValidationProblem, ProblemHttpResult>> Audience(
        PrivateExportService exports, ClaimsPrincipal user, Microsoft.Extensions.Options.IOptions<Options.PrivacyOptions> options, CancellationToken cancellation, string? category = null, double? epsilon = null, double? delta = null)
    {
        if (string.IsNullOrWhiteSpace(category))
        {
            return EndpointHelpers.Invalid("category", "category is required");
        }

        if (CostOf(epsilon, delta, options.Value) is not { } cost)
        {
            return InvalidCost();
        }

        var count = await exports.AudienceSizeAsync(ActorOf(user), category.Trim(), cost, cancellation);
        if (count.Status == ReleaseStatus.BudgetExhausted)
        {
            return BudgetExhausted(count.Budget);
        }

        return TypedResults.Ok(new PrivateCountResponse(StatusName(count.Status), count.Value, count.Charged.Epsilon, count.Charged.Delta, count.Budget.Remaining.Epsilon));
    }

    /// <summary>The most queries one release lists.</summary>
    public const int MaxSearchQueries = 1_000;

    private static async Task<Results<Ok<SearchQueriesResponse>, ValidationProblem, ProblemHttpResult>> Searches(
        PrivateExportService exports, Services.RecommendationService recommendations, ClaimsPrincipal user, Microsoft.Extensions.Options.IOptions<Options.PrivacyOptions> options,
        CancellationToken cancellation, double? epsilon = null, double? delta = null, bool noResults = false, int top = 100)
    {
        if (top is < 1 or > MaxSearchQueries)
        {
            return EndpointHelpers.Invalid("top", $"top must be between 1 and {MaxSearchQueries}, not {top}");
        }

        if (CostOf(epsilon, delta, options.Value) is not { } cost)
        {
            return InvalidCost();
        }

        var histogram = await exports.SearchesAsync(ActorOf(user), cost, cancellation);
        if (histogram.Status == ReleaseStatus.BudgetExhausted)
        {
            return BudgetExhausted(histogram.Budget);
        }

        // What each released query finds now is the catalogue's, not the shoppers': counting it costs no budget.
        var queries = histogram.Counts.OrderByDescending(static p => p.Value).ThenBy(static p => p.Key, StringComparer.Ordinal)
            .Select(p => new SearchQueryCountDto(p.Key, p.Value, recommendations.MatchCount(p.Key)))
            .Where(q => !noResults || q.Matches == 0)
            .Take(top)
            .ToList();
        return TypedResults.Ok(new SearchQueriesResponse(
            StatusName(histogram.Status), queries, histogram.SuppressedKeys, histogram.Charged.Epsilon, histogram.Charged.Delta, histogram.Budget.Remaining.Epsilon));
    }

    private static async Task<Results<Ok<PrivateHistogramResponse>, ValidationProblem, ProblemHttpResult>> Segments(
        Services.MarketingService marketing, ClaimsPrincipal user, Microsoft.Extensions.Options.IOptions<Options.PrivacyOptions> options, CancellationToken cancellation,
        int k = 8, double? epsilon = null, double? delta = null)
    {
        if (k is < 1 or > 100)
        {
            return EndpointHelpers.Invalid("k", $"k must be between 1 and 100, not {k}");
        }

        if (CostOf(epsilon, delta, options.Value) is not { } cost)
        {
            return InvalidCost();
        }

        return ToResult(await marketing.PrivateSegmentSizesAsync(ActorOf(user), new Penchant.Core.Segments.SegmentOptions(k), cost, cancellation));
    }

    private static async Task<Ok<PrivacyBudgetResponse>> Budget(PrivateExportService exports, ClaimsPrincipal user, CancellationToken cancellation) =>
        TypedResults.Ok(await exports.BudgetAsync(ActorOf(user), cancellation));

    private static Results<Ok<PrivateHistogramResponse>, ValidationProblem, ProblemHttpResult> ToResult(PrivateHistogram<string> histogram) =>
        histogram.Status == ReleaseStatus.BudgetExhausted
            ? BudgetExhausted(histogram.Budget)
            : TypedResults.Ok(new PrivateHistogramResponse(
                StatusName(histogram.Status),
                histogram.Counts.OrderByDescending(static p => p.Value).ThenBy(static p => p.Key, StringComparer.Ordinal).ToDictionary(static p => p.Key, static p => p.Value),
                histogram.SuppressedKeys,
                histogram.Charged.Epsilon,
                histogram.Charged.Delta,
                histogram.Budget.Remaining.Epsilon));

    private static PrivacyCost? CostOf(double? epsilon, double? delta, Options.PrivacyOptions options)
    {
        var e = epsilon ?? options.ExportEpsilon;
        var d = delta ?? 0;
        return e > 0 && double.IsFinite(e) && d is >= 0 and < 1 ? new PrivacyCost(e, d) : null;
    }

    private static ValidationProblem InvalidCost() =>
        EndpointHelpers.Invalid("epsilon", "epsilon must be a positive number and delta in [0, 1)");

    private static ProblemHttpResult BudgetExhausted(BudgetDecision budget) => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "Privacy budget exhausted",
        detail: $"This release would spend {budget.Requested}, but the key has {budget.Remaining} left of its limit {budget.Limit}. "
            + "A budget does not refill; an operator can raise the limit or issue a new key.");

    private static string StatusName(ReleaseStatus status) => status switch
    {
        ReleaseStatus.Released => "released",
        ReleaseStatus.BelowMinimumGroupSize => "below_minimum_group_size",
        _ => "budget_exhausted",
    };
}
