using Penchant.Core.Data;
using static Penchant.Core.Synthetic.ShopGenerator;

namespace Penchant.Core.Synthetic;

/// <summary>
/// Plays one shopper's sessions over the span: mostly browsing inside the interests active at the time, some
/// popularity-driven browsing, searches, cart changes, purchases and, days later, ratings and reviews.
/// </summary>
internal sealed class SessionSimulator(
    ShopRandom rng,
    ShopGeneratorOptions options,
    Catalogue catalogue,
    Shopper shopper,
    List<RawEvent> output,
    long start,
    long end,
    ShopRandom bundles)
{
    private const double LikedBrandBoost = 3.0;
    private const double BrandLoyalty = 0.4;
    // A disliked brand is still browsed (the shopper does not know yet, or gives it another chance) but is
    // chosen less often at the till.
    private const double DislikedBrandAtCheckout = 0.6;
    private const double EventsPerSession = 6.5;

    private readonly List<double> _weights = [];
    private readonly List<SynthItem> _candidates = [];
    private readonly List<SynthItem> _viewed = [];
    private int _order;
    private int _session;

    public void Run()
    {
        var activity = Math.Exp((0.5 * rng.Gaussian()) - 0.125);
        var target = Math.Clamp(options.EventsPerShopper * activity, 10, 5.0 * options.EventsPerShopper);
        var sessions = Math.Max(3, (int)Math.Round(target / EventsPerSession));
        var starts = new long[sessions];
        for (var i = 0; i < sessions; i++)
        {
            // Days uniform over the span; hours lean towards the evening.
            var day = start + ((long)rng.Uniform(0, (end - start) / 86400.0) * 86400L);
            var hour = Math.Clamp(20 + (4 * rng.Gaussian()), 0, 23.9);
            starts[i] = Math.Min(end - 1, day + (long)(hour * 3600));
        }

        Array.Sort(starts);
        var clock = start;
        foreach (var s in starts)
        {
            clock = Math.Max(s, clock + 600);
            if (clock >= end)
            {
                break;
            }

            _session++;
            clock = rng.Chance(options.NoiseShare) ? BrowsePopular(clock) : BrowseInterest(clock);
        }
    }

    private long BrowsePopular(long time)
    {
        var views = rng.Between(1, 3);
        _viewed.Clear();
        for (var v = 0; v < views; v++)
        {
            var at = rng.PickCumulative(catalogue.PopularityCumulative);
            var item = catalogue.Items[at];
            if (item.Created > time)
            {
                continue;
            }

            time = Step(time);
            if (rng.Chance(0.3))
            {
                Emit(time, EventType.Click, item.Index);
                time += rng.Between(2, 10);
            }

            Emit(time, EventType.View, item.Index);
            _viewed.Add(item);
        }

        if (_viewed.Count > 0 && rng.Chance(0.05))
        {
            time = Checkout(time, rng.Pick(_viewed));
        }

        return time;
    }

    private long BrowseInterest(long time)
    {
        var interest = PickInterest(time);
        if (interest is null)
        {
            return BrowsePopular(time);
        }

        var leaf = catalogue.Leaves[interest.Leaf];
        if (rng.Chance(0.4))
        {
            time = Step(time);
            Emit(time, EventType.Search, -1, text: Query(leaf));
        }

        _viewed.Clear();
        var views = rng.Between(2, 6);
        for (var v = 0; v < views; v++)
        {
            var item = PickInLeaf(interest.Leaf, time);
            if (item is null)
            {
                break;
            }

            time = Step(time);
            if (rng.Chance(0.4))
            {
                Emit(time, EventType.Click, item.Index);
                time += rng.Between(2, 10);
            }

            Emit(time, EventType.View, item.Index);
            _viewed.Add(item);
            var liked = shopper.LikedBrands.Contains(item.Brand);
            if (item.Brand == shopper.DislikedBrand && rng.Chance(0.35))
            {
                time = Step(time);
                Emit(time, EventType.Dislike, item.Index);
            }
            else if (rng.Chance(liked ? 0.12 : 0.03))
            {
                time = Step(time);
                Emit(time, EventType.Like, item.Index);
            }
        }

        if (_viewed.Count > 0 && rng.Chance(0.35))
        {
            _weights.Clear();
            foreach (var item in _viewed)
            {
                _weights.Add(Appeal(item) * (item.Brand == shopper.DislikedBrand ? DislikedBrandAtCheckout : 1.0));
            }

            var chosen = _viewed[rng.PickWeighted(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_weights))];
            time = Checkout(time, chosen);
        }

        return time;
    }

    private long Checkout(long time, SynthItem item)
    {
        var quantity = rng.Chance(0.15) ? 2.0 : 1.0;
        time = Step(time);
        Emit(time, EventType.AddToCart, item.Index, quantity);
        if (rng.Chance(0.2))
        {
            time = Step(time);
            Emit(time, EventType.RemoveFromCart, item.Index, quantity);
            return time;
        }

        if (!rng.Chance(0.7))
        {
            return time;
        }

        time = Step(time);
        Emit(time, EventType.Purchase, item.Index, quantity);
        if (catalogue.Complement[item.Index] is { } complement && complement.Created <= time && bundles.Chance(options.BundleShare))
        {
            // The complement joins the order: carted and bought in the same visit, a little later.
            var at = time + bundles.Between(20, 120);
            Emit(at, EventType.AddToCart, complement.Index, 1.0);
            Emit(at + bundles.Between(5, 30), EventType.Purchase, complement.Index, 1.0);
        }

        if (rng.Chance(0.6))
        {
            var ratedAt = time + (long)rng.Uniform(2 * 86400.0, 12 * 86400.0);
            if (ratedAt < end)
            {
                var stars = Rating(item);
                var session = _session;
                _session = -_session; // ratings come back in their own visit
                Emit(ratedAt, EventType.Rating, item.Index, stars);
                if (rng.Chance(0.5))
                {
                    Emit(ratedAt + rng.Between(30, 300), EventType.Review, item.Index, stars, ReviewText(item, stars));
                }

                _session = session;
            }
        }

        return time;
    }

    private ShopperInterest? PickInterest(long time)
    {
        _weights.Clear();
        var any = false;
        foreach (var interest in shopper.Interests)
        {
            var active = interest.From <= time && time < interest.Until;
            _weights.Add(active ? interest.Weight : 0);
            any |= active;
        }

        return any ? shopper.Interests[rng.PickWeighted(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_weights))] : null;
    }

    private SynthItem? PickInLeaf(int leaf, long time)
    {
        // A brand-loyal moment: the shopper goes straight to a liked brand's shelf when it has one here.
        var loyal = rng.Chance(BrandLoyalty) && catalogue.ItemsOfLeaf[leaf].Exists(i => shopper.LikedBrands.Contains(i.Brand) && i.Created <= time);
        _candidates.Clear();
        _weights.Clear();
        foreach (var item in catalogue.ItemsOfLeaf[leaf])
        {
            if (item.Created <= time && (!loyal || shopper.LikedBrands.Contains(item.Brand)))
            {
                _candidates.Add(item);
                _weights.Add(item.Popularity * Appeal(item));
            }
        }

        return _candidates.Count == 0
            ? null
            : _candidates[rng.PickWeighted(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_weights))];
    }

    /// <summary>How much this shopper is drawn to an item: brand affinity and price against the leaf median.</summary>
    private double Appeal(SynthItem item)
    {
        var brand = shopper.LikedBrands.Contains(item.Brand) ? LikedBrandBoost : 1.0;
        var relativePrice = item.Price / catalogue.Leaves[item.Leaf].MedianPrice;
        return brand * Math.Pow(relativePrice, 0.3 - (1.5 * shopper.PriceSensitivity));
    }

    private double Rating(SynthItem item)
    {
        var liked = shopper.LikedBrands.Contains(item.Brand) ? 1.0 : 0.0;
        var disliked = item.Brand == shopper.DislikedBrand ? 1.0 : 0.0;
        var relativePrice = Math.Log(item.Price / catalogue.Leaves[item.Leaf].MedianPrice);
        var score = 3.7 + (0.9 * liked) - (2.5 * disliked) - (0.8 * shopper.PriceSensitivity * relativePrice) + (0.7 * rng.Gaussian());
        return Math.Clamp(Math.Round(score), 1, 5);
    }

    private string Query(Leaf leaf)
    {
        var zh = shopper.Language == "zh";
        var name = zh ? leaf.Spec.Zh : leaf.Spec.En.ToLowerInvariant();
        var brand = shopper.LikedBrands.FirstOrDefault(b => leaf.Top.Brands.Contains(b));
        var roll = rng.NextDouble();
        if (brand is not null && roll < 0.3)
        {
            return zh ? brand + " " + name : brand.ToLowerInvariant() + " " + name;
        }

        if (roll < 0.5)
        {
            var adjective = rng.Pick(leaf.Top.Adjectives);
            return zh ? adjective.Zh + name : adjective.En + " " + name;
        }

        return name;
    }

    private string ReviewText(SynthItem item, double stars)
    {
        var top = catalogue.Leaves[item.Leaf].Top;
        var first = rng.Chance(0.65) ? rng.Pick(top.Aspects) : rng.Pick(ShopVocabulary.CommonAspects);
        var second = rng.Chance(0.5) ? rng.Pick(ShopVocabulary.CommonAspects) : rng.Pick(top.Aspects);
        if (second == first)
        {
            second = null;
        }

        var zh = shopper.Language == "zh";
        if (stars >= 4)
        {
            return zh
                ? rng.Pick(ShopVocabulary.PositiveOpenersZh) + first.PositiveZh + (second is null ? "" : "，" + second.PositiveZh) + "。"
                : rng.Pick(ShopVocabulary.PositiveOpenersEn) + " " + Sentence(first.PositiveEn) + (second is null ? "" : " " + Sentence(second.PositiveEn));
        }

        if (stars <= 2)
        {
            return zh
                ? rng.Pick(ShopVocabulary.NegativeOpenersZh) + first.NegativeZh + (second is null ? "" : "，" + second.NegativeZh) + "。"
                : rng.Pick(ShopVocabulary.NegativeOpenersEn) + " " + Sentence(first.NegativeEn) + (second is null ? "" : " " + Sentence(second.NegativeEn));
        }

        var other = second ?? rng.Pick(ShopVocabulary.CommonAspects);
        return zh
            ? rng.Pick(ShopVocabulary.NeutralOpenersZh) + first.PositiveZh + "，但是" + other.NegativeZh + "。"
            : rng.Pick(ShopVocabulary.NeutralOpenersEn) + " " + Sentence(first.PositiveEn + ", but " + other.NegativeEn);
    }

    private static string Sentence(string text) => char.ToUpperInvariant(text[0]) + text[1..] + ".";

    private long Step(long time) => time + rng.Between(15, 150);

    private void Emit(long time, EventType type, int item, double? value = null, string? text = null)
    {
        if (time >= end)
        {
            return;
        }

        output.Add(new RawEvent(time, shopper.Index, _order++, _session, type, item, value, text));
    }
}
