using Penchant.Core.Data;

namespace Penchant.Core.Tests.Data;

public sealed class InteractionBuilderTests
{
    [Fact]
    public void Weights_decay_by_half_life_and_sequences_follow_time()
    {
        var now = new DateTimeOffset(2026, 1, 31, 0, 0, 0, TimeSpan.Zero);
        var builder = new InteractionBuilder(new EventWeights { HalfLifeDays = 30 }) { ReferenceTime = now };
        builder.Add(new Event("e2", "u", "b", EventType.Purchase, now));
        builder.Add(new Event("e1", "u", "a", EventType.View, now.AddDays(-30)));
        builder.Add(new Event("e3", "u", null, EventType.Search, now, Text: "shoes"));
        builder.Add(new Event("e4", "u", "c", EventType.Dislike, now));
        var data = builder.Build();

        var u = data.Users.IndexOf("u");
        Assert.Equal(0.5f, data.Matrix.Get(u, data.Items.IndexOf("a")), 5);
        Assert.Equal(5f, data.Matrix.Get(u, data.Items.IndexOf("b")), 5);
        Assert.Equal(0f, data.Matrix.Get(u, data.Items.IndexOf("c")));
        Assert.Equal(["a", "b"], data.Sequences[u].Select(i => data.Items[i]));
        Assert.Equal(4, builder.EventCount);
    }

    [Theory]
    [InlineData(EventType.Rating, 5.0, 4.5)]
    [InlineData(EventType.Rating, 1.0, 0.5)]
    [InlineData(EventType.Purchase, 2.0, 10.0)]
    [InlineData(EventType.View, null, 1.0)]
    [InlineData(EventType.Dislike, null, -4.0)]
    public void Default_weights(EventType type, double? value, double expected) =>
        Assert.Equal(expected, EventWeights.Default.WeightOf(type, value), 6);

    [Theory]
    [InlineData("add_to_cart", EventType.AddToCart)]
    [InlineData("AddToCart", EventType.AddToCart)]
    [InlineData("purchase", EventType.Purchase)]
    [InlineData("remove-from-cart", EventType.RemoveFromCart)]
    public void Event_type_wire_names_parse(string text, EventType expected)
    {
        Assert.True(EventTypes.TryParse(text, out var type));
        Assert.Equal(expected, type);
        Assert.True(EventTypes.TryParse(type.WireName(), out var again));
        Assert.Equal(type, again);
    }

    [Fact]
    public void Unknown_event_type_does_not_parse() => Assert.False(EventTypes.TryParse("teleport", out _));
}
