using System.Globalization;
using Penchant.Core.Data;

namespace Penchant.Core.Synthetic;

/// <summary>
/// Generates a synthetic shop with planted shopper interests: a bilingual catalogue over an eight-branch
/// category tree, shoppers with two to four weighted leaf-category interests, liked and disliked brands, a
/// price sensitivity and occasional interest drift, and sessions of views, clicks, searches, cart changes,
/// purchases, ratings, reviews, likes and dislikes over the time span. The planted answers are returned in
/// <see cref="SyntheticShop.GroundTruth"/> so that recommenders and profiles can be checked against them.
/// </summary>
/// <remarks>
/// All randomness comes from <see cref="ShopGeneratorOptions.Seed"/>: the catalogue and every shopper draw from
/// their own stream of a specified generator, so the same options give the same shop everywhere.
/// </remarks>
public sealed class ShopGenerator(ShopGeneratorOptions? options = null)
{
    private const long CatalogueStream = -1;

    // Bundle draws come from their own streams, so that the other draws of a shopper stay as they were without them.
    private const long BundleStreams = 1L << 40;

    public ShopGeneratorOptions Options { get; } = options ?? new ShopGeneratorOptions();

    /// <summary>Generates the shop.</summary>
    public SyntheticShop Generate(CancellationToken cancellation = default)
    {
        var o = Options;
        o.Validate();
        var start = o.Start.ToUnixTimeSeconds();
        var end = o.End.ToUnixTimeSeconds();

        var rng = new ShopRandom(o.Seed, CatalogueStream);
        var leaves = BuildLeaves(rng);
        var items = BuildItems(rng, leaves, start, end);
        var catalogue = new Catalogue(leaves, items);

        var raw = new List<RawEvent>(o.ShopperCount * (o.EventsPerShopper + 8));
        var users = new User[o.ShopperCount];
        var truths = new Dictionary<string, ShopperTruth>(o.ShopperCount, StringComparer.Ordinal);
        for (var s = 0; s < o.ShopperCount; s++)
        {
            cancellation.ThrowIfCancellationRequested();
            var shopperRng = new ShopRandom(o.Seed, s);
            var shopper = PlantShopper(shopperRng, s, catalogue, start, end);
            users[s] = new User(
                shopper.Id,
                new Dictionary<string, string>(StringComparer.Ordinal) { ["language"] = shopper.Language });
            truths.Add(shopper.Id, shopper.ToTruth(catalogue));
            new SessionSimulator(shopperRng, o, catalogue, shopper, raw, start, end, new ShopRandom(o.Seed, BundleStreams + s)).Run();
        }

        raw.Sort(static (a, b) =>
            a.Time != b.Time ? a.Time.CompareTo(b.Time)
            : a.Shopper != b.Shopper ? a.Shopper.CompareTo(b.Shopper)
            : a.Order.CompareTo(b.Order));
        var width = Math.Max(7, raw.Count.ToString(CultureInfo.InvariantCulture).Length);
        var events = new Event[raw.Count];
        for (var i = 0; i < raw.Count; i++)
        {
            var r = raw[i];
            events[i] = new Event(
                "e" + i.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0'),
                users[r.Shopper].Id,
                r.Item >= 0 ? items[r.Item].Item.Id : null,
                r.Type,
                DateTimeOffset.FromUnixTimeSeconds(r.Time),
                r.Value,
                r.Text,
                SessionId(r.Shopper, r.Session));
        }

        var categories = leaves.ConvertAll(static l => new SyntheticCategory(l.Path, l.PathZh));
        var complements = items.Where(i => catalogue.Complement[i.Index] is not null)
            .ToDictionary(static i => i.Item.Id, i => catalogue.Complement[i.Index]!.Item.Id, StringComparer.Ordinal);
        return new SyntheticShop(o, categories, [.. items.Select(static i => i.Item)], users, events, truths, complements);
    }

