namespace Penchant.Core.Data;

/// <summary>
/// How much each event type counts as evidence of interest, and how fast evidence fades.
/// </summary>
/// <remarks>
/// A rating counts <see cref="RatingBase"/> plus <see cref="RatingScale"/> times (value - <see cref="RatingNeutral"/>),
/// floored at zero, so a 1-star rating is no positive evidence. Dislikes and removals are negative and are
/// used by profiles and feedback; the interaction matrix keeps only positive totals.
/// </remarks>
public sealed record EventWeights
{
    public double View { get; init; } = 1.0;
    public double Click { get; init; } = 1.0;
    public double Search { get; init; }
    public double AddToCart { get; init; } = 3.0;
    public double RemoveFromCart { get; init; } = -1.0;
    public double Purchase { get; init; } = 5.0;
    public double RatingBase { get; init; } = 2.0;
    public double RatingScale { get; init; } = 1.0;
    public double RatingNeutral { get; init; } = 2.5;
    public double Review { get; init; } = 2.0;
    public double Like { get; init; } = 4.0;
    public double Dislike { get; init; } = -4.0;
    public double Impression { get; init; }

    /// <summary>Half-life of evidence in days; 0 or less turns decay off.</summary>
    public double HalfLifeDays { get; init; } = 90.0;

    /// <summary>The defaults.</summary>
    public static EventWeights Default { get; } = new();

    /// <summary>The weight of one event before time decay.</summary>
    public double WeightOf(EventType type, double? value) => type switch
    {
        EventType.View => View,
        EventType.Click => Click,
        EventType.Search => Search,
        EventType.AddToCart => AddToCart * Math.Max(1.0, value ?? 1.0),
        EventType.RemoveFromCart => RemoveFromCart,
        EventType.Purchase => Purchase * Math.Max(1.0, value ?? 1.0),
        EventType.Rating => value is { } v ? RatingBase + RatingScale * (v - RatingNeutral) : RatingBase,
        EventType.Review => Review,
        EventType.Like => Like,
        EventType.Dislike => Dislike,
        EventType.Impression => Impression,
        _ => 0.0,
    };

    /// <summary>The decay factor for evidence <paramref name="ageDays"/> old: 0.5 per half-life.</summary>
    public double Decay(double ageDays) =>
        HalfLifeDays <= 0 || ageDays <= 0 ? 1.0 : Math.Pow(0.5, ageDays / HalfLifeDays);
}
