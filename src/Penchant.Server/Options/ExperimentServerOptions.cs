using System.Globalization;
using Penchant.Core.Experiments;

namespace Penchant.Server.Options;

/// <summary>
/// One online A/B test (section <c>Penchant:Experiment</c>, or an entry of <c>Penchant:Experiments</c>): each shopper
/// in it is in one variant, fixed by a hash of the experiment's name and their pseudonym, and gets recommendations from
/// that variant's recommender, with that variant's share of explore slots when it sets one. Several experiments run at
/// once in layers (<see cref="ExperimentsServerOptions"/>). Off without a <see cref="Name"/>.
/// </summary>
public sealed class ExperimentServerOptions
{
    /// <summary>The experiment's name; a new name reshuffles every shopper.</summary>
    public string? Name { get; set; }

    /// <summary>The arms; the first is the control the others are compared with.</summary>
    public List<ExperimentVariantOptions> Variants { get; set; } = [];

    /// <summary>
    /// The layer it runs in (default <see cref="ExperimentsServerOptions.DefaultLayer"/>, shared by every experiment
    /// that names none): experiments of one layer take disjoint shares of the shoppers, experiments of different layers
    /// overlap independently.
    /// </summary>
    public string? Layer { get; set; }

    /// <summary>
    /// The share of all shoppers in it, above 0 and at most 1; by default an equal part of what its layer's
    /// experiments with a share leave (so one experiment alone takes every shopper).
    /// </summary>
    public double? Traffic { get; set; }

    /// <summary>When it starts (UTC offset given, e.g. <c>2026-12-07T00:00:00Z</c>); null: it runs from the start.</summary>
    public DateTimeOffset? Start { get; set; }

    /// <summary>When it ends; null: it runs until it is removed. Outside [Start, End) nobody is in it, and its report counts only slates served inside.</summary>
    public DateTimeOffset? End { get; set; }

    /// <summary>
    /// τ of the anytime-valid revenue comparison, in currency per slate (above 0): the size of difference in revenue per
    /// slate the test is tuned to find, fixed before it starts, which is what keeps the anytime figures valid at every
    /// read. Null: a tenth of the pooled standard deviation of a shopper's revenue per slate, estimated at each read
    /// from the data (close, but not exactly valid, since the data then choose τ).
    /// </summary>
    public double? RevenueMixtureScale { get; set; }

    /// <summary>The metric its verdicts are read on: <c>click</c> (the default), <c>conversion</c> or <c>revenue</c>.</summary>
    public string PrimaryMetric { get; set; } = "click";

    /// <summary>Whether it runs at <paramref name="now"/>.</summary>
    public bool RunsAt(DateTimeOffset now) => (Start is null || now >= Start) && (End is null || now < End);

    /// <summary>Whether it is configured (it has a name).</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Name);

    /// <summary>The arms for <see cref="ExperimentAssignment"/>.</summary>
    public IReadOnlyList<Variant> Arms => [.. Variants.Select(static v => new Variant(v.Name, v.Share))];

