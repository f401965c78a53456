using Microsoft.Extensions.Options;
using Penchant.Core.Data;
using Penchant.Core.Experiments;
using Penchant.Server.Contracts;
using Penchant.Server.Options;
using Penchant.Storage;

namespace Penchant.Server.Services;

/// <summary>
/// The running A/B test's results from the impression log and the events that followed: per variant, the slates
/// served, the share of slates where the shopper then clicked, carted or bought one of the shown items within the
/// window ("clicked"), and the share where they bought one ("converted"); each variant against the control (the first)
/// with the difference, its 95% interval and the two-proportion z-test's p-value. A slate's variant is recomputed
/// from its shopper's pseudonym, as serving assigned it.
/// </summary>
public sealed class ExperimentReportService(IPenchantStore store, IImpressionLog impressions, ImpressionWriter writer, IOptions<ExperimentServerOptions> experiment)
{
    /// <summary>The report over slates served since <paramref name="since"/> (all when null); null when no experiment runs.</summary>
    public async Task<ExperimentReportResponse?> ReportAsync(TimeSpan window, DateTimeOffset? since, CancellationToken cancellation)
    {
        var settings = experiment.Value;
        if (!settings.Enabled)
        {
            return null;
        }

        await writer.FlushAsync(cancellation);
        var slates = new Dictionary<string, (string User, DateTimeOffset Time, HashSet<string> Items)>(StringComparer.Ordinal);
        await foreach (var impression in impressions.StreamImpressionsAsync(since, cancellation))
        {
            if (!slates.TryGetValue(impression.SlateId, out var slate))
            {
                slates[impression.SlateId] = slate = (impression.UserId, impression.Timestamp, new HashSet<string>(StringComparer.Ordinal));
            }

            slate.Items.Add(impression.ItemId);
        }

        var shoppers = slates.Values.Select(static s => s.User).ToHashSet(StringComparer.Ordinal);
        var actions = new Dictionary<string, List<(string Item, EventType Type, DateTimeOffset Time)>>(StringComparer.Ordinal);
        await foreach (var e in store.StreamEventsAsync(cancellation))
        {
            if (e.ItemId is { } item && e.Type is EventType.Click or EventType.AddToCart or EventType.Purchase && shoppers.Contains(e.UserId))
            {
                if (!actions.TryGetValue(e.UserId, out var list))
                {
                    actions[e.UserId] = list = [];
                }

                list.Add((item, e.Type, e.Timestamp));
            }
        }

        var arms = settings.Arms;
        var tallies = arms.ToDictionary(static a => a.Name, static _ => (Shoppers: new HashSet<string>(StringComparer.Ordinal), Slates: 0, Clicked: 0, Converted: 0), StringComparer.Ordinal);
        foreach (var (user, time, items) in slates.Values)
        {
            var arm = ExperimentAssignment.VariantOf(settings.Name!, user, arms).Name;
            var tally = tallies[arm];
            tally.Shoppers.Add(user);
            tally.Slates++;
            var after = actions.GetValueOrDefault(user)?.Where(a => a.Time >= time && a.Time <= time + window && items.Contains(a.Item)).ToList() ?? [];
            tally.Clicked += after.Count > 0 ? 1 : 0;
            tally.Converted += after.Any(static a => a.Type == EventType.Purchase) ? 1 : 0;
            tallies[arm] = tally;
        }

        var control = tallies[arms[0].Name];
        var variants = new List<VariantReportDto>();
        foreach (var (arm, options) in arms.Zip(settings.Variants))
        {
            var t = tallies[arm.Name];
            var compare = arm != arms[0] && t.Slates > 0 && control.Slates > 0;
            variants.Add(new VariantReportDto(
                arm.Name,
                options.Recommender,
                t.Shoppers.Count,
                t.Slates,
                t.Clicked,
                t.Slates > 0 ? (double)t.Clicked / t.Slates : 0,
                t.Converted,
                t.Slates > 0 ? (double)t.Converted / t.Slates : 0)
            {
                ClickVsControl = compare ? Dto(ProportionComparison.Compare(control.Clicked, control.Slates, t.Clicked, t.Slates)) : null,
                ConversionVsControl = compare ? Dto(ProportionComparison.Compare(control.Converted, control.Slates, t.Converted, t.Slates)) : null,
            });
        }

        return new ExperimentReportResponse(settings.Name!, window.TotalHours, variants);
    }

    private static ComparisonDto Dto(ProportionComparison c) =>
        new(Math.Round(c.Difference, 6), Math.Round(c.Lower, 6), Math.Round(c.Upper, 6), Math.Round(c.PValue, 6));
}
