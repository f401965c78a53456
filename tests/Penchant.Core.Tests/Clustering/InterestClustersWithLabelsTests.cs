using Penchant.Core.Clustering;

namespace Penchant.Core.Tests.Clustering;

public sealed class InterestClustersWithLabelsTests
{
    [Fact]
    public void New_labels_replace_the_old_ones_and_blank_ones_keep_them()
    {
        var clusters = InterestClusters.Restore(
            [new InterestCluster(4, "shoes running", ["Shoes"], ["running"], ["a", "b"]), new InterestCluster(9, "books", ["Books"], [], ["c"])],
            nextId: 10);

        var named = clusters.WithLabels([" Running shoes ", " "]);

        Assert.Equal(["Running shoes", "books"], named.Clusters.Select(static c => c.Label));
        Assert.Equal(clusters.Clusters.Select(static c => (c.Id, c.Members.Count)), named.Clusters.Select(static c => (c.Id, c.Members.Count)));
        Assert.Equal(10, named.NextId);
        Assert.Throws<ArgumentException>(() => clusters.WithLabels(["one"]));
    }
}
