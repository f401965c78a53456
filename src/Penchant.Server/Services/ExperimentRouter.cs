using Microsoft.Extensions.Options;
using Penchant.Core.Experiments;
using Penchant.Server.Options;

namespace Penchant.Server.Services;

/// <summary>What the running experiments decide for one shopper.</summary>
/// <param name="Arms">Their arm in every experiment they are in (at most one per layer), in the experiments' order.</param>
/// <param name="Recommender">The recommender an arm names; null: the served one (<c>Penchant:Recommender</c>'s).</param>
/// <param name="ExploreShare">The share of explore slots an arm sets; null: <c>Exploration:Share</c>.</param>
public sealed record ShopperTreatment(IReadOnlyList<ExperimentArm> Arms, string? Recommender, double? ExploreShare)
{
    /// <summary>No experiment.</summary>
    public static ShopperTreatment None { get; } = new([], null, null);

    /// <summary>The <c>PopularityBlend</c> an arm sets; null: the server's.</summary>
    public double? PopularityBlend { get; init; }

    /// <summary>The <c>SessionBoost</c> an arm sets; null: the server's.</summary>
    public double? SessionBoost { get; init; }

    /// <summary>The <c>ImpressionFatigue</c> an arm sets; null: the server's.</summary>
    public double? ImpressionFatigue { get; init; }

    /// <summary>Whether the stored merchandising campaigns apply, as an arm sets it; null: they do.</summary>
    public bool? Campaigns { get; init; }

    /// <summary>The <c>SearchPersonalWeight</c> an arm sets; null: the server's.</summary>
    public double? SearchPersonalWeight { get; init; }

    /// <summary>The <c>SearchEngagementWeight</c> an arm sets; null: the server's.</summary>
    public double? SearchEngagementWeight { get; init; }
}

/// <summary>
/// The configured experiments (<see cref="ExperimentsServerOptions"/>) as the server uses them: which arms a shopper is
/// in and what those arms decide, and which recommenders the arms need fitted beside the served one. Assignment is
/// recomputed from the pseudonym (<see cref="ExperimentPlan"/>), the same in serving and in the reports.
/// </summary>
public sealed class ExperimentRouter
{
    private readonly ExperimentServerOptions[] _experiments;
    private readonly string _configured;

    // Per experiment, by name: its settings, whether it decides the recommender, and its variants by name (for serving).
    private readonly Dictionary<string, (ExperimentServerOptions Options, bool SetsRecommender, Dictionary<string, ExperimentVariantOptions> Variants)> _byName;

    public ExperimentRouter(IOptions<ExperimentsServerOptions> experiments, IOptions<PenchantServerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(experiments);
        ArgumentNullException.ThrowIfNull(options);
        _configured = options.Value.Recommender;
        _experiments = [.. experiments.Value.All.Select(static p => p.Experiment)];
        Plan = experiments.Value.Any ? experiments.Value.Plan() : ExperimentPlan.None;
        Recommenders = [.. _experiments.SelectMany(static e => e.Variants).Select(static v => v.Recommender)
            .Where(static r => !string.IsNullOrWhiteSpace(r)).Distinct(StringComparer.OrdinalIgnoreCase)];
        _byName = _experiments.ToDictionary(
            static e => e.Name!,
            e => (e, e.SetsRecommender(_configured), e.Variants.ToDictionary(static v => v.Name, StringComparer.Ordinal)),
            StringComparer.Ordinal);
    }

    /// <summary>The layers, traffic and arms.</summary>
    public ExperimentPlan Plan { get; }

    /// <summary>Whether any experiment runs.</summary>
    public bool Any => _experiments.Length > 0;

    /// <summary>The experiments' settings, in order: <c>Penchant:Experiment</c> first.</summary>
    public IReadOnlyList<ExperimentServerOptions> Experiments => _experiments;

    /// <summary>Every recommender an arm names (each needs a model, shared with the served one when it is the same).</summary>
    public IReadOnlyList<string> Recommenders { get; }

    /// <summary>The experiment named <paramref name="name"/>; null when none is.</summary>
    public ExperimentServerOptions? Find(string name) => _byName.TryGetValue(name, out var e) ? e.Options : null;

    /// <summary>
    /// The recommender <paramref name="variant"/> of <paramref name="experiment"/> serves, in words: the one it names;
    /// else "set by" the tests of other layers that decide the recommender, when there are any; else
    /// <paramref name="served"/> (the main model's).
    /// </summary>
    public string RecommenderOf(ExperimentServerOptions experiment, ExperimentVariantOptions variant, string served)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(variant);
        if (!string.IsNullOrWhiteSpace(variant.Recommender))
        {
            return variant.Recommender;
        }

        var layer = Plan.Find(experiment.Name!)?.Layer;
        var deciding = _experiments.Where(e => Plan.Find(e.Name!)?.Layer != layer && e.SetsRecommender(_configured)).Select(static e => e.Name).ToArray();
        return deciding.Length == 0 ? served : $"set by {string.Join(" or ", deciding)}";
    }

    /// <summary>The arms of <paramref name="userId"/> (a pseudonym) in the experiments running at <paramref name="now"/>, and what they decide.</summary>
    public ShopperTreatment TreatmentOf(string userId, DateTimeOffset now)
    {
        if (_experiments.Length == 0)
        {
            return ShopperTreatment.None;
        }

        List<ExperimentArm>? running = null;
        string? recommender = null;
        double? exploreShare = null, popularityBlend = null, sessionBoost = null, fatigue = null;
        bool? campaigns = null;
        double? searchPersonal = null, searchEngagement = null;
        foreach (var arm in Plan.ArmsOf(userId))
        {
            var (experiment, setsRecommender, variants) = _byName[arm.Experiment];
            if (!experiment.RunsAt(now))
            {
                continue;
            }

            (running ??= []).Add(arm);
            var variant = variants[arm.Variant];

            // Tests that both decide one thing and can meet are refused at start, so at most one arm decides each.
            if (setsRecommender && !string.IsNullOrWhiteSpace(variant.Recommender))
            {
                recommender ??= variant.Recommender;
            }

            exploreShare ??= variant.ExploreShare;
            popularityBlend ??= variant.PopularityBlend;
            sessionBoost ??= variant.SessionBoost;
            fatigue ??= variant.ImpressionFatigue;
            campaigns ??= variant.Campaigns;
            searchPersonal ??= variant.SearchPersonalWeight;
            searchEngagement ??= variant.SearchEngagementWeight;
        }

        return running is null
            ? ShopperTreatment.None
            : new ShopperTreatment(running, recommender, exploreShare) { PopularityBlend = popularityBlend, SessionBoost = sessionBoost, ImpressionFatigue = fatigue, Campaigns = campaigns, SearchPersonalWeight = searchPersonal, SearchEngagementWeight = searchEngagement };
    }
}

/// <summary>Refuses to start with experiments that cannot run, naming each problem's configuration key.</summary>
public sealed class ExperimentsValidation(IOptions<PenchantServerOptions> options, RecommenderRegistry registry) : IValidateOptions<ExperimentsServerOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, ExperimentsServerOptions experiments)
    {
        ArgumentNullException.ThrowIfNull(experiments);
        var problems = experiments.Problems(options.Value.Recommender, registry.Contains);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