    // Ratings and reviews arrive days after the purchase, in a visit of their own (negative session numbers).
    private static string SessionId(int shopper, int session) =>
        "s" + (shopper + 1).ToString("D5", CultureInfo.InvariantCulture) + "-" + Math.Abs(session).ToString(CultureInfo.InvariantCulture)
        + (session < 0 ? "r" : "");

    private static List<Leaf> BuildLeaves(ShopRandom rng)
    {
        var leaves = new List<Leaf>();
        for (var t = 0; t < ShopVocabulary.Tops.Length; t++)
        {
            var top = ShopVocabulary.Tops[t];
            foreach (var sub in top.Subs)
            {
                foreach (var leaf in sub.Leaves)
                {
                    var median = top.MedianPrice * Math.Exp(0.5 * rng.Gaussian());
                    var size = Math.Exp(0.35 * rng.Gaussian());
                    leaves.Add(new Leaf(leaves.Count, t, top, leaf, [top.En, sub.En, leaf.En], [top.Zh, sub.Zh, leaf.Zh], median, size));
                }
            }
        }

        return leaves;
    }

    private List<SynthItem> BuildItems(ShopRandom rng, List<Leaf> leaves, long start, long end)
    {
        var o = Options;
        var totalSize = leaves.Sum(static l => l.Size);
        var counts = leaves.ConvertAll(l => o.ItemCount >= leaves.Count ? 1 : 0);
        var remaining = o.ItemCount - counts.Sum();
        var cumulative = new double[leaves.Count];
        var acc = 0.0;
        for (var l = 0; l < leaves.Count; l++)
        {
            acc += leaves[l].Size / totalSize;
            cumulative[l] = acc;
        }

        for (var i = 0; i < remaining; i++)
        {
            counts[rng.PickCumulative(cumulative)]++;
        }

        // Brands within a top category differ in how many items they carry.
        var brandShares = ShopVocabulary.Tops.Select(t => t.Brands.Select(_ => Math.Exp(0.4 * rng.Gaussian())).ToArray()).ToArray();
        var items = new List<SynthItem>(o.ItemCount);
        var span = end - start;
        for (var l = 0; l < leaves.Count; l++)
        {
            var leaf = leaves[l];
            var top = leaf.Top;
            for (var k = 0; k < counts[l]; k++)
            {
                var index = items.Count;
                var id = "i" + (index + 1).ToString("D5", CultureInfo.InvariantCulture);
                var brand = top.Brands[rng.PickWeighted(brandShares[leaf.TopIndex])];
                var price = Math.Max(0.99, Math.Round(leaf.MedianPrice * Math.Exp(0.45 * rng.Gaussian())) - 0.01);
                var adjective1 = rng.Pick(top.Adjectives);
                var adjective2 = rng.Pick(top.Adjectives);
                var twoAdjectives = rng.Chance(0.5) && adjective2 != adjective1;
                var colour = rng.Pick(ShopVocabulary.Colours);
                var style = rng.Pick(ShopVocabulary.Styles);
                var material = rng.Pick(top.Materials);

                var titleEn = brand + " " + Capitalize(adjective1.En) + (twoAdjectives ? " " + Capitalize(adjective2.En) : "")
                    + " " + TitleCase(leaf.Spec.Noun) + ", " + Capitalize(colour.En);
                var titleZh = brand + " " + adjective1.Zh + (twoAdjectives ? adjective2.Zh : "") + colour.Zh + leaf.Spec.Zh;
                var chinese = rng.Chance(o.ChineseShare);
                var description = chinese
                    ? $"{brand}出品的{style.Zh}风格{leaf.Spec.Zh}，{colour.Zh}，{adjective1.Zh}设计，适合日常使用。"
                    : $"A {style.En} {leaf.Spec.Noun} by {brand} in {colour.En}, made of {material}. {Capitalize(adjective1.En)} and built for everyday use.";

                long created;
                var when = rng.NextDouble();
                if (when < o.NewArrivalShare)
                {
                    created = end - (long)rng.Uniform(0, 14 * 86400.0);
                }
                else if (when < o.NewArrivalShare + 0.08)
                {
                    created = start + (long)rng.Uniform(0, span);
                }
                else
                {
                    created = start - (long)rng.Uniform(0, 720 * 86400.0);
                }

                var item = new Item(
                    id,
                    chinese ? titleZh : titleEn,
                    description,
                    leaf.Path,
                    brand,
                    (decimal)price,
                    [material, colour.En, style.En],
                    new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["language"] = chinese ? "zh" : "en",
                        ["title_en"] = titleEn,
                        ["title_zh"] = titleZh,
                        ["category_zh"] = string.Join(" > ", leaf.PathZh),
                        ["colour"] = colour.En,
                        ["material"] = material,
                        ["style"] = style.En,
                    },
                    null,
                    !rng.Chance(o.OutOfStockShare),
                    DateTimeOffset.FromUnixTimeSeconds(created));
                items.Add(new SynthItem(index, item, l, brand, price, Math.Exp(0.8 * rng.Gaussian()), created));
            }
        }

