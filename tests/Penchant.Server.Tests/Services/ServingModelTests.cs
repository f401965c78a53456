using Penchant.Core.Data;
using Penchant.Server.Services;

namespace Penchant.Server.Tests.Services;

public sealed class ServingModelTests
{
    private static readonly DateTimeOffset Erased = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A snapshot knowing users a and b, whose training ran for a minute and ended at <paramref name="trainedAt"/>.</summary>
    private static ServingSnapshot Snapshot(long version, DateTimeOffset trainedAt) =>
        new(version, "itemknn", null, new IdMap(["a", "b"]), new IdMap(["i"]), [null], [1f], [0f], 2, 2, trainedAt, TimeSpan.FromMinutes(1));

    [Fact]
    public void An_erased_user_leaves_the_serving_map_at_once_and_other_users_keep_their_index()
    {
        var serving = new ServingModel("itemknn");
        serving.Swap(Snapshot(1, Erased.AddHours(-1)));
        Assert.True(serving.ForgetUser("a", Erased));
        Assert.False(serving.Current.Users.Contains("a"));
        Assert.Equal(1, serving.Current.Users.IndexOf("b"));
        Assert.False(serving.ForgetUser("nobody", Erased));
    }

    [Fact]
    public void A_run_that_began_before_the_erasure_cannot_bring_the_user_back_but_a_later_run_may_know_them_again()
    {
        var serving = new ServingModel("itemknn");
        serving.Swap(Snapshot(1, Erased.AddHours(-1)));
        serving.ForgetUser("a", Erased);

        // Began 30 s before the erasure and ended after it: it may have read a's events.
        serving.Swap(Snapshot(2, Erased.AddSeconds(30)));
        Assert.False(serving.Current.Users.Contains("a"));

        // Began after the erasure: "a" here is a shopper who came back with new events.
        serving.Swap(Snapshot(3, Erased.AddMinutes(5)));
        Assert.True(serving.Current.Users.Contains("a"));
    }
}
