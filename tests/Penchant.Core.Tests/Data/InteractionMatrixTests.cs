using Penchant.Core.Data;

namespace Penchant.Core.Tests.Data;

public sealed class InteractionMatrixTests
{
    [Fact]
    public void Duplicates_are_summed_rows_sorted_and_non_positive_totals_dropped()
    {
        Interaction[] xs =
        [
            new(0, 3, 1f), new(0, 1, 2f), new(0, 3, 0.5f),
            new(1, 2, 1f), new(1, 2, -1f), // cancels out
            new(2, 0, -2f), // negative only
            new(2, 4, 1f),
        ];
        var m = InteractionMatrix.FromInteractions(3, 5, xs);
        Assert.Equal([1, 3], m.RowColumns(0).ToArray());
        Assert.Equal([2f, 1.5f], m.RowValues(0).ToArray());
        Assert.Equal(0, m.RowLength(1));
        Assert.Equal([4], m.RowColumns(2).ToArray());
        Assert.Equal(3, m.NonZeros);
    }

    [Fact]
    public void Transpose_twice_is_identity_and_entries_move()
    {
        var rng = new Random(1);
        var xs = Enumerable.Range(0, 200).Select(_ => new Interaction(rng.Next(20), rng.Next(15), 1f + rng.Next(3))).ToArray();
        var m = InteractionMatrix.FromInteractions(20, 15, xs);
        var t = m.Transpose();
        Assert.Equal(15, t.Rows);
        Assert.Equal(20, t.Columns);
        for (var u = 0; u < 20; u++)
        {
            for (var i = 0; i < 15; i++)
            {
                Assert.Equal(m.Get(u, i), t.Get(i, u));
            }
        }

        var tt = t.Transpose();
        Assert.Equal(m.RowPointers.ToArray(), tt.RowPointers.ToArray());
        Assert.Equal(m.ColumnIndices.ToArray(), tt.ColumnIndices.ToArray());
        Assert.Equal(m.Values.ToArray(), tt.Values.ToArray());
    }

    [Fact]
    public void Out_of_range_interaction_is_rejected_with_its_coordinates()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => InteractionMatrix.FromInteractions(2, 2, [new Interaction(0, 5, 1f)]));
        Assert.Contains("(0, 5)", ex.Message);
    }
}