        return items;
    }

    private Shopper PlantShopper(ShopRandom rng, int index, Catalogue catalogue, long start, long end)
    {
        var o = Options;
        var id = "u" + (index + 1).ToString("D5", CultureInfo.InvariantCulture);
        var language = rng.Chance(o.ChineseShare) ? "zh" : "en";
        // Fewer interests are more common: k more than the minimum has weight 1 / (k + 1).
        var countWeights = Enumerable.Range(0, o.MaxInterests - o.MinInterests + 1).Select(static k => 1.0 / (k + 1)).ToArray();
        var count = o.MinInterests + rng.PickWeighted(countWeights);
        // Interests need items: with a tiny catalogue not every leaf has some.
        var stocked = catalogue.ItemsOfLeaf.Count(static l => l.Count > 0);
        var leaves = new List<int>();
        while (leaves.Count < Math.Min(count, stocked))
        {
            leaves.Add(NewLeaf(rng, catalogue, leaves));
        }

        var interests = leaves.ConvertAll(l => new ShopperInterest(l, rng.Uniform(0.6, 1.4), start, end));

        // Drift: one interest ends part-way and a new one takes over from then on.
        long? driftedAt = null;
        if (rng.Chance(o.DriftProbability) && stocked > interests.Count)
        {
            var at = start + (long)((end - start) * rng.Uniform(0.35, 0.6));
            var replaced = rng.Next(interests.Count);
            interests[replaced] = interests[replaced] with { Until = at };
            interests.Add(new ShopperInterest(NewLeaf(rng, catalogue, leaves), rng.Uniform(0.8, 1.4), at, end));
            leaves.Add(interests[^1].Leaf);
            driftedAt = at;
        }

        // Liked brands come from the top categories of the shopper's current interests, so they show at the end.
        // The first from the strongest current interest's top category, a second (sometimes) from another.
        var current = interests.Where(i => i.Until == end).OrderByDescending(static i => i.Weight).ToList();
        var tops = current.Select(i => catalogue.Leaves[i.Leaf].TopIndex).Distinct().ToList();
        var liked = new List<string> { rng.Pick(ShopVocabulary.Tops[tops[0]].Brands) };
        if (tops.Count > 1 && rng.Chance(0.3))
        {
            liked.Add(rng.Pick(ShopVocabulary.Tops[tops[1 + rng.Next(tops.Count - 1)]].Brands));
        }

        string? disliked = null;
        if (rng.Chance(o.DislikedBrandProbability))
        {
            var candidates = ShopVocabulary.Tops[tops[0]].Brands.Where(b => !liked.Contains(b)).ToList();
            disliked = rng.Pick(candidates);
        }

        var sensitivity = rng.NextDouble();
        return new Shopper(index, id, language, interests, liked, disliked, sensitivity, driftedAt);
    }

    private static int NewLeaf(ShopRandom rng, Catalogue catalogue, List<int> taken)
    {
        while (true)
        {
            int candidate;
            if (taken.Count > 0 && rng.Chance(0.4))
            {
                // Related interests cluster: often a sibling within the same top category.
                var top = catalogue.Leaves[rng.Pick(taken)].TopIndex;
                var siblings = catalogue.LeavesOfTop[top];
                candidate = siblings[rng.Next(siblings.Count)];
            }
            else
            {
                candidate = rng.Next(catalogue.Leaves.Count);
            }

            if (!taken.Contains(candidate) && catalogue.ItemsOfLeaf[candidate].Count > 0)
            {
                return candidate;
            }
        }
    }

    private static string Capitalize(string text) =>
        text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string TitleCase(string text) =>
        string.Join(' ', text.Split(' ').Select(Capitalize));

    internal sealed record Leaf(int Index, int TopIndex, TopSpec Top, LeafSpec Spec, string[] Path, string[] PathZh, double MedianPrice, double Size)
    {
        public string Text { get; } = string.Join(" > ", Path);
    }

    internal sealed record SynthItem(int Index, Item Item, int Leaf, string Brand, double Price, double Popularity, long Created);

    internal sealed record ShopperInterest(int Leaf, double Weight, long From, long Until);

    internal sealed record Shopper(
        int Index,
        string Id,
        string Language,
        List<ShopperInterest> Interests,
        List<string> LikedBrands,
        string? DislikedBrand,
        double PriceSensitivity,
        long? DriftedAt)
    {
        public ShopperTruth ToTruth(Catalogue catalogue)
        {
            var end = Interests.Max(static i => i.Until);
            PlantedInterest Planted(ShopperInterest i) => new(
                catalogue.Leaves[i.Leaf].Text,
                i.Weight,
                DateTimeOffset.FromUnixTimeSeconds(i.From),
                DateTimeOffset.FromUnixTimeSeconds(i.Until));
            return new ShopperTruth(
                Id,
                [.. Interests.Where(i => i.Until == end).Select(Planted)],
                [.. Interests.Where(i => i.Until != end).Select(Planted)],
                [.. LikedBrands],
                DislikedBrand,
                PriceSensitivity,
                Language,
                DriftedAt is { } d ? DateTimeOffset.FromUnixTimeSeconds(d) : null);
        }
    }

    /// <summary>The catalogue with the lookups the simulation needs.</summary>
    internal sealed class Catalogue
    {
        public Catalogue(List<Leaf> leaves, List<SynthItem> items)
        {
            Leaves = leaves;
            Items = items;
            ItemsOfLeaf = leaves.ConvertAll(_ => new List<SynthItem>());
            foreach (var item in items)
            {
                ItemsOfLeaf[item.Leaf].Add(item);
            }

            LeavesOfTop = ShopVocabulary.Tops.Select((_, t) => leaves.Where(l => l.TopIndex == t).Select(l => l.Index).ToList()).ToArray();

            // Complements: within each leaf, items paired by popularity rank (1st with 2nd, 3rd with 4th, ...).
            Complement = new SynthItem?[items.Count];
            foreach (var members in ItemsOfLeaf)
            {
                var ranked = members.OrderByDescending(static i => i.Popularity).ThenBy(static i => i.Index).ToList();
                for (var r = 0; r + 1 < ranked.Count; r += 2)
                {
                    Complement[ranked[r].Index] = ranked[r + 1];
                    Complement[ranked[r + 1].Index] = ranked[r];
                }
            }
            PopularityCumulative = new double[items.Count];
            var acc = 0.0;
            for (var i = 0; i < items.Count; i++)
            {
                acc += items[i].Popularity;
                PopularityCumulative[i] = acc;
            }
        }

        public List<Leaf> Leaves { get; }

        public List<SynthItem> Items { get; }

        public List<List<SynthItem>> ItemsOfLeaf { get; }

        public List<int>[] LeavesOfTop { get; }

        /// <summary>The item bought together with each item, if any.</summary>
        public SynthItem?[] Complement { get; }

        public double[] PopularityCumulative { get; }
    }

    internal readonly record struct RawEvent(long Time, int Shopper, int Order, int Session, EventType Type, int Item, double? Value, string? Text);
}