    /// <summary>
    /// Whether it decides the shoppers' recommender: a variant names one other than <paramref name="configured"/>
    /// (<c>Penchant:Recommender</c>).
    /// </summary>
    public bool SetsRecommender(string configured) =>
        Variants.Any(v => !string.IsNullOrWhiteSpace(v.Recommender) && !string.Equals(v.Recommender, configured, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// What it decides for its shoppers, in words: "the recommender", "the explore share", "the popularity blend",
    /// "the session boost", "the impression fatigue", "the campaigns", "the search personalisation". Two tests that decide one of them must share a layer.
    /// </summary>
    public IReadOnlyList<string> Decides(string configured) =>
    [
        .. SetsRecommender(configured) ? ["the recommender"] : Array.Empty<string>(),
        .. Variants.Any(static v => v.ExploreShare is not null) ? ["the explore share"] : Array.Empty<string>(),
        .. Variants.Any(static v => v.PopularityBlend is not null) ? ["the popularity blend"] : Array.Empty<string>(),
        .. Variants.Any(static v => v.SessionBoost is not null) ? ["the session boost"] : Array.Empty<string>(),
        .. Variants.Any(static v => v.ImpressionFatigue is not null) ? ["the impression fatigue"] : Array.Empty<string>(),
        .. Variants.Any(static v => v.Campaigns is not null) ? ["the campaigns"] : Array.Empty<string>(),
        .. Variants.Any(static v => v.SearchPersonalWeight is not null) ? ["the search personalisation"] : Array.Empty<string>(),
        .. Variants.Any(static v => v.SearchEngagementWeight is not null) ? ["what search learns from behaviour"] : Array.Empty<string>(),
    ];
}

/// <summary>One arm of an experiment.</summary>
public sealed class ExperimentVariantOptions
{
    /// <summary>The arm's name, e.g. "control".</summary>
    public string Name { get; set; } = "";

    /// <summary>The recommender it serves, by registry name (e.g. "itemknn", "ease"); empty: <c>Penchant:Recommender</c>'s.</summary>
    public string Recommender { get; set; } = "";

    /// <summary>Its share of the experiment's shoppers, relative to the other arms' (1 and 1: half each).</summary>
    public double Share { get; set; } = 1;

    /// <summary>
    /// The share of explore slots its shoppers get when a request names none (0 to <c>Exploration:MaxShare</c>); null
    /// keeps <c>Exploration:Share</c>. Two arms with the same recommender and different shares test exploration
    /// itself: whether new interests cost clicks and purchases.
    /// </summary>
    public double? ExploreShare { get; set; }

    /// <summary>Its shoppers' <c>PopularityBlend</c> (0 or more); null keeps the server's.</summary>
    public double? PopularityBlend { get; set; }

    /// <summary>Its shoppers' <c>SessionBoost</c> (0 or more); null keeps the server's.</summary>
    public double? SessionBoost { get; set; }

    /// <summary>Its shoppers' <c>ImpressionFatigue</c> (0 or more); null keeps the server's.</summary>
    public double? ImpressionFatigue { get; set; }

    /// <summary>
    /// False serves its shoppers' recommendations without the stored merchandising campaigns (a holdout: what the
    /// campaigns gain or cost); null or true keeps them.
    /// </summary>
    public bool? Campaigns { get; set; }

    /// <summary>
    /// Its shoppers' <c>SearchPersonalWeight</c> (0 or more; 0 orders their search results by the words and popularity
    /// alone); null keeps the server's. Two arms that differ only here test personalised search.
    /// </summary>
    public double? SearchPersonalWeight { get; set; }

    /// <summary>
    /// Its shoppers' <c>SearchEngagementWeight</c> (0 or more; 0 ranks their search results without what shoppers chose
    /// after the same search); null keeps the server's. Two arms that differ only here test search that learns from behaviour.
    /// </summary>
    public double? SearchEngagementWeight { get; set; }
}

/// <summary>
/// Every experiment (bound to section <c>Penchant</c>): <c>Penchant:Experiment</c>, the first, and
/// <c>Penchant:Experiments:N</c>, any more. Experiments in one layer are exclusive, experiments in different layers
/// overlap (<see cref="ExperimentPlan"/>), so two experiments that both decide one setting (the recommender, the explore
/// share, the popularity blend, the session boost the impression fatigue or the campaigns) must share a layer, unless they never run at the same time: a
/// shopper is then in at most one of them.
/// </summary>
public sealed class ExperimentsServerOptions
{
    /// <summary>The configuration section bound.</summary>
    public const string SectionName = "Penchant";

    /// <summary>The layer of an experiment that names none.</summary>
    public const string DefaultLayer = "main";

    /// <summary>The first experiment (<c>Penchant:Experiment</c>).</summary>
    public ExperimentServerOptions Experiment { get; set; } = new();

    /// <summary>More experiments (<c>Penchant:Experiments:N</c>).</summary>
    public List<ExperimentServerOptions> Experiments { get; set; } = [];

    /// <summary>
    /// τ of the reports' anytime-valid intervals and p-values (<c>Penchant:ExperimentMixtureScale</c>, above 0, at most
    /// 1): the size of difference in rates they are tightest around; default five percentage points.
    /// </summary>
    public double ExperimentMixtureScale { get; set; } = MixtureSequentialTest.DefaultRateScale;

    /// <summary>
    /// How many days before a shopper's first slate in a test the reports look back for what the shopper did then
    /// (<c>Penchant:ExperimentCovariateDays</c>, 0 to 365; 0 turns it off): their events of every kind, their
    /// purchases and their spending there are the covariates whose share of the variance the comparisons take out
    /// (CUPED, <see cref="RatioComparison.CompareAdjusted"/>). Default 14: on a 20,000-shopper shop a report with 28 days
    /// read 2.8 s against 1.4 s with 14 and 0.9 s without, for the same variance removed (BENCHMARKS.md).
    /// </summary>
    public double ExperimentCovariateDays { get; set; } = 14;

    /// <summary>The configured experiments, each with the configuration key it came from, the first first.</summary>
    public IReadOnlyList<(string Key, ExperimentServerOptions Experiment)> All =>
    [
        .. Experiment.Enabled ? [("Penchant:Experiment", Experiment)] : Array.Empty<(string, ExperimentServerOptions)>(),
        .. Experiments.Select(static (e, i) => (string.Create(CultureInfo.InvariantCulture, $"Penchant:Experiments:{i}"), e)),
    ];

    /// <summary>Whether any experiment is configured.</summary>
    public bool Any => Experiment.Enabled || Experiments.Count > 0;

    /// <summary>
    /// The problems that keep these experiments from running, each naming its configuration key; none when they can run.
    /// <paramref name="configured"/> is <c>Penchant:Recommender</c>; <paramref name="known"/> tells a recommender's name.
    /// </summary>
    public IReadOnlyList<string> Problems(string configured, Func<string, bool> known)
    {
        var problems = new List<string>();
        if (!(ExperimentMixtureScale is > 0 and <= 1))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Penchant:ExperimentMixtureScale must be above 0 and at most 1, not {ExperimentMixtureScale}."));
        }

        if (!(ExperimentCovariateDays is >= 0 and <= 365))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Penchant:ExperimentCovariateDays must be between 0 and 365, not {ExperimentCovariateDays}."));
        }

        foreach (var (key, e) in All)
        {
            if (!e.Enabled)
            {
                problems.Add($"{key} needs a Name.");
            }
            else if (e.Variants.Count < 2
                || e.Variants.Any(v => v.Name.Length == 0 || !(v.Share > 0) || !(string.IsNullOrWhiteSpace(v.Recommender) || known(v.Recommender)) || v.ExploreShare is not (null or (>= 0 and <= 1))
                    || v.PopularityBlend is not (null or (>= 0 and <= 1e6)) || v.SessionBoost is not (null or (>= 0 and <= 1e6)) || v.ImpressionFatigue is not (null or (>= 0 and <= 1e6))
                    || v.SearchPersonalWeight is not (null or (>= 0 and <= 100)) || v.SearchEngagementWeight is not (null or (>= 0 and <= 100)))
                || e.Variants.Select(static v => v.Name).Distinct(StringComparer.Ordinal).Count() != e.Variants.Count)
            {
                problems.Add($"{key} needs at least two Variants, each with a distinct Name, a known Recommender (or none: Penchant:Recommender's), a positive Share, an ExploreShare (when set) between 0 and 1, a PopularityBlend, SessionBoost and ImpressionFatigue (when set) of 0 or more, and a SearchPersonalWeight and SearchEngagementWeight (when set) between 0 and 100.");
            }
            else if (e.PrimaryMetric is not ("click" or "conversion" or "revenue"))
            {
                problems.Add($"{key}:PrimaryMetric must be click, conversion or revenue, not '{e.PrimaryMetric}'.");
            }
            else if (e.RevenueMixtureScale is not null && !(e.RevenueMixtureScale is > 0 and < double.PositiveInfinity))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:RevenueMixtureScale must be above 0, not {e.RevenueMixtureScale}."));
            }
            else if (e.Start is { } start && e.End is { } end && end <= start)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{key}: End ({end:O}) must come after Start ({start:O})."));
            }
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        try
        {
            _ = Plan();
        }
        catch (ArgumentException e)
        {
            return [e.Message.Replace(" (Parameter 'experiments')", "", StringComparison.Ordinal)];
        }

