using Penchant.Core.Data;
using Penchant.Core.Privacy;

namespace Penchant.Core.Tests.Privacy;

public sealed class FieldMinimizerTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void User_attributes_outside_the_allow_list_are_dropped_and_named()
    {
        var user = new User(
            "u1",
            new Dictionary<string, string> { ["Age_Band"] = "25-34", ["email"] = "a@b.com", ["region"] = "east", ["birthday"] = "1990-01-01" },
            new ConsentFlags(Profiling: false));
        var result = new FieldMinimizer(MinimizationOptions.Default).Apply(user);

        Assert.Equal(["attributes.birthday", "attributes.email"], result.DroppedFields);
        Assert.Equal(new Dictionary<string, string> { ["Age_Band"] = "25-34", ["region"] = "east" }, result.Value.Attributes);
        Assert.Equal("u1", result.Value.Id);
        Assert.False(result.Value.ConsentOrDefault.Profiling);
        Assert.Equal(4, user.Attributes!.Count);
    }

    [Fact]
    public void A_user_with_nothing_to_drop_is_returned_as_is()
    {
        var user = new User("u1", new Dictionary<string, string> { ["region"] = "east" });
        var result = new FieldMinimizer(MinimizationOptions.Default).Apply(user);
        Assert.Same(user, result.Value);
        Assert.False(result.DroppedAny);
        var bare = new User("u2");
        var strict = new FieldMinimizer(MinimizationOptions.Strictest).Apply(bare);
        Assert.Same(bare, strict.Value);
        Assert.Empty(strict.DroppedFields);
    }

    [Fact]
    public void The_strictest_options_drop_every_attribute_and_optional_event_field()
    {
        var minimizer = new FieldMinimizer(MinimizationOptions.Strictest);
        var user = minimizer.Apply(new User("u1", new Dictionary<string, string> { ["region"] = "east" }));
        Assert.Null(user.Value.Attributes);
        Assert.Equal(["attributes.region"], user.DroppedFields);

        var e = minimizer.Apply(new Event("e1", "u1", null, EventType.Search, T, 1, "boots", "s1"));
        Assert.Equal(new Event("e1", "u1", null, EventType.Search, T), e.Value);
        Assert.Equal(["value", "text", "session_id"], e.DroppedFields);
    }

    [Fact]
    public void Text_is_kept_only_on_searches_and_reviews()
    {
        var minimizer = new FieldMinimizer(MinimizationOptions.Default);
        var review = minimizer.Apply(new Event("e1", "u1", "i1", EventType.Review, T, 4, "nice"));
        Assert.Equal("nice", review.Value.Text);
        Assert.Empty(review.DroppedFields);

        var view = minimizer.Apply(new Event("e2", "u1", "i1", EventType.View, T, Text: "stray note", SessionId: "s"));
        Assert.Null(view.Value.Text);
        Assert.Equal("s", view.Value.SessionId);
        Assert.Equal(["text"], view.DroppedFields);
    }

    [Fact]
    public void Chosen_event_fields_are_kept()
    {
        var minimizer = new FieldMinimizer(new MinimizationOptions([], [EventField.Value]));
        var purchase = new Event("e1", "u1", "i1", EventType.Purchase, T, 2, SessionId: "s1", Price: 12.5m);
        var result = minimizer.Apply(purchase);
        Assert.Equal(2, result.Value.Value);
        Assert.Null(result.Value.SessionId);
        Assert.Null(result.Value.Price);
        Assert.Equal(["session_id", "price"], result.DroppedFields);
        Assert.Equal(12.5m, new FieldMinimizer(new MinimizationOptions([], [EventField.Price])).Apply(purchase).Value.Price);
        Assert.Equal(12.5m, new FieldMinimizer(MinimizationOptions.Default).Apply(purchase).Value.Price);

        var bare = new Event("e2", "u1", "i1", EventType.View, T);
        Assert.Same(bare, minimizer.Apply(bare).Value);
    }

    [Fact]
    public void The_tally_counts_drops_across_a_batch()
    {
        var minimizer = new FieldMinimizer(new MinimizationOptions([], [EventField.Value]));
        var tally = new DroppedFieldTally();
        Event[] batch =
        [
            new("e1", "u1", "i1", EventType.View, T, SessionId: "s"),
            new("e2", "u1", null, EventType.Search, T, Text: "boots", SessionId: "s"),
            new("e3", "u1", "i1", EventType.Purchase, T, 1),
        ];
        var kept = batch.Select(e => tally.Add(minimizer.Apply(e))).ToArray();
        tally.Add(minimizer.Apply(new User("u1", new Dictionary<string, string> { ["email"] = "x" })));

        Assert.Equal(3, kept.Length);
        Assert.Equal(new Dictionary<string, int> { ["attributes.email"] = 1, ["session_id"] = 2, ["text"] = 1 }, tally.Counts);
        Assert.Equal(4, tally.Total);
    }
}
