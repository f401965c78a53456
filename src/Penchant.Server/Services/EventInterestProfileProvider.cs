using Microsoft.Extensions.Options;
using Penchant.Server.Contracts;
using Penchant.Server.Options;
using Penchant.Storage;

namespace Penchant.Server.Services;

/// <summary>
/// A profile from the categories and brands of the items in a shopper's events: each event adds its evidence
/// weight, decayed by age, to the item's category path (every level) and brand; weights are normalised to sum
/// to 1 per list. A shopper who withheld profiling consent gets an empty profile.
/// </summary>
public sealed class EventInterestProfileProvider(
    IPenchantStore store,
    CatalogCache catalog,
    IOptions<PenchantServerOptions> options,
    TimeProvider time) : IInterestProfileProvider
{
    private const int MaxEvents = 1000;
    private const int TopInterests = 10;

    public async Task<InterestProfileDto> GetProfileAsync(string userId, CancellationToken cancellation)
    {
        var now = time.GetUtcNow();
        var user = await store.GetUserAsync(userId, cancellation);
        if (user is not null && !user.ConsentOrDefault.Profiling)
        {
            return new InterestProfileDto(userId, 0, [], [], now);
        }

        var events = await store.GetUserEventsAsync(userId, MaxEvents, cancellation);
        var weights = options.Value.Weights();
        var categories = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        var brands = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in events)
        {
            if (e.ItemId is null || !catalog.TryGet(e.ItemId, out var item))
            {
                continue;
            }

            var weight = weights.WeightOf(e.Type, e.Value) * weights.Decay((now - e.Timestamp).TotalDays);
            foreach (var category in item.Categories.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                categories[category] = categories.GetValueOrDefault(category) + weight;
            }

            if (item.Brand is { } brand)
            {
                brands[brand] = brands.GetValueOrDefault(brand) + weight;
            }
        }

        return new InterestProfileDto(userId, events.Count, Normalize(categories), Normalize(brands), now);
    }

    private static List<InterestWeight> Normalize(Dictionary<string, double> totals)
    {
        var positive = totals.Where(static p => p.Value > 0).ToList();
        var sum = positive.Sum(static p => p.Value);
        return [.. positive
            .OrderByDescending(static p => p.Value)
            .ThenBy(static p => p.Key, StringComparer.Ordinal)
            .Take(TopInterests)
            .Select(p => new InterestWeight(p.Key, Math.Round(p.Value / sum, 6)))];
    }
}