        var all = All;
        for (var a = 0; a < all.Count; a++)
        {
            for (var b = a + 1; b < all.Count; b++)
            {
                var (x, y) = (all[a].Experiment, all[b].Experiment);
                // One layer keeps its tests apart; tests that never run at the same time cannot meet either.
                if (string.Equals(LayerOf(x), LayerOf(y), StringComparison.Ordinal) || !Overlap(x, y))
                {
                    continue;
                }

                var both = x.Decides(configured).Intersect(y.Decides(configured), StringComparer.Ordinal).ToArray();
                if (both.Length > 0)
                {
                    problems.Add($"Experiments '{x.Name}' (layer '{LayerOf(x)}') and '{y.Name}' (layer '{LayerOf(y)}') both set {string.Join(" and ", both)}, "
                        + "and a shopper could be in both; give them one Layer (they then take separate shares of the shoppers).");
                }
            }
        }

        return problems;
    }

    /// <summary>
    /// The experiments as a plan: layers, traffic and arms. An unset traffic is an equal part of what the experiments of
    /// its layer that run at the same time leave.
    /// </summary>
    /// <exception cref="ArgumentException">The traffic of a layer does not fit, or as <see cref="ExperimentPlan"/>.</exception>
    public ExperimentPlan Plan()
    {
        var all = All.Select(static p => p.Experiment).ToArray();
        var definitions = new List<ExperimentDefinition>(all.Length);
        foreach (var e in all)
        {
            // The layer's experiments that run while this one does (itself among them) share what is left.
            var layer = all.Where(o => LayerOf(o) == LayerOf(e) && Overlap(o, e)).ToArray();
            var traffic = e.Traffic;
            if (traffic is null)
            {
                var left = 1 - layer.Sum(static o => o.Traffic ?? 0);
                traffic = left / layer.Count(static o => o.Traffic is null);
                if (!(traffic > 1e-9))
                {
                    throw new ArgumentException($"Layer '{LayerOf(e)}': the experiments with a Traffic leave none for '{e.Name}', which sets none.");
                }
            }

            definitions.Add(new ExperimentDefinition(e.Name!, LayerOf(e), traffic.Value, e.Arms) { Start = e.Start, End = e.End });
        }

        return new ExperimentPlan(definitions);
    }

    // Whether the two tests' [Start, End) windows share a moment.
    private static bool Overlap(ExperimentServerOptions x, ExperimentServerOptions y) => ExperimentDefinition.WindowsMeet(x.Start, x.End, y.Start, y.End);

    private static string LayerOf(ExperimentServerOptions e) => string.IsNullOrWhiteSpace(e.Layer) ? DefaultLayer : e.Layer;
}
