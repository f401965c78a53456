using Penchant.Core.Data;

namespace Penchant.Core.Tests.Data;

public sealed class InteractionDataWithoutHistoryTests
{
    [Fact]
    public void The_users_row_and_sequence_go_and_every_other_row_stays_with_its_times()
    {
        var users = new IdMap(["a", "b", "c"]);
        var items = new IdMap(["x", "y", "z"]);
        var data = InteractionData.FromInteractions(
            [new(0, 0, 1f, 10), new(0, 2, 2f, 20), new(1, 1, 3f, 30), new(1, 2, 4f, 40), new(1, 1, 1f, 50), new(2, 0, 5f, 60)],
            users,
            items);
        var renamed = new IdMap(["a", "\0erased/1", "c"]);

        var without = data.WithoutHistoryOf(1, renamed);

        Assert.Same(renamed, without.Users);
        Assert.Equal(0, without.Matrix.RowLength(1));
        Assert.Empty(without.Sequences[1]);
        foreach (var u in new[] { 0, 2 })
        {
            Assert.Equal(data.Matrix.RowColumns(u).ToArray(), without.Matrix.RowColumns(u).ToArray());
            Assert.Equal(data.Matrix.RowValues(u).ToArray(), without.Matrix.RowValues(u).ToArray());
            Assert.Equal(data.RowTimes(u).ToArray(), without.RowTimes(u).ToArray());
            Assert.Equal(data.Sequences[u], without.Sequences[u]);
        }

        Assert.Equal(data.Matrix.NonZeros - data.Matrix.RowLength(1), without.Matrix.NonZeros);
        Assert.Equal(2, data.Matrix.RowLength(1)); // the original is untouched
    }
}
