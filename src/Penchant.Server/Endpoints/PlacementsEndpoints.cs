using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Penchant.Core.Merchandising;
using Penchant.Core.Privacy.Audit;
using Penchant.Server.Contracts;
using Penchant.Server.Options;
using Penchant.Server.Security;
using Penchant.Server.Services;
using Penchant.Server.Validation;
using Penchant.Storage;

namespace Penchant.Server.Endpoints;

/// <summary>
/// Placements (admin role): named places in the shop whose list settings apply to every list request naming them
/// (<c>placement=home</c>), where the request sets none itself, on every server over the store.
/// </summary>
public static class PlacementsEndpoints
{
    public static IEndpointRouteBuilder MapPlacementsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/admin/placements").WithTags("Placements").RequireAuthorization(ApiRoles.Admin);
        group.MapGet("", List).WithSummary("Every stored placement.");
        group.MapGet("/{id}", Get).WithSummary("One placement.");
        group.MapPut("/{id}", Put).WithSummary("Create or replace a placement: list settings that every request naming it takes where it sets none itself.");
        group.MapDelete("/{id}", Delete).WithSummary("Delete a placement; requests naming it keep only their own settings.");
        return app;
    }

    private static Ok<PlacementsResponse> List(PlacementBook book) =>
        TypedResults.Ok(new PlacementsResponse([.. book.All.Select(ToDto)], StoredPlacement.MaxPlacements));

    private static Results<Ok<PlacementDto>, ProblemHttpResult> Get(string id, PlacementBook book) =>
        book.All.FirstOrDefault(p => p.Id == id) is { } placement ? TypedResults.Ok(ToDto(placement)) : EndpointHelpers.NotFound("Placement", id);

    private static async Task<Results<Created<PlacementDto>, Ok<PlacementDto>, ValidationProblem, ProblemHttpResult>> Put(
        string id,
        PlacementRequest? request,
        PlacementBook book,
        IPrivacyStore audit,
        ClaimsPrincipal user,
        IOptions<PenchantServerOptions> options,
        IOptions<ExplorationServerOptions> exploration,
        TimeProvider clock,
        CancellationToken cancellation)
    {
        if (request is null)
        {
            return EndpointHelpers.Invalid("body", "the body must be a placement: {\"name\", \"settings\": {\"count\": 8, \"maxPerBrand\": 2, ...}}");
        }

        var errors = new ValidationErrors();
        if (MerchandisingName.Problem("id", id) is { } badId)
        {
            errors.Add("id", badId);
        }

        if (request.Name is { Length: > 200 })
        {
            errors.Add("name", $"name must be at most 200 characters, not {request.Name.Length}");
        }

        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Settings ?? new Dictionary<string, JsonElement>())
        {
            var known = PlacementBook.Settings.FirstOrDefault(s => string.Equals(s, key, StringComparison.OrdinalIgnoreCase));
            string? text = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            };
            if (known is null)
            {
                errors.Add($"settings.{key}", $"'{key}' is not a list setting; a placement may set {string.Join(", ", PlacementBook.Settings)}");
            }
            else if (text is null)
            {
                errors.Add($"settings.{key}", $"{known} must be a string, a number or true/false");
            }
            else
            {
                settings[known] = text;
            }
        }

        // The values must be what a request could carry: checked by the same rules, errors named under settings.
        if (errors.IsEmpty)
        {
            foreach (var (field, messages) in Check(settings, options.Value.MaxCount, exploration.Value.MaxShare, clock.GetUtcNow()))
            {
                foreach (var message in messages)
                {
                    errors.Add($"settings.{field}", message);
                }
            }
        }

        if (!errors.IsEmpty)
        {
            return EndpointHelpers.Invalid(errors);
        }

        var name = string.IsNullOrWhiteSpace(request.Name) ? null : request.Name.Trim();
        var query = QueryString.Create(settings!).Value?.TrimStart('?') ?? "";
        var outcome = await book.SaveAsync(id, name, query, cancellation);
        if (outcome != SaveOutcome.Full)
        {
            await audit.AppendAsync(
                new AuditEntry(PrivacyEndpoints.ActorOf(user), "placement.save", id, clock.GetUtcNow(), new Dictionary<string, string>
                {
                    ["outcome"] = outcome == SaveOutcome.Created ? "created" : "replaced",
                    ["settings"] = query,
                }),
                cancellation);
        }

        if (outcome == SaveOutcome.Full)
        {
            return EndpointHelpers.Full("placements", StoredPlacement.MaxPlacements, id);
        }

        var dto = book.All.FirstOrDefault(p => p.Id == id) is { } stored ? ToDto(stored) : new PlacementDto(id, name, settings, clock.GetUtcNow());
        return outcome == SaveOutcome.Created ? TypedResults.Created($"/v1/admin/placements/{id}", dto) : TypedResults.Ok(dto);
    }

    private static Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, PlacementBook book, IPrivacyStore audit, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellation) =>
        EndpointHelpers.DeleteAuditedAsync(() => book.DeleteAsync(id, cancellation), "Placement", id, "placement.delete", audit, user, clock, cancellation);

    private static PlacementDto ToDto(StoredPlacement placement) =>
        new(placement.Id, placement.Name, new SortedDictionary<string, string>(PlacementBook.Parse(placement.Settings), StringComparer.Ordinal), placement.UpdatedAt);

    /// <summary>The problems with the settings as list parameters, by parameter, as a request carrying them would get.</summary>
    private static Dictionary<string, string[]> Check(IReadOnlyDictionary<string, string> settings, int maxCount, double maxShare, DateTimeOffset now)
    {
        var problems = new ValidationErrors();
        T? Parse<T>(string key, Func<string, (bool Ok, T Value)> parse, string what)
            where T : struct
        {
            if (!settings.TryGetValue(key, out var text))
            {
                return null;
            }

            var (ok, value) = parse(text);
            if (!ok)
            {
                problems.Add(key, $"{key} must be {what}, not '{text}'");
                return null;
            }

            return value;
        }

        static (bool, int) Int(string s) => (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v), v);
        static (bool, decimal) Dec(string s) => (decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var v), v);
        static (bool, bool) Bool(string s) => (bool.TryParse(s, out var v), v);
        static (bool, double) Dbl(string s) => (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v), v);

        var query = new RecommendationQuery(
            Parse("count", Int, "a whole number"),
            settings.GetValueOrDefault("category"),
            settings.GetValueOrDefault("brand"),
            Parse("minPrice", Dec, "a number"),
            Parse("maxPrice", Dec, "a number"),
            Parse("inStock", Bool, "true or false"),
            settings.GetValueOrDefault("exclude"),
            Parse("excludePurchased", Bool, "true or false"),
            Parse("newDays", Int, "a whole number"),
            Parse("maxPerBrand", Int, "a whole number"),
            Parse("maxPerCategory", Int, "a whole number"),
            settings.GetValueOrDefault("boost"),
            Parse("campaigns", Bool, "true or false"));
        if (Parse("explore", Dbl, "a number") is { } explore && (explore < 0 || explore > maxShare))
        {
            problems.Add("explore", $"explore must be between 0 and {maxShare.ToString(CultureInfo.InvariantCulture)}, not {explore.ToString(CultureInfo.InvariantCulture)}");
        }

        query.TryParse(maxCount, now, out _, out _, out var queryErrors);
        var result = problems.ToDictionary();
        foreach (var (field, messages) in queryErrors.ToDictionary())
        {
            result[field] = result.TryGetValue(field, out var earlier) ? [.. earlier, .. messages] : messages;
        }

        return result;
    }
}
