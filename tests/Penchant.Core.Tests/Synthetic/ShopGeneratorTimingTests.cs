using Penchant.Core.Synthetic;

namespace Penchant.Core.Tests.Synthetic;

/// <summary>Tests that measure processor time run alone, so that other tests' threads do not count.</summary>
[CollectionDefinition(nameof(ShopGeneratorTimingTests), DisableParallelization = true)]
public sealed class ShopGeneratorTimingCollection;

[Collection(nameof(ShopGeneratorTimingTests))]
public sealed class ShopGeneratorTimingTests
{
    [Fact]
    public void Default_shop_generates_in_well_under_five_seconds_of_cpu()
    {
        // Processor time rather than the wall clock: build machines are shared and the wall clock is noisy.
        // Generation is single-threaded and this test runs alone.
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        var shop = new ShopGenerator().Generate();
        process.Refresh();
        var spent = process.TotalProcessorTime - before;
        Assert.Equal(3000, shop.Items.Count);
        Assert.Equal(2000, shop.Users.Count);
        Assert.True(spent < TimeSpan.FromSeconds(5), $"generation took {spent} of processor time");
    }
}
