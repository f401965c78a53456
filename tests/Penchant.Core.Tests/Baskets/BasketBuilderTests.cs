using Penchant.Core.Baskets;
using Penchant.Core.Data;

namespace Penchant.Core.Tests.Baskets;

public sealed class BasketBuilderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static Event E(string user, string item, EventType type, double minutes, string? session = null) =>
        new($"{user}-{item}-{type}-{minutes}", user, item, type, T0.AddMinutes(minutes), SessionId: session);

    private static List<string> Baskets(BasketSet set) =>
        [.. Enumerable.Range(0, set.Matrix.Rows)
            .Select(b => string.Join(",", set.Matrix.RowColumns(b).ToArray().Select(i => set.Items[i]).Order(StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal)];

    [Fact]
    public void Groups_purchases_by_session_and_otherwise_by_the_gap_between_them()
    {
        var builder = new BasketBuilder();
        builder.Add(E("ann", "bread", EventType.Purchase, 0, "s1"));
        builder.Add(E("ann", "milk", EventType.Purchase, 300, "s1"));   // same session, hours later: same basket
        builder.Add(E("ann", "eggs", EventType.Purchase, 5, "s2"));
        builder.Add(E("ann", "milk", EventType.View, 6, "s2"));         // not a purchase
        builder.Add(E("bob", "tea", EventType.Purchase, 0));
        builder.Add(E("bob", "cake", EventType.Purchase, 50));          // within the hour: same basket
        builder.Add(E("bob", "tea", EventType.Purchase, 55));           // an item counts once per basket
        builder.Add(E("bob", "jam", EventType.Purchase, 200));          // 150 minutes on: a new basket
        builder.Add(E("cat", "jam", EventType.Purchase, 10));           // another shopper never joins bob's basket

        var set = builder.Build();
        Assert.Equal(["bread,milk", "cake,tea", "eggs", "jam", "jam"], Baskets(set));
        Assert.Equal(8, builder.Count);
        Assert.All(set.Matrix.Values.ToArray(), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void Chosen_event_types_and_gap_are_used()
    {
        var builder = new BasketBuilder(new BasketOptions(new HashSet<EventType> { EventType.AddToCart, EventType.Purchase }, TimeSpan.FromMinutes(10)));
        builder.Add(E("ann", "bread", EventType.AddToCart, 0));
        builder.Add(E("ann", "milk", EventType.Purchase, 8));
        builder.Add(E("ann", "eggs", EventType.AddToCart, 30));
        builder.Add(E("ann", "soap", EventType.Like, 31));

        Assert.Equal(["bread,milk", "eggs"], Baskets(builder.Build()));
    }

    [Fact]
    public void Baskets_become_interaction_data_with_the_same_items()
    {
        var builder = new BasketBuilder();
        builder.Add(E("ann", "bread", EventType.Purchase, 0));
        builder.Add(E("ann", "milk", EventType.Purchase, 1));
        var set = builder.Build();
        var data = set.ToInteractionData();
        Assert.Equal(1, data.UserCount);
        Assert.Equal(2, data.ItemCount);
        Assert.Equal(set.Items.Ids, data.Items.Ids);
    }

    [Fact]
    public void Records_whose_user_is_the_basket_become_one_row_each_with_items_once()
    {
        var set = BasketSet.FromRecords([new("1", "milk", 1, 5), new("1", "bread", 1, 3), new("2", "milk", 1, 1), new("1", "milk", 1, 9)]);
        Assert.Equal(2, set.Matrix.Rows);
        Assert.Equal(["milk", "bread"], set.Items.Ids);
        Assert.Equal([0, 1], set.Matrix.RowColumns(0).ToArray());
        Assert.Equal([0], set.Matrix.RowColumns(1).ToArray());
    }
}
