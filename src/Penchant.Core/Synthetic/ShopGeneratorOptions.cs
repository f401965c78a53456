namespace Penchant.Core.Synthetic;

/// <summary>Options for <see cref="ShopGenerator"/>. Every random choice derives from <see cref="Seed"/>.</summary>
public sealed record ShopGeneratorOptions
{
    /// <summary>The seed of all randomness: the same options give byte-identical shops.</summary>
    public long Seed { get; init; } = 42;

    /// <summary>How many catalogue items.</summary>
    public int ItemCount { get; init; } = 3000;

    /// <summary>How many shoppers.</summary>
    public int ShopperCount { get; init; } = 2000;

    /// <summary>The length of the simulated time span in days.</summary>
    public int Days { get; init; } = 180;

    /// <summary>The end of the simulated span; fixed by default so that output does not depend on the clock.</summary>
    public DateTimeOffset End { get; init; } = new(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The mean number of events per shopper; each shopper's activity varies log-normally around it.</summary>
    public int EventsPerShopper { get; init; } = 100;

    /// <summary>The probability that a shopper replaces one interest with a new one part-way through the span.</summary>
    public double DriftProbability { get; init; } = 0.3;

    /// <summary>The share of items titled and described in Chinese, and of shoppers who search and review in Chinese.</summary>
    public double ChineseShare { get; init; } = 0.25;

    /// <summary>The share of sessions spent browsing popular items outside the shopper's interests.</summary>
    public double NoiseShare { get; init; } = 0.15;

    /// <summary>The fewest planted category interests per shopper.</summary>
    public int MinInterests { get; init; } = 2;

    /// <summary>The most planted category interests per shopper.</summary>
    public int MaxInterests { get; init; } = 4;

    /// <summary>The share of items out of stock.</summary>
    public double OutOfStockShare { get; init; } = 0.03;

    /// <summary>The share of items added in the last two weeks of the span.</summary>
    public double NewArrivalShare { get; init; } = 0.04;

    /// <summary>The probability that a shopper has a brand they dislike.</summary>
    public double DislikedBrandProbability { get; init; } = 0.8;

    /// <summary>
    /// The probability that a purchase brings its complement along in the same visit: each item is paired with the
    /// item next to it in its leaf's popularity order, so the shop has bought-together pairs to find.
    /// </summary>
    public double BundleShare { get; init; } = 0.3;

    /// <summary>The start of the simulated span.</summary>
    public DateTimeOffset Start => End.AddDays(-Days);

    /// <summary>Throws when an option is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ItemCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ShopperCount, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(Days, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(EventsPerShopper, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MinInterests, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInterests, MinInterests);
        CheckShare(DriftProbability, nameof(DriftProbability));
        CheckShare(ChineseShare, nameof(ChineseShare));
        CheckShare(NoiseShare, nameof(NoiseShare));
        CheckShare(OutOfStockShare, nameof(OutOfStockShare));
        CheckShare(NewArrivalShare, nameof(NewArrivalShare));
        CheckShare(DislikedBrandProbability, nameof(DislikedBrandProbability));
        CheckShare(BundleShare, nameof(BundleShare));
    }

    private static void CheckShare(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be in [0, 1].");
        }
    }
}
