using Penchant.Core.Data;
using Penchant.Storage.Sqlite;

namespace Penchant.Storage.Tests;

public sealed class InteractionLoaderTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Loading_from_the_store_equals_building_from_the_same_events_in_memory()
    {
        await using var store = await SqliteStore.OpenAsync(_dir.File("load.db"));
        var rng = new Random(11);
        var types = new[] { EventType.View, EventType.Purchase, EventType.Rating, EventType.Dislike, EventType.Search, EventType.AddToCart };
        var events = Enumerable.Range(0, 600).Select(i =>
        {
            var type = types[rng.Next(types.Length)];
            return new Event($"e{i}", $"u{rng.Next(25)}", type == EventType.Search ? null : $"i{rng.Next(30)}", type,
                T0.AddHours(rng.Next(24 * 200)), type == EventType.Rating ? 1 + rng.Next(5) : null);
        }).ToList();
        await store.AppendEventsAsync(events);
        // Two catalogue items nobody touched.
        await store.UpsertItemsAsync([new Item("lonely-a", "A"), new Item("lonely-b", "B"), new Item("i3", "Three")]);

        var weights = new EventWeights { HalfLifeDays = 30 };
        var data = await InteractionLoader.LoadAsync(store, store, weights);

        // The same events through the builder directly, in the order the store promises (time, then insertion).
        var expected = new InteractionBuilder(weights);
        foreach (var id in new[] { "i3", "lonely-a", "lonely-b" })
        {
            expected.AddItem(id);
        }

        foreach (var e in events.Select((e, i) => (e, i)).OrderBy(x => x.e.Timestamp).ThenBy(x => x.i).Select(x => x.e))
        {
            expected.Add(e);
        }

        var reference = expected.Build();
        Assert.Equal(reference.Items.Ids, data.Items.Ids);
        Assert.Equal(reference.Users.Ids, data.Users.Ids);
        Assert.Equal(reference.Matrix.RowPointers.ToArray(), data.Matrix.RowPointers.ToArray());
        Assert.Equal(reference.Matrix.ColumnIndices.ToArray(), data.Matrix.ColumnIndices.ToArray());
        Assert.Equal(reference.Matrix.Values.ToArray(), data.Matrix.Values.ToArray());
        Assert.Equal(reference.Sequences, data.Sequences);

        // Catalogue items come first in id order and keep their columns without any events.
        Assert.Equal(["i3", "lonely-a", "lonely-b"], data.Items.Ids.Take(3));
        var lonely = data.Items.IndexOf("lonely-a");
        Assert.All(Enumerable.Range(0, data.UserCount), u => Assert.Equal(0f, data.Matrix.Get(u, lonely)));
        Assert.True(data.Matrix.NonZeros > 0);
    }

    [Fact]
    public async Task Weights_and_reference_time_shape_the_matrix()
    {
        await using var store = await SqliteStore.OpenAsync(_dir.File("weights.db"));
        await store.AppendEventsAsync(
        [
            new Event("a", "u", "x", EventType.Purchase, T0),
            new Event("b", "u", "y", EventType.View, T0.AddDays(10)),
            new Event("c", "u", "z", EventType.Dislike, T0.AddDays(10)),
            new Event("d", "v", null, EventType.Search, T0.AddDays(10), Text: "socks"),
        ]);

        var data = await InteractionLoader.LoadAsync(store, null, new EventWeights { Purchase = 6, View = 1, HalfLifeDays = 10 }, T0.AddDays(20));
        var u = data.Users.IndexOf("u");
        Assert.Equal(6f * 0.25f, data.Matrix.Get(u, data.Items.IndexOf("x")), 5);
        Assert.Equal(0.5f, data.Matrix.Get(u, data.Items.IndexOf("y")), 5);
        Assert.Equal(0f, data.Matrix.Get(u, data.Items.IndexOf("z")));
        Assert.Equal(2, data.Matrix.RowLength(u));
        Assert.Equal(3, data.ItemCount);
    }
}
