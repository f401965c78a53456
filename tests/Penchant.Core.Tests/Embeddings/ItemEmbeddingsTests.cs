using Penchant.Core.Embeddings;

namespace Penchant.Core.Tests.Embeddings;

public sealed class ItemEmbeddingsTests
{
    [Fact]
    public void Rows_are_normalised_zero_rows_stay_zero_and_nearest_excludes_self()
    {
        var table = ItemEmbeddings.FromRows([[3f, 4f], [0f, 0f], [1f, 0f], [0f, 2f]], 2);
        Assert.Equal([0.6f, 0.8f], table.Row(0).ToArray());
        Assert.False(table.Has(1));
        Assert.True(table.Has(2));
        var nearest = table.Nearest(0, 2);
        Assert.Equal(3, nearest[0].Item);
        Assert.Equal(0.8f, nearest[0].Score, 5);
        Assert.Equal(2, nearest[1].Item);
        Assert.Throws<ArgumentException>(() => new ItemEmbeddings(2, 3, new float[5]));
    }
}
