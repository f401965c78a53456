using Penchant.Core.Audiences;
using Penchant.Core.Privacy.Audit;
using Penchant.Server.Contracts;
using Penchant.Server.Privacy;
using Penchant.Storage;

namespace Penchant.Server.Services;

/// <summary>
/// Audiences for brands, categories and ads: the trained shoppers whose own recommendations rank the target's items
/// highest (<see cref="AudienceBuilder"/>), among those whose consent allows profiling. Shoppers are named by their
/// pseudonyms, which the shop can compute from its own ids with its key; every audience built is in the audit log.
/// </summary>
public sealed class AudienceService(IPenchantStore store, IPrivacyStore audit, ServingModel serving, PrivateExportService exports, TimeProvider time)
{
    /// <summary>The audience of the items of <paramref name="brand"/> and/or <paramref name="category"/>; null when no item matches.</summary>
    public async Task<AudienceResponse?> BuildAsync(
        string actor, string? brand, string? category, AudienceOptions options, CancellationToken cancellation)
    {
        var snapshot = serving.Current;
        int[]? target = null;
        if (brand is not null)
        {
            target = snapshot.ItemsByBrand.GetValueOrDefault(brand) ?? [];
        }

        if (category is not null)
        {
            var inCategory = snapshot.ItemsByCategory.GetValueOrDefault(category) ?? [];
            target = target is null ? inCategory : [.. target.Intersect(inCategory)];
        }

        if (target is null || target.Length == 0)
        {
            return null;
        }

        var name = string.Join(" in ", new[] { brand, category }.OfType<string>());
        var members = new List<AudienceMemberDto>();
        int eligible = 0, refused = 0;
        if (snapshot.Model is { } model && snapshot.TrainingData is { } data)
        {
            var policy = exports.Consent;
            var refusedIds = new HashSet<string>(StringComparer.Ordinal);
            var known = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var user in store.StreamUsersAsync(cancellation))
            {
                known.Add(user.Id);
                if (!policy.MayProfile(user.Consent))
                {
                    refusedIds.Add(user.Id);
                }
            }

            var unknownAllowed = policy.MayProfile(null);
            var allowed = new bool[data.UserCount];
            for (var u = 0; u < allowed.Length; u++)
            {
                var id = data.Users[u];
                allowed[u] = !id.StartsWith(ServingSnapshot.ErasedPrefix, StringComparison.Ordinal)
                    && !refusedIds.Contains(id) && (unknownAllowed || known.Contains(id));
                if (allowed[u])
                {
                    eligible++;
                }
                else
                {
                    refused++;
                }
            }

            var audience = await Task.Run(() => new AudienceBuilder(options).Build(model, data, target, u => allowed[u], cancellation), cancellation);
            foreach (var m in audience)
            {
                members.Add(new AudienceMemberDto(
                    data.Users[m.User],
                    Math.Round(m.Affinity, 6),
                    m.TargetInTop,
                    m.BestRank,
                    m.TookTarget,
                    $"{m.TargetInTop} of the {name} items in their top {options.Depth} recommendations, the best at rank {m.BestRank}"
                    + (m.TookTarget ? "; already took one" : "")));
            }
        }

        await audit.AppendAsync(
            new AuditEntry(actor, "export.audience-members", name, time.GetUtcNow(), new Dictionary<string, string>
            {
                ["shoppers"] = members.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["prospects_only"] = options.ProspectsOnly ? "true" : "false",
                ["model_version"] = snapshot.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }),
            cancellation);
        return new AudienceResponse(name, snapshot.Version, target.Length, eligible, refused, members);
    }
}
