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

    [Fact]
    public void Several_users_go_in_one_pass_as_they_would_one_after_another()
    {
        var random = new Random(7);
        var userIds = Enumerable.Range(0, 12).Select(static u => $"u{u}").ToArray();
        var users = new IdMap(userIds);
        var items = new IdMap(Enumerable.Range(0, 9).Select(static i => $"i{i}"));
        var data = InteractionData.FromInteractions(
            [.. Enumerable.Range(0, 80).Select(e => new Interaction(random.Next(12), random.Next(9), 1f + random.Next(4), 100 + e))],
            users,
            items);
        int[] gone = [0, 4, 5, 11];
        var renamed = new IdMap(userIds.Select((id, u) => gone.Contains(u) ? "\0erased/" + u : id));

        var once = data.WithoutHistoriesOf(gone.ToHashSet(), renamed);
        var stepwise = data;
        foreach (var u in gone)
        {
            stepwise = stepwise.WithoutHistoryOf(u, renamed);
        }

        Assert.Same(renamed, once.Users);
        Assert.Equal(stepwise.Matrix.RowPointers.ToArray(), once.Matrix.RowPointers.ToArray());
        Assert.Equal(stepwise.Matrix.ColumnIndices.ToArray(), once.Matrix.ColumnIndices.ToArray());
        Assert.Equal(stepwise.Matrix.Values.ToArray(), once.Matrix.Values.ToArray());
        for (var u = 0; u < 12; u++)
        {
            Assert.Equal(stepwise.RowTimes(u).ToArray(), once.RowTimes(u).ToArray());
            Assert.Equal(stepwise.Sequences[u], once.Sequences[u]);
            Assert.Equal(gone.Contains(u) ? 0 : data.Matrix.RowLength(u), once.Matrix.RowLength(u));
        }

        Assert.Equal(data.Matrix.NonZeros - gone.Sum(u => data.Matrix.RowLength(u)), once.Matrix.NonZeros);
    }
}
