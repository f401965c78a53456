using Penchant.Core.Data;
using Penchant.Core.Segments;

namespace Penchant.Core.Tests.Segments;

public sealed class ShopperSegmenterTests
{
    // Items 0-9 are Books, 10-19 Shoes, 20-29 Garden. Shoppers 0-29 take only books, 30-49 only shoes, 50-59 mostly
    // garden with some books; each takes 3-8 items, so activity differs within every planted group.
    private static (InteractionData Data, int[] InterestOf) Shop()
    {
        var rng = new Random(9);
        var sequences = new int[60][];
        for (var u = 0; u < 60; u++)
        {
            var n = rng.Next(3, 9);
            sequences[u] = u < 30 ? Pick(rng, 0, n) : u < 50 ? Pick(rng, 10, n) : [.. Pick(rng, 20, n), rng.Next(0, 10)];
        }

        return (InteractionData.FromSequences(sequences, 30), [.. Enumerable.Range(0, 30).Select(static i => i / 10)]);
    }

    private static int[] Pick(Random rng, int first, int n) => [.. Enumerable.Range(first, 10).OrderBy(_ => rng.Next()).Take(n)];

    [Fact]
    public void Planted_groups_come_back_as_segments_labelled_by_their_interests()
    {
        var (data, interestOf) = Shop();
        var segments = new ShopperSegmenter(new SegmentOptions(Segments: 3)).Fit(data, interestOf, ["Books", "Shoes", "Garden"], seed: 1);

        Assert.Equal(3, segments.Count);
        Assert.Equal(Enumerable.Range(0, 30), segments[0].Members);
        Assert.Equal("Books", segments[0].Label);
        Assert.Equal(1.0, segments[0].TopInterests[0].Share, 6);
        Assert.Equal(Enumerable.Range(30, 20), segments[1].Members);
        Assert.Equal("Shoes", segments[1].Label);
        Assert.Equal(Enumerable.Range(50, 10), segments[2].Members);
        Assert.Equal("Garden / Books", segments[2].Label);
        Assert.True(segments[2].TopInterests[0].Share > 0.7 && segments[2].TopInterests[1].Share > 0.05);
        Assert.Equal(1.0, segments[2].TopInterests.Sum(static t => t.Share), 3);
    }

    [Fact]
    public void Ineligible_shoppers_are_in_no_segment_and_the_count_is_bounded_by_the_shoppers()
    {
        var (data, interestOf) = Shop();
        var segments = new ShopperSegmenter(new SegmentOptions(Segments: 3)).Fit(data, interestOf, ["Books", "Shoes", "Garden"], seed: 1, eligible: static u => u % 2 == 0);
        Assert.All(segments.SelectMany(static s => s.Members), static u => Assert.Equal(0, u % 2));
        Assert.Equal(30, segments.Sum(static s => s.Members.Count));

        var few = new ShopperSegmenter(new SegmentOptions(Segments: 10)).Fit(data, interestOf, ["Books", "Shoes", "Garden"], seed: 1, eligible: static u => u < 2);
        Assert.Single(few); // two shoppers with the same mix
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShopperSegmenter(new SegmentOptions(Segments: 0)));
    }
}
