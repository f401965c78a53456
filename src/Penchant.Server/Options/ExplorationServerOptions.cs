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

    /// <summary>Whether every served slate is appended to the impression log.</summary>
    public bool LogImpressions { get; set; } = true;

    /// <summary>Slates waiting for the background impression writer; beyond this new slates are dropped (and counted), never the request delayed.</summary>
    [Range(1, 10_000_000)]
    public int ImpressionQueue { get; set; } = 10_000;
}
