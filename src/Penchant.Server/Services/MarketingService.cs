using Penchant.Core.Audiences;
using Penchant.Core.Privacy.Audit;
using Penchant.Core.Segments;
using Penchant.Server.Contracts;
using Penchant.Server.Privacy;
using Penchant.Storage;

namespace Penchant.Server.Services;

/// <summary>
/// Profiling for marketing, over the trained shoppers whose consent allows it: audiences for brands, categories and
/// ads (the shoppers whose own recommendations rank the target's items highest, <see cref="AudienceBuilder"/>) and
/// shopper segments (groups with a similar mix of interests, <see cref="ShopperSegmenter"/>). Shoppers are named by
/// their pseudonyms, which the shop can compute from its own ids with its key; every call is in the audit log.
/// </summary>
public sealed class MarketingService(IPrivacyStore audit, ServingModel serving, PrivateExportService exports, TimeProvider time)
{
    /// <summary>
    /// The audience of the items of <paramref name="brand"/> and/or <paramref name="category"/>, or of the items
    /// <paramref name="items"/> names (the shoppers to show one product to); null when no item matches, or the serving
    /// model knows none of the items named.
    /// </summary>
    public async Task<AudienceResponse?> BuildAsync(
        string actor, string? brand, string? category, AudienceOptions options, CancellationToken cancellation, IReadOnlyList<string>? items = null)
    {
        var snapshot = serving.Current;
        int[]? target = null;
        if (items is { Count: > 0 })
        {
            // Particular items (a product to launch, an ad's items): those the serving model knows.
            target = [.. items.Select(id => snapshot.Items.IndexOf(id)).Where(static i => i >= 0).Distinct().Order()];
        }

        if (brand is not null)
        {
            var ofBrand = snapshot.ItemsByBrand.GetValueOrDefault(brand) ?? [];
            target = target is null ? ofBrand : [.. target.Intersect(ofBrand)];
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

        // One chosen item is named by its title, several by their number.
        var single = items is { Count: > 0 } && target.Length == 1 ? $"\"{snapshot.ItemAt(target[0])?.Title ?? snapshot.Items[target[0]]}\"" : null;
        var name = items is { Count: > 0 } ? single ?? $"{target.Length} chosen" : string.Join(" in ", new[] { brand, category }.OfType<string>());
        var members = new List<AudienceMemberDto>();
        int eligible = 0, refused = 0;
        if (snapshot.Model is { } model && snapshot.TrainingData is { } data)
        {
            var (allowed, eligibleCount, refusedCount) = await ConsentingAsync(data, cancellation);
            eligible = eligibleCount;
            refused = refusedCount;
            var audience = await Task.Run(() => new AudienceBuilder(options).Build(model, data, target, u => allowed[u], cancellation), cancellation);
            foreach (var m in audience)
            {
                members.Add(new AudienceMemberDto(
                    data.Users[m.User],
                    Math.Round(m.Affinity, 6),
                    m.TargetInTop,
                    m.BestRank,
                    m.TookTarget,
                    (single is not null
                        ? $"{single} at rank {m.BestRank} of their top {options.Depth} recommendations" + (m.TookTarget ? "; already took it" : "")
                        : $"{m.TargetInTop} of the {name} items in their top {options.Depth} recommendations, the best at rank {m.BestRank}"
                            + (m.TookTarget ? "; already took one" : ""))));
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

    /// <summary>
    /// Segments of the consenting trained shoppers by their mix of interest clusters (leaf categories when there are
    /// no clusters); members by pseudonym only when <paramref name="withMembers"/>.
    /// </summary>
    public async Task<SegmentsResponse> SegmentsAsync(string actor, SegmentOptions options, bool withMembers, CancellationToken cancellation)
    {
        var snapshot = serving.Current;
        var by = snapshot.Clusters is not null ? "interest clusters" : "categories";
        var (found, users, eligible, refused) = await FitSegmentsAsync(snapshot, options, cancellation);
        var segments = found.Select(s => new SegmentDto(
            s.Id,
            s.Label,
            s.Members.Count,
            [.. s.TopInterests.Select(static t => new SegmentInterestDto(t.Interest, t.Share))],
            withMembers ? [.. s.Members.Select(u => users![u])] : null)).ToList();

        await audit.AppendAsync(
            new AuditEntry(actor, "export.segments", by, time.GetUtcNow(), new Dictionary<string, string>
            {
                ["segments"] = segments.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["members"] = withMembers ? "true" : "false",
                ["model_version"] = snapshot.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }),
            cancellation);
        return new SegmentsResponse(snapshot.Version, by, eligible, refused, segments);
    }

    /// <summary>
    /// The sizes of the segments, released with differential privacy: each consenting shopper counts once, in their
    /// segment's label; the budget of <paramref name="actor"/> is spent as for the other exports.
    /// </summary>
    public async Task<Penchant.Core.Privacy.DifferentialPrivacy.PrivateHistogram<string>> PrivateSegmentSizesAsync(
        string actor, SegmentOptions options, Penchant.Core.Privacy.DifferentialPrivacy.PrivacyCost cost, CancellationToken cancellation)
    {
        var (found, users, _, _) = await FitSegmentsAsync(serving.Current, options, cancellation);
        var contributions = found.SelectMany(s => s.Members.Select(u => (users![u], s.Label)));
        return await exports.HistogramAsync(actor, "export.segments-private", contributions, cost, cancellation);
    }

    // The segments of the snapshot's consenting shoppers, with the user map they index and the consent counts.
    private async Task<(IReadOnlyList<ShopperSegment> Segments, Penchant.Core.Data.IdMap? Users, int Eligible, int Refused)> FitSegmentsAsync(
        ServingSnapshot snapshot, SegmentOptions options, CancellationToken cancellation)
    {
        if (snapshot.TrainingData is not { } data)
        {
            return ([], null, 0, 0);
        }

        var (allowed, eligible, refused) = await ConsentingAsync(data, cancellation);
        var (interestOf, interests) = Interests(snapshot);
        var found = await Task.Run(
            () => new ShopperSegmenter(options).Fit(data, interestOf, interests, seed: 42, u => allowed[u], cancellation),
            cancellation);
        return (found, data.Users, eligible, refused);
    }

    // Each item's interest: its interest cluster, or without clusters its leaf category.
    private static (int[] InterestOf, string[] Interests) Interests(ServingSnapshot snapshot)
    {
        var interestOf = new int[snapshot.ItemCount];
        if (snapshot.Clusters is { } clusters)
        {
            for (var i = 0; i < interestOf.Length; i++)
            {
                interestOf[i] = clusters.ClusterOf(i);
            }

            return (interestOf, [.. snapshot.ClusterLabels]);
        }

        Array.Fill(interestOf, -1);
        var leaves = snapshot.ItemsByLeafCategory.Keys.Order(StringComparer.OrdinalIgnoreCase).ToArray();
        for (var g = 0; g < leaves.Length; g++)
        {
            foreach (var i in snapshot.ItemsByLeafCategory[leaves[g]])
            {
                interestOf[i] = g;
            }
        }

        return (interestOf, leaves);
    }

    // Which trained shoppers may be profiled: not erased, and consenting (or unknown where the policy allows that).
    private async Task<(bool[] Allowed, int Eligible, int Refused)> ConsentingAsync(Penchant.Core.Data.InteractionData data, CancellationToken cancellation)
    {
        var mayProfile = await exports.ProfilingAllowedAsync(cancellation);
        var allowed = new bool[data.UserCount];
        int eligible = 0, refused = 0;
        for (var u = 0; u < allowed.Length; u++)
        {
            var id = data.Users[u];
            if (id.StartsWith(ServingSnapshot.ErasedPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            allowed[u] = mayProfile(id);
            if (allowed[u])
            {
                eligible++;
            }
            else
            {
                refused++;
            }
        }

        return (allowed, eligible, refused);
    }
}
