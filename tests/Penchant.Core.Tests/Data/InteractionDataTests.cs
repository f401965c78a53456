using Penchant.Core.Data;

namespace Penchant.Core.Tests.Data;

public sealed class InteractionDataTests
{
    [Fact]
    public void Row_times_hold_each_cells_latest_interaction_aligned_with_the_row_columns()
    {
        Interaction[] xs =
        [
            new(0, 3, 1f, 500), new(0, 1, 2f, 900), new(0, 3, 0.5f, 700), new(0, 3, 1f, 600),
            new(1, 2, 1f, 100), new(1, 2, -1f, 200), // cancels out: not in the matrix
            new(1, 4, 1f, 300),
        ];
        var data = InteractionData.FromInteractions(xs, new IdMap(["a", "b"]), new IdMap(["0", "1", "2", "3", "4"]));
        Assert.Equal([1, 3], data.Matrix.RowColumns(0).ToArray());
        Assert.Equal([900L, 700L], data.RowTimes(0).ToArray());
        Assert.Equal([4], data.Matrix.RowColumns(1).ToArray());
        Assert.Equal([300L], data.RowTimes(1).ToArray());
    }

    [Fact]
    public void From_sequences_an_items_time_is_its_last_position()
    {
        var data = InteractionData.FromSequences([[2, 0, 2, 1], []], 3);
        Assert.Equal([0, 1, 2], data.Matrix.RowColumns(0).ToArray());
        Assert.Equal([1L, 3L, 2L], data.RowTimes(0).ToArray());
        Assert.Equal(0, data.RowTimes(1).Length);
    }

    [Fact]
    public void Times_must_match_the_nonzeros()
    {
        var matrix = InteractionMatrix.FromInteractions(1, 2, [new Interaction(0, 0, 1f), new Interaction(0, 1, 1f)]);
        var ex = Assert.Throws<ArgumentException>(() => new InteractionData(matrix, [[0, 1]], new IdMap(["a"]), new IdMap(["x", "y"]), [5L]));
        Assert.Equal("times", ex.ParamName);
        Assert.Equal([0L, 0L], new InteractionData(matrix, [[0, 1]], new IdMap(["a"]), new IdMap(["x", "y"])).RowTimes(0).ToArray());
    }
}
