using Penchant.Core.Experiments;

namespace Penchant.Server.Options;

/// <summary>
/// An online A/B test of recommenders (section <c>Penchant:Experiment</c>): each shopper is in one variant, fixed by
/// a hash of the experiment's name and their pseudonym, and gets recommendations from that variant's recommender,
/// with that variant's share of explore slots when it sets one.
/// Off without a <see cref="Name"/>.
/// </summary>
public sealed class ExperimentServerOptions
{
    public const string SectionName = "Penchant:Experiment";

    /// <summary>The experiment's name; a new name reshuffles every shopper.</summary>
    public string? Name { get; set; }

    /// <summary>The arms; the first is the control the others are compared with.</summary>
    public List<ExperimentVariantOptions> Variants { get; set; } = [];

    /// <summary>Whether an experiment is running.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Name) && Variants.Count >= 2;

    /// <summary>The arms for <see cref="ExperimentAssignment"/>.</summary>
    public IReadOnlyList<Variant> Arms => [.. Variants.Select(static v => new Variant(v.Name, v.Share))];
}

/// <summary>One arm of the experiment.</summary>
public sealed class ExperimentVariantOptions
{
    /// <summary>The arm's name, e.g. "control".</summary>
    public string Name { get; set; } = "";

    /// <summary>The recommender it serves, by registry name (e.g. "itemknn", "ease").</summary>
    public string Recommender { get; set; } = "";

    /// <summary>Its share of shoppers, relative to the other arms' (1 and 1: half each).</summary>
    public double Share { get; set; } = 1;

    /// <summary>
    /// The share of explore slots its shoppers get when a request names none (0 to <c>Exploration:MaxShare</c>); null
    /// keeps <c>Exploration:Share</c>. Two arms with the same recommender and different shares test exploration
    /// itself: whether new interests cost clicks and purchases.
    /// </summary>
    public double? ExploreShare { get; set; }
}
