using System.ComponentModel.DataAnnotations;

namespace Penchant.Server.Options;

/// <summary>Exploration in shopper recommendations, bound from <c>Penchant:Exploration</c> (see docs/server.md).</summary>
public sealed class ExplorationServerOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Penchant:Exploration";

    /// <summary>
    /// The share of slots filled with items from clusters new to the shopper, adapted per shopper between a quarter and
    /// twice this by how their explore slots fare; zero turns exploration off (a request may still ask with <c>explore=</c>).
    /// </summary>
    [Range(0.0, 1.0)]
    public double Share { get; set; } = 0.2;

    /// <summary>The largest share a request may ask for with <c>explore=</c>.</summary>
    [Range(0.0, 1.0)]
    public double MaxShare { get; set; } = 0.5;

    /// <summary>Dislikes or hides of a cluster after which it is no longer explored for that shopper.</summary>
    [Range(1, 1000)]
    public int DislikesToStop { get; set; } = 2;

    /// <summary>
    /// Replays of the Thompson draw that estimate each explore item's propensity: more are steadier estimates for
    /// off-policy evaluation (resolution 1 / replays) and cost more per request (about 0.8 ms for 200 at 100,000 items).
    /// </summary>
    [Range(1, 100_000)]
    public int PropensitySamples { get; set; } = 200;

    /// <summary>
    /// Score the clusters new to a shopper with a ranker learned at training time instead of the transition model alone,
    /// and let the exploit slots cover the likeliest of them (<see cref="NovelCoverage"/>). The ranker learns from each
    /// shopper's latest move into a new cluster, which needs the recommender fitted a second time without those moves,
    /// so training takes longer (5-20 s more than 54-61 s on the serving benchmark). Offline (Amazon Beauty, leave-last-out, 37 interest clusters) this doubled
    /// the share of shoppers whose slate showed the cluster they entered next, at 2-3.5% NDCG@10. On the serving
    /// benchmark (100,000 items) it adds about 0.6 ms per request, past the 2 ms median target, hence off by default.
    /// </summary>
    public bool LearnedRanker { get; set; }

    /// <summary>With <see cref="LearnedRanker"/>: weight of the ranker's probability of a new cluster in the exploit slots.</summary>
    [Range(0.0, 100.0)]
    public double NovelCoverage { get; set; } = 1.0;

    /// <summary>With <see cref="LearnedRanker"/>: the relevance weight of the exploit slots against repeating a cluster (1 = relevance only).</summary>
    [Range(0.0, 1.0)]
    public double Diversity { get; set; } = 0.9;

    /// <summary>With <see cref="LearnedRanker"/>: fewest training choices (moves into a new cluster) worth learning from; below it the transition model serves.</summary>
    [Range(1, 10_000_000)]
    public int MinRankerChoices { get; set; } = 200;

    /// <summary>Whether every served slate is appended to the impression log.</summary>
    public bool LogImpressions { get; set; } = true;

    /// <summary>Slates waiting for the background impression writer; beyond this new slates are dropped (and counted), never the request delayed.</summary>
    [Range(1, 10_000_000)]
    public int ImpressionQueue { get; set; } = 10_000;
}
