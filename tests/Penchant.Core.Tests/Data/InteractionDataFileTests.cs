using System.Text;
using Penchant.Core.Data;

namespace Penchant.Core.Tests.Data;

public sealed class InteractionDataFileTests
{
    [Fact]
    public void Written_and_read_back_the_data_is_the_same_matrix_times_sequences_and_ids()
    {
        Interaction[] xs =
        [
            new(0, 3, 1f, 500), new(0, 1, 2f, 900), new(0, 3, 0.5f, 700),
            new(1, 4, 1f, 300), new(2, 0, 3f, 50), new(2, 4, 1f, 60),
        ];
        var data = InteractionData.FromInteractions(xs, new IdMap(["ana", "bo", "cy"]), new IdMap(["i0", "i1", "i2", "i3", "i4"]));
        var back = RoundTrip(data);

        Assert.Equal((data.UserCount, data.ItemCount), (back.UserCount, back.ItemCount));
        Assert.Equal(data.Matrix.RowPointers.ToArray(), back.Matrix.RowPointers.ToArray());
        Assert.Equal(data.Matrix.ColumnIndices.ToArray(), back.Matrix.ColumnIndices.ToArray());
        Assert.Equal(data.Matrix.Values.ToArray(), back.Matrix.Values.ToArray());
        for (var u = 0; u < data.UserCount; u++)
        {
            Assert.Equal(data.RowTimes(u).ToArray(), back.RowTimes(u).ToArray());
            Assert.Equal(data.Sequences[u], back.Sequences[u]);
        }

        Assert.Equal(data.Users.Ids, back.Users.Ids);
        Assert.Equal(data.Items.Ids, back.Items.Ids);
        Assert.Equal([900L, 700L], back.RowTimes(0).ToArray());
    }

    [Fact]
    public void Data_whose_ids_do_not_match_its_shape_is_refused()
    {
        var data = InteractionData.FromSequences([[0, 1], [1]], 2, new IdMap(["ana", "bo"]), new IdMap(["i0", "i1"]));
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            data.Write(writer);
        }

        // The last item id is "i1": make it "i0", so the item map holds one id for two columns.
        var bytes = stream.ToArray();
        bytes[^1] = (byte)'0';
        using var reader = new BinaryReader(new MemoryStream(bytes));
        var error = Assert.Throws<InvalidDataException>(() => InteractionData.Read(reader));
        Assert.Contains("1 item ids", error.Message, StringComparison.Ordinal);
    }

    private static InteractionData RoundTrip(InteractionData data)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            data.Write(writer);
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        var back = InteractionData.Read(reader);
        Assert.Equal(stream.Length, stream.Position);
        return back;
    }
}
