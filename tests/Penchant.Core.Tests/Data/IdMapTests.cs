using Penchant.Core.Data;

namespace Penchant.Core.Tests.Data;

public sealed class IdMapTests
{
    [Fact]
    public void Ids_map_densely_in_first_seen_order_and_back()
    {
        var map = new IdMap();
        Assert.Equal(0, map.GetOrAdd("b"));
        Assert.Equal(1, map.GetOrAdd("a"));
        Assert.Equal(0, map.GetOrAdd("b"));
        Assert.Equal(2, map.Count);
        Assert.Equal("a", map[1]);
        Assert.Equal(-1, map.IndexOf("zz"));
        Assert.True(map.Contains("a"));
    }
}
