using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Penchant.Core.Merchandising;
using Penchant.Core.Privacy.Audit;
using Penchant.Server.Contracts;
using Penchant.Server.Security;
using Penchant.Server.Services;
using Penchant.Server.Validation;
using Penchant.Storage;

namespace Penchant.Server.Endpoints;

/// <summary>
/// Merchandising campaigns (admin role): stored boosts with a time window that apply to every ranked list while active,
/// on every server over the store.
/// </summary>
public static class CampaignsEndpoints
{
    public static IEndpointRouteBuilder MapCampaignsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/admin/campaigns").WithTags("Campaigns").RequireAuthorization(ApiRoles.Admin);
        group.MapGet("", List).WithSummary("Every stored merchandising campaign, with where it stands now.");
        group.MapGet("/{id}", Get).WithSummary("One campaign.");
        group.MapPut("/{id}", Put).WithSummary("Create or replace a campaign: boosts that apply to every ranked list between startsAt and endsAt.");
        group.MapDelete("/{id}", Delete).WithSummary("Delete a campaign; it stops applying at once here, and within MerchandisingRefresh on other servers.");
        group.MapDelete("", DeleteEnded).WithSummary("Delete every campaign whose window has closed (status=ended), each recorded in the audit log: ended campaigns count toward the store's limit until deleted.");
        return app;
    }

    private static Ok<CampaignsResponse> List(CampaignBook book, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var campaigns = book.All.Select(c => ToDto(c, now)).ToList();
        return TypedResults.Ok(new CampaignsResponse(campaigns, campaigns.Count(static c => c.Status == "active"), Campaign.MaxCampaigns));
    }

    private static Results<Ok<CampaignDto>, ProblemHttpResult> Get(string id, CampaignBook book, TimeProvider time) =>
        book.All.FirstOrDefault(c => c.Id == id) is { } campaign
            ? TypedResults.Ok(ToDto(campaign, time.GetUtcNow()))
            : EndpointHelpers.NotFound("Campaign", id);

    private static async Task<Results<Created<CampaignDto>, Ok<CampaignDto>, ValidationProblem, ProblemHttpResult>> Put(
        string id, CampaignRequest? request, CampaignBook book, IPrivacyStore audit, ClaimsPrincipal user, TimeProvider time, CancellationToken cancellation)
    {
        var errors = new ValidationErrors();
        if (request is null)
        {
            return EndpointHelpers.Invalid("body", "the body must be a campaign: {\"name\", \"boosts\": [{\"field\", \"value\", \"weight\"}], \"startsAt\", \"endsAt\", \"enabled\"}");
        }

        var boosts = new List<ScoreBoost>();
        if (request.Boosts is { } given)
        {
            for (var i = 0; i < given.Count; i++)
            {
                if (given[i] is not { } boost)
                {
                    errors.Add($"boosts[{i}]", "a boost must be an object with field, value and weight");
                    continue;
                }

                var field = boost.Field is null ? null : ScoreBoost.ParseField(boost.Field);
                if (field is null)
                {
                    errors.Add($"boosts[{i}].field", $"field must be brand, category, tag or item, not '{boost.Field}'");
                }

                if (boost.Hide is true)
                {
                    if (boost.Weight is not null and not 0f)
                    {
                        errors.Add($"boosts[{i}].weight", "a boost that hides takes no weight");
                    }

                    boosts.Add(ScoreBoost.Hiding(field ?? BoostField.Item, boost.Value?.Trim() ?? ""));
                    continue;
                }

                if (boost.Weight is null)
                {
                    errors.Add($"boosts[{i}].weight", "weight is required (or hide: true)");
                }

                boosts.Add(new ScoreBoost(field ?? BoostField.Item, boost.Value?.Trim() ?? "", boost.Weight ?? 0f));
            }
        }

        var campaign = new Campaign(id, string.IsNullOrWhiteSpace(request.Name) ? null : request.Name.Trim(), boosts, request.StartsAt, request.EndsAt, request.Enabled ?? true)
        {
            Placements = [.. (request.Placements ?? []).Select(static p => p?.Trim() ?? "").Distinct(StringComparer.Ordinal)],
        };
        foreach (var (field, problem) in campaign.Problems())
        {
            // The boost list's own checks may repeat what is named above for a malformed entry; keep the first.
            if (!errors.Has(field))
            {
                errors.Add(field, $"{field} {problem}");
            }
        }

        if (!errors.IsEmpty)
        {
            return EndpointHelpers.Invalid(errors);
        }

        var (outcome, stored) = await book.SaveAsync(campaign, cancellation);
        if (outcome != SaveOutcome.Full)
        {
            await audit.AppendAsync(
                new AuditEntry(PrivacyEndpoints.ActorOf(user), "campaign.save", id, time.GetUtcNow(), new Dictionary<string, string>
                {
                    ["outcome"] = outcome == SaveOutcome.Created ? "created" : "replaced",
                    ["boosts"] = string.Join(",", campaign.Boosts.Select(static b => $"{ScoreBoost.FieldName(b.Field)}:{b.Value}:{(b.Hide ? "hide" : b.Weight.ToString(CultureInfo.InvariantCulture))}")),
                    ["starts_at"] = campaign.StartsAt?.ToString("O", CultureInfo.InvariantCulture) ?? "",
                    ["ends_at"] = campaign.EndsAt?.ToString("O", CultureInfo.InvariantCulture) ?? "",
                    ["enabled"] = campaign.Enabled ? "true" : "false",
                    ["placements"] = string.Join(",", campaign.Placements),
                }),
                cancellation);
        }

        if (outcome == SaveOutcome.Full)
        {
            return EndpointHelpers.Full("campaigns", Campaign.MaxCampaigns, id);
        }

        // Null only when another server deleted it since.
        var dto = ToDto(stored ?? campaign, time.GetUtcNow());
        return outcome == SaveOutcome.Created ? TypedResults.Created($"/v1/admin/campaigns/{id}", dto) : TypedResults.Ok(dto);
    }

    private static Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, CampaignBook book, IPrivacyStore audit, ClaimsPrincipal user, TimeProvider time, CancellationToken cancellation) =>
        EndpointHelpers.DeleteAuditedAsync(() => book.DeleteAsync(id, cancellation), "Campaign", id, "campaign.delete", audit, user, time, cancellation);

    private static async Task<Results<Ok<DeletedCampaignsResponse>, ValidationProblem>> DeleteEnded(
        string? status, CampaignBook book, IPrivacyStore audit, ClaimsPrincipal user, TimeProvider time, CancellationToken cancellation)
    {
        if (!string.Equals(status, "ended", StringComparison.OrdinalIgnoreCase))
        {
            return EndpointHelpers.Invalid("status", $"status must be 'ended' (only ended campaigns are deleted in bulk), not '{status}'");
        }

        var now = time.GetUtcNow();
        var deleted = new List<string>();
        foreach (var campaign in book.All.Where(c => c.StatusAt(now) == CampaignStatus.Ended).ToList())
        {
            if (await book.DeleteAsync(campaign.Id, cancellation))
            {
                deleted.Add(campaign.Id);
                await audit.AppendAsync(
                    new AuditEntry(PrivacyEndpoints.ActorOf(user), "campaign.delete", campaign.Id, time.GetUtcNow(), new Dictionary<string, string>
                    {
                        ["reason"] = "ended",
                        ["ended_at"] = campaign.EndsAt?.ToString("O", CultureInfo.InvariantCulture) ?? "",
                    }),
                    cancellation);
            }
        }

        return TypedResults.Ok(new DeletedCampaignsResponse(deleted));
    }

    private static CampaignDto ToDto(Campaign campaign, DateTimeOffset now) =>
        new(
            campaign.Id,
            campaign.Name,
            [.. campaign.Boosts.Select(static b => new CampaignBoostDto(ScoreBoost.FieldName(b.Field), b.Value, b.Hide ? null : b.Weight) { Hide = b.Hide ? true : null })],
            campaign.StartsAt,
            campaign.EndsAt,
            campaign.Enabled,
            campaign.StatusAt(now).ToString().ToLowerInvariant(),
            campaign.UpdatedAt)
        {
            Placements = campaign.Placements,
        };
}
