using Microsoft.Extensions.Options;
using Penchant.Core.Data;
using Penchant.Core.Experiments;
using Penchant.Server.Contracts;
using Penchant.Server.Options;
using Penchant.Storage;

namespace Penchant.Server.Services;

/// <summary>
/// What was served and what shoppers did next, from the impression log and the events that followed: the online
/// evaluation (<see cref="OnlineAsync"/>: slates' click and conversion rates, explore slots against exploit slots), and
/// each A/B test's results: per variant, the slates served to the shoppers in the test, the share of slates where the
/// shopper then clicked, carted or bought one of the shown items within the window ("clicked"), the share where they
/// bought one ("converted") and what those purchases brought in per slate (each action credited to one slate, the
/// latest that showed the item: <see cref="Credit"/>); each variant against the control (the
/// first) with the difference, its 95% interval and p-value for one look, and the interval and p-value that hold at
/// every look, all taken over shoppers (the unit randomised; <see cref="RatioComparison"/>). A slate's variant is
/// recomputed from its shopper's pseudonym, as serving assigned it.
/// </summary>
public sealed class OnlineReportService(
    IPenchantStore store, IImpressionLog impressions, ImpressionWriter writer, ExperimentRouter experiments, ServingModel serving, CatalogCache catalog, IOptions<ExperimentsServerOptions> settings, TimeProvider clock)
{
    /// <summary>
    /// The report of experiment <paramref name="name"/> (the first when null) over slates served since
    /// <paramref name="since"/> (all when null); null when no such experiment runs.
    /// </summary>
    public async Task<ExperimentReportResponse?> ReportAsync(string? name, TimeSpan window, DateTimeOffset? since, CancellationToken cancellation) =>
        await ReportAsync(name, window, since, null, cancellation);

    /// <summary>
    /// The report as above over the slates served for <paramref name="placement"/> only (null: every slate), for a test
    /// read where it matters: a change to the home page's list judged by the home page's slates.
    /// </summary>
    public async Task<ExperimentReportResponse?> ReportAsync(string? name, TimeSpan window, DateTimeOffset? since, string? placement, CancellationToken cancellation)
    {
        var experiment = name is null ? experiments.Experiments.FirstOrDefault() : experiments.Find(name);
        if (experiment is null)
        {
            return null;
        }

        var (slates, actions, placements) = await ServedAsync(since, TimeSpan.FromDays(settings.Value.ExperimentCovariateDays), cancellation);
        var credited = Credit(slates, actions, window);
        return Report(experiment, window, Only(slates, placements, placement), actions, credited) with { Placement = placement };
    }

    /// <summary>Every experiment's report, in the configured order, over one read of the log; empty when none runs.</summary>
    public async Task<IReadOnlyList<ExperimentReportResponse>> ReportsAsync(TimeSpan window, DateTimeOffset? since, CancellationToken cancellation) =>
        await ReportsAsync(window, since, null, cancellation);

    /// <summary>Every experiment's report as above, over the slates served for <paramref name="placement"/> only (null: every slate).</summary>
    public async Task<IReadOnlyList<ExperimentReportResponse>> ReportsAsync(TimeSpan window, DateTimeOffset? since, string? placement, CancellationToken cancellation)
    {
        if (!experiments.Any)
        {
            return [];
        }

        var (slates, actions, placements) = await ServedAsync(since, TimeSpan.FromDays(settings.Value.ExperimentCovariateDays), cancellation);
        var credited = Credit(slates, actions, window); // the same for every experiment
        var counted = Only(slates, placements, placement);
        return [.. experiments.Experiments.Select(e => Report(e, window, counted, actions, credited) with { Placement = placement })];
    }

    /// <summary>
    /// The slates served for <paramref name="placement"/> (all when null). Actions are credited over every slate first,
    /// so a click goes to the slate that last showed the item wherever it was, and a slate elsewhere is not credited
    /// with it here.
    /// </summary>
    private static Dictionary<string, (string User, DateTimeOffset Time, List<(string Item, bool Explore)> Shown)> Only(
        Dictionary<string, (string User, DateTimeOffset Time, List<(string Item, bool Explore)> Shown)> slates, Dictionary<string, string> placements, string? placement) =>
        placement is null
            ? slates
            : slates.Where(s => placements.TryGetValue(s.Key, out var p) && p == placement).ToDictionary(static s => s.Key, static s => s.Value, StringComparer.Ordinal);

    private ExperimentReportResponse Report(
        ExperimentServerOptions experiment,
        TimeSpan window,
        Dictionary<string, (string User, DateTimeOffset Time, List<(string Item, bool Explore)> Shown)> slates,
        Dictionary<string, List<(string Item, EventType Type, DateTimeOffset Time, double? Value, decimal? Price)>> actions,
        Dictionary<string, List<(string Item, EventType Type, DateTimeOffset Time, double? Value, decimal? Price)>> credited)
    {
        var name = experiment.Name!;

        // Per variant, per shopper: slates, slates clicked after, slates bought after, revenue. The shopper is the unit
        // that was randomised, so the comparisons take their variance over shoppers (RatioComparison).
        var tallies = experiment.Variants.ToDictionary(
            static v => v.Name, static _ => new Dictionary<string, (int Slates, int Clicked, int Converted, double Revenue, DateTimeOffset First)>(StringComparer.Ordinal), StringComparer.Ordinal);
        var armOf = new Dictionary<string, string?>(StringComparer.Ordinal); // a shopper's arm, hashed once however many slates they got
        foreach (var (slateId, (user, time, _)) in slates)
        {
            // Only slates served while it ran, to the shoppers in it (its layer's share of them), in the arm serving gave them.
            if (!armOf.TryGetValue(user, out var arm))
            {
                armOf[user] = arm = experiments.Plan.VariantOf(name, user);
            }

            if (arm is null || !experiment.RunsAt(time))
            {
                continue;
            }

            var after = credited.GetValueOrDefault(slateId) ?? [];
            var shopper = tallies[arm].TryGetValue(user, out var known) ? known : (Slates: 0, Clicked: 0, Converted: 0, Revenue: 0.0, First: time);
            tallies[arm][user] = (
                shopper.Slates + 1,
                shopper.Clicked + (after.Count > 0 ? 1 : 0),
                shopper.Converted + (after.Any(static a => a.Type == EventType.Purchase) ? 1 : 0),
                shopper.Revenue + after.Where(static a => a.Type == EventType.Purchase).Sum(a => RevenueOf(a.Item, a.Value, a.Price)),
                time < shopper.First ? time : shopper.First);
        }

        // Per shopper, what they did in the days before their first slate in the test (events of every kind; purchases;
        // spending): the covariates of the adjusted comparisons. The treatment cannot have touched them.
        var lookBack = TimeSpan.FromDays(settings.Value.ExperimentCovariateDays);
        var adjust = lookBack > TimeSpan.Zero;
        var summaries = tallies.ToDictionary(
            static p => p.Key,
            p => p.Value.Aggregate(
                (Clicks: default(RatioSummary), Conversions: default(RatioSummary), Revenue: default(RatioSummary),
                 ClicksX: default(CovariateSums), ConversionsX: default(CovariateSums), RevenueX: default(CovariateSums)),
                (s, shopper) =>
                {
                    var u = shopper.Value;
                    var before = adjust
                        ? actions.GetValueOrDefault(shopper.Key)?.Where(a => a.Time < u.First && a.Time >= u.First - lookBack).ToList() ?? []
                        : [];
                    var bought = before.Where(static a => a.Type == EventType.Purchase).ToList();
                    return (
                        s.Clicks.Add(u.Clicked, u.Slates), s.Conversions.Add(u.Converted, u.Slates), s.Revenue.Add(u.Revenue, u.Slates),
                        s.ClicksX.Add(before.Count, u.Clicked, u.Slates),
                        s.ConversionsX.Add(bought.Count, u.Converted, u.Slates),
                        s.RevenueX.Add(bought.Sum(a => RevenueOf(a.Item, a.Value, a.Price)), u.Revenue, u.Slates));
                }),
            StringComparer.Ordinal);
        var served = serving.Current.Recommender;
        var control = summaries[experiment.Variants[0].Name];
        var rateScale = settings.Value.ExperimentMixtureScale;
        var revenueScale = experiment.RevenueMixtureScale;
        var variants = new List<VariantReportDto>();
        foreach (var options in experiment.Variants)
        {
            var t = summaries[options.Name];
            var compare = options != experiment.Variants[0] && t.Clicks.Units >= 2 && control.Clicks.Units >= 2;
            var slatesServed = (int)t.Clicks.Denominator;
            variants.Add(new VariantReportDto(
                options.Name,
                experiments.RecommenderOf(experiment, options, served),
                (int)t.Clicks.Units,
                slatesServed,
                (int)t.Clicks.Numerator,
                t.Clicks.Ratio,
                (int)t.Conversions.Numerator,
                t.Conversions.Ratio)
            {
                ExploreShare = options.ExploreShare,
                Revenue = Math.Round(t.Revenue.Numerator, 2),
                RevenuePerSlate = Math.Round(t.Revenue.Ratio, 4),
                RevenueVsControl = compare && (control.Revenue.Numerator > 0 || t.Revenue.Numerator > 0)
                    ? Compare(control.Revenue, t.Revenue, adjust ? (control.RevenueX, t.RevenueX) : null, revenueScale ?? RevenueScale(control.Revenue, t.Revenue), rate: false)
                    : null,
                ClickVsControl = compare ? Compare(control.Clicks, t.Clicks, adjust ? (control.ClicksX, t.ClicksX) : null, rateScale, rate: true) : null,
                ConversionVsControl = compare ? Compare(control.Conversions, t.Conversions, adjust ? (control.ConversionsX, t.ConversionsX) : null, rateScale, rate: true) : null,
            });
        }

        var definition = experiments.Plan.Find(name)!;
        long[] seen = [.. experiment.Variants.Select(v => summaries[v.Name].Clicks.Units)];
        var ratio = SampleRatioTest.Check(seen, [.. experiment.Variants.Select(static v => v.Share)]);
        for (var i = 1; i < variants.Count; i++)
        {
            var v = variants[i];
            var primary = experiment.PrimaryMetric switch
            {
                "conversion" => v.ConversionVsControl,
                "revenue" => v.RevenueVsControl,
                _ => v.ClickVsControl,
            };
            variants[i] = v with
            {
                Verdict = ratio.Mismatch ? "not trustworthy: sample ratio mismatch"
                    : primary is null ? "no difference found yet"
                    : primary.AnytimeLower > 0 ? "better"
                    : primary.AnytimeUpper < 0 ? "worse"
                    : "no difference found yet",
            };
        }

        return new ExperimentReportResponse(name, window.TotalHours, variants)
        {
            SampleRatio = seen.Sum() > 0
                ? new SampleRatioDto(seen, [.. ratio.Expected.Select(static e => Math.Round(e, 2))], Math.Round(ratio.PValue, 6), ratio.Mismatch)
                : null,
            Layer = definition.Layer,
            Traffic = definition.Traffic,
            Start = experiment.Start,
            End = experiment.End,
            Running = experiment.RunsAt(clock.GetUtcNow()),
            RevenueMixtureScale = revenueScale,
        };
    }

    /// <summary>
    /// Online evaluation of everything served since <paramref name="since"/>, with or without an experiment: the slates,
    /// the share after which the shopper clicked, carted or bought a shown item within the window, and the share after
    /// which they bought one; then per slot, explore slots against exploit slots: how many items were shown and how many
    /// of them the shopper then took, with the difference of the two rates, its interval and p-value.
    /// </summary>
    public async Task<OnlineReportResponse> OnlineAsync(TimeSpan window, DateTimeOffset? since, CancellationToken cancellation)
    {
        var (slates, actions, placements) = await ServedAsync(since, TimeSpan.Zero, cancellation);
        var credited = Credit(slates, actions, window);
        int clicked = 0, converted = 0;
        var byPlacement = new Dictionary<string, (int Slates, int Clicked, int Converted, double Revenue, HashSet<string> Shoppers)>(StringComparer.Ordinal);

        // Per shopper: exploit slots taken and shown, explore slots taken and shown.
        var perShopper = new Dictionary<string, (long ExploitTaken, long ExploitShown, long ExploreTaken, long ExploreShown)>(StringComparer.Ordinal);
        foreach (var (slateId, (user, _, shown)) in slates)
        {
            var after = credited.GetValueOrDefault(slateId) ?? [];
            var taken = after.Select(static a => a.Item).ToHashSet(StringComparer.Ordinal);
            var click = after.Count > 0 ? 1 : 0;
            var bought = after.Any(static a => a.Type == EventType.Purchase) ? 1 : 0;
            clicked += click;
            converted += bought;

            // Slates without a placement are kept under "" here and reported with a null placement.
            var key = placements.GetValueOrDefault(slateId) ?? "";
            var place = byPlacement.TryGetValue(key, out var known) ? known : (Slates: 0, Clicked: 0, Converted: 0, Revenue: 0.0, Shoppers: new HashSet<string>(StringComparer.Ordinal));
            place.Shoppers.Add(user);
            byPlacement[key] = (place.Slates + 1, place.Clicked + click, place.Converted + bought,
                place.Revenue + after.Where(static a => a.Type == EventType.Purchase).Sum(a => RevenueOf(a.Item, a.Value, a.Price)), place.Shoppers);
            var mine = perShopper.GetValueOrDefault(user);
            foreach (var (item, explore) in shown)
            {
                var took = taken.Contains(item) ? 1 : 0;
                mine = explore
                    ? mine with { ExploreTaken = mine.ExploreTaken + took, ExploreShown = mine.ExploreShown + 1 }
                    : mine with { ExploitTaken = mine.ExploitTaken + took, ExploitShown = mine.ExploitShown + 1 };
            }

            perShopper[user] = mine;
        }

        // Explore against exploit over the shoppers, paired: one shopper's two kinds of slot go together.
        var paired = new PairedRatios();
        long exploitShown = 0, exploitTaken = 0, exploreShown = 0, exploreTaken = 0;
        foreach (var (a, b, c, d) in perShopper.Values)
        {
            paired.Add(a, b, c, d);
            (exploitTaken, exploitShown, exploreTaken, exploreShown) = (exploitTaken + a, exploitShown + b, exploreTaken + c, exploreShown + d);
        }

        var n = slates.Count;
        return new OnlineReportResponse(
            window.TotalHours,
            n,
            perShopper.Count,
            n > 0 ? (double)clicked / n : 0,
            n > 0 ? (double)converted / n : 0,
            new SlotReportDto(exploitShown, exploitTaken, exploitShown > 0 ? (double)exploitTaken / exploitShown : 0),
            new SlotReportDto(exploreShown, exploreTaken, exploreShown > 0 ? (double)exploreTaken / exploreShown : 0))
        {
            ExploreVsExploit = exploitShown > 0 && exploreShown > 0 && paired.CompareSecondToFirst(settings.Value.ExperimentMixtureScale) is { } comparison ? Dto(comparison, rate: true) : null,
            Placements = [.. byPlacement
                .OrderByDescending(static p => p.Value.Slates).ThenBy(static p => p.Key, StringComparer.Ordinal)
                .Select(static p => new PlacementReportDto(
                    p.Key.Length == 0 ? null : p.Key,
                    p.Value.Slates,
                    p.Value.Shoppers.Count,
                    (double)p.Value.Clicked / p.Value.Slates,
                    (double)p.Value.Converted / p.Value.Slates,
                    p.Value.Revenue / p.Value.Slates))],
        };
    }

    /// <summary>
    /// Last-touch attribution: each click, cart or purchase of an item goes to the shopper's latest slate that showed the
    /// item at or before it and no longer ago than <paramref name="window"/>, so an action counts once however many
    /// slates showed the item (a shopper who sees the same item on every page view and buys it once converts one slate,
    /// not all of them). Returns the actions credited to each slate, keyed by slate id.
    /// </summary>
    private static Dictionary<string, List<(string Item, EventType Type, DateTimeOffset Time, double? Value, decimal? Price)>> Credit(
        Dictionary<string, (string User, DateTimeOffset Time, List<(string Item, bool Explore)> Shown)> slates,
        Dictionary<string, List<(string Item, EventType Type, DateTimeOffset Time, double? Value, decimal? Price)>> actions,
        TimeSpan window)
    {
        var credited = new Dictionary<string, List<(string Item, EventType Type, DateTimeOffset Time, double? Value, decimal? Price)>>(StringComparer.Ordinal);

        // Each acting shopper's slates, oldest first (ties by id, so that the choice does not depend on the log's order).
        var byShopper = new Dictionary<string, List<(DateTimeOffset Time, string Id, HashSet<string> Items)>>(StringComparer.Ordinal);
        foreach (var (id, (user, time, shown)) in slates)
        {
            if (actions.ContainsKey(user))
            {
                if (!byShopper.TryGetValue(user, out var list))
                {
                    byShopper[user] = list = [];
                }

                list.Add((time, id, shown.Select(static i => i.Item).ToHashSet(StringComparer.Ordinal)));
            }
        }

        foreach (var (user, list) in byShopper)
        {
            list.Sort(static (a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : string.CompareOrdinal(a.Id, b.Id));
            foreach (var action in actions[user])
            {
                if (action.Type is not (EventType.Click or EventType.AddToCart or EventType.Purchase))
                {
                    continue; // views, searches, ratings and the like take nothing shown
                }

                for (var s = list.Count - 1; s >= 0; s--)
                {
                    var (time, id, items) = list[s];
                    if (time > action.Time)
                    {
                        continue;
                    }

                    if (action.Time > time + window)
                    {
                        break; // every earlier slate is further away still
                    }

                    if (items.Contains(action.Item))
                    {
                        if (!credited.TryGetValue(id, out var taken))
                        {
                            credited[id] = taken = [];
                        }

                        taken.Add(action);
                        break;
                    }
                }
            }
        }

        return credited;
    }

    /// <summary>
    /// The slates in the impression log since <paramref name="since"/> (queued ones written first), each with its shopper,
    /// time and shown items (and whether each was an explore slot); and every event of those shoppers from
    /// <paramref name="lookBack"/> before the first slate on (the time before it for the adjusted comparisons); and each
    /// slate's placement, where its request named one.
    /// </summary>
    private async Task<(Dictionary<string, (string User, DateTimeOffset Time, List<(string Item, bool Explore)> Shown)> Slates, Dictionary<string, List<(string Item, EventType Type, DateTimeOffset Time, double? Value, decimal? Price)>> Actions, Dictionary<string, string> Placements)> ServedAsync(
        DateTimeOffset? since, TimeSpan lookBack, CancellationToken cancellation)
    {
        await writer.FlushAsync(cancellation);
        var slates = new Dictionary<string, (string User, DateTimeOffset Time, List<(string Item, bool Explore)> Shown)>(StringComparer.Ordinal);
        var placements = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var impression in impressions.StreamImpressionsAsync(since, cancellation))
        {
            if (!slates.TryGetValue(impression.SlateId, out var slate))
            {
                slates[impression.SlateId] = slate = (impression.UserId, impression.Timestamp, []);
                if (impression.Placement is { } placement)
                {
                    placements[impression.SlateId] = placement;
                }
            }

            slate.Shown.Add((impression.ItemId, impression.Explore));
        }

        var actions = new Dictionary<string, List<(string Item, EventType Type, DateTimeOffset Time, double? Value, decimal? Price)>>(StringComparer.Ordinal);
        if (slates.Count == 0)
        {
            return (slates, actions, placements);
        }

        // Only what the served shoppers did since the first slate: read by shopper, not by scanning every event.
        var shoppers = slates.Values.Select(static s => s.User).ToHashSet(StringComparer.Ordinal);
        var first = slates.Values.Min(static s => s.Time);
        await foreach (var e in store.StreamUserEventsSinceAsync(shoppers, first - lookBack, cancellation))
        {
            // Every event: clicks, carts and purchases are credited to slates (Credit); all of them count as activity
            // before a shopper's first slate.
            if (!actions.TryGetValue(e.UserId, out var list))
            {
                actions[e.UserId] = list = [];
            }

            list.Add((e.ItemId ?? "", e.Type, e.Timestamp, e.Value, e.Price));
        }

        return (slates, actions, placements);
    }

    // What a purchase of `item` brought in: the unit price paid (the event's price; the catalogue's today where the shop
    // sent none) times the quantity (1 when none is given); 0 without either price.
    private double RevenueOf(string item, double? quantity, decimal? paid) =>
        (paid ?? (catalog.TryGet(item, out var found) ? found.Price : null)) is { } price ? (double)price * (quantity is > 0 and var q ? q : 1) : 0;

    // τ for revenue per slate: a tenth of the pooled standard deviation of one slate's revenue (none while nobody bought).
    private static double RevenueScale(RatioSummary control, RatioSummary treatment)
    {
        var pooled = Math.Sqrt(
            ((control.UnitDeviation * control.UnitDeviation * (control.Units - 1)) + (treatment.UnitDeviation * treatment.UnitDeviation * (treatment.Units - 1)))
            / (control.Units + treatment.Units - 2));
        return pooled > 0 ? 0.1 * pooled : 0;
    }

    // Null when there is nothing to compare (no revenue in either arm yet). With covariates, adjusted for what the
    // shoppers did before the test (CUPED), and the share of variance that took out.
    private static ComparisonDto? Compare(RatioSummary control, RatioSummary treatment, (CovariateSums Control, CovariateSums Treatment)? covariates, double scale, bool rate)
    {
        if (!(scale > 0))
        {
            return null;
        }

        if (covariates is not { } x)
        {
            return Dto(RatioComparison.Compare(control, treatment, scale), rate);
        }

        var (comparison, reduction) = RatioComparison.CompareAdjusted(control, treatment, x.Control, x.Treatment, scale);
        return Dto(comparison, rate) with { VarianceReduction = Math.Round(reduction, 4) };
    }

    // A comparison as the API gives it; a rate's intervals are kept within [-1, 1].
    private static ComparisonDto Dto(RatioComparison c, bool rate)
    {
        var (low, high) = rate ? (-1.0, 1.0) : (double.MinValue, double.MaxValue);
        return new ComparisonDto(
            Math.Round(c.Difference, 6), Math.Round(Math.Clamp(c.Lower, low, high), 6), Math.Round(Math.Clamp(c.Upper, low, high), 6), Math.Round(c.PValue, 6))
        {
            AnytimeLower = Math.Round(Math.Clamp(c.AnytimeLower, low, high), 6),
            AnytimeUpper = Math.Round(Math.Clamp(c.AnytimeUpper, low, high), 6),
            AnytimePValue = Math.Round(c.AnytimePValue, 6),
        };
    }
}
