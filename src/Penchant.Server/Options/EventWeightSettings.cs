using Penchant.Core.Data;

namespace Penchant.Server.Options;

/// <summary>
/// How much each kind of event says about a shopper's interest (section <c>Penchant:EventWeights</c>); each setting
/// left out keeps <see cref="EventWeights.Default"/>'s value (view 1, click 1, search 0, add to cart 3, removal from
/// cart -1, purchase 5, rating 2 + 1 × (stars − 2.5), review 2, like 4, dislike -4, impression 0). Used by training,
/// the live fold-in of new events, profiles and the DP exports alike.
/// </summary>
public sealed class EventWeightSettings
{
    public double? View { get; set; }

    public double? Click { get; set; }

    public double? Search { get; set; }

    public double? AddToCart { get; set; }

    public double? RemoveFromCart { get; set; }

    public double? Purchase { get; set; }

    /// <summary>A rating's weight at the neutral rating.</summary>
    public double? RatingBase { get; set; }

    /// <summary>How much each star above (below) the neutral rating adds (takes away).</summary>
    public double? RatingScale { get; set; }

    /// <summary>The rating that counts <see cref="RatingBase"/>.</summary>
    public double? RatingNeutral { get; set; }

    public double? Review { get; set; }

    public double? Like { get; set; }

    public double? Dislike { get; set; }

    public double? Impression { get; set; }

    /// <summary>Whether every value given is a finite number.</summary>
    public bool AllFinite() =>
        new[] { View, Click, Search, AddToCart, RemoveFromCart, Purchase, RatingBase, RatingScale, RatingNeutral, Review, Like, Dislike, Impression }
            .All(static v => v is null || double.IsFinite(v.Value));

    /// <summary>The defaults with these settings over them, and <paramref name="halfLifeDays"/>.</summary>
    public EventWeights Apply(double halfLifeDays)
    {
        var d = EventWeights.Default;
        return d with
        {
            View = View ?? d.View,
            Click = Click ?? d.Click,
            Search = Search ?? d.Search,
            AddToCart = AddToCart ?? d.AddToCart,
            RemoveFromCart = RemoveFromCart ?? d.RemoveFromCart,
            Purchase = Purchase ?? d.Purchase,
            RatingBase = RatingBase ?? d.RatingBase,
            RatingScale = RatingScale ?? d.RatingScale,
            RatingNeutral = RatingNeutral ?? d.RatingNeutral,
            Review = Review ?? d.Review,
            Like = Like ?? d.Like,
            Dislike = Dislike ?? d.Dislike,
            Impression = Impression ?? d.Impression,
            HalfLifeDays = halfLifeDays,
        };
    }
}
