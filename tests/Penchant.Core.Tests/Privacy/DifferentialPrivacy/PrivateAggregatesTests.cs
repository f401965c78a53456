using Penchant.Core.Data;
using Penchant.Core.Privacy.DifferentialPrivacy;

namespace Penchant.Core.Tests.Privacy.DifferentialPrivacy;

public sealed class PrivateAggregatesTests
{
    private static PrivateAggregates Create(out PrivacyBudgetAccountant accountant, int k = 10, int maxKeys = 3, double limit = 100)
    {
        accountant = new PrivacyBudgetAccountant(new PrivacyBudgetOptions(new PrivacyCost(limit, 1e-3)));
        return new PrivateAggregates(accountant, new SeededNoiseSource(41), new PrivateAggregatesOptions(k, maxKeys));
    }

    private static IEnumerable<string> Users(int n) => Enumerable.Range(0, n).Select(i => "u" + i);

    [Fact]
    public void A_group_below_k_is_not_released_but_is_charged()
    {
        var aggregates = Create(out var accountant);
        var small = aggregates.CountUsers("c", Users(9), new PrivacyCost(1));
        Assert.Equal(ReleaseStatus.BelowMinimumGroupSize, small.Status);
        Assert.Null(small.Value);
        Assert.Equal(1.0, accountant.SpentBy("c").Epsilon, 12);

        var large = aggregates.CountUsers("c", Users(10), new PrivacyCost(1));
        Assert.Equal(ReleaseStatus.Released, large.Status);
        Assert.NotNull(large.Value);
    }

    [Fact]
    public void Users_count_once_however_often_they_appear()
    {
        var aggregates = Create(out _);
        var repeated = Users(50).SelectMany(u => Enumerable.Repeat(u, 20));
        var count = aggregates.CountUsers("c", repeated, new PrivacyCost(50));
        Assert.InRange(count.Value!.Value, 49, 51);
    }

    [Fact]
    public void An_exhausted_budget_releases_nothing_and_spends_nothing()
    {
        var aggregates = Create(out var accountant, limit: 1);
        Assert.Equal(ReleaseStatus.Released, aggregates.CountUsers("c", Users(20), new PrivacyCost(0.8)).Status);
        var refused = aggregates.CountUsers("c", Users(20), new PrivacyCost(0.8));
        Assert.Equal(ReleaseStatus.BudgetExhausted, refused.Status);
        Assert.Null(refused.Value);
        Assert.Equal(PrivacyCost.Zero, refused.Charged);
        Assert.Equal(0.8, accountant.SpentBy("c").Epsilon, 12);
        var histogram = aggregates.Histogram("c", [("u1", "a")], new PrivacyCost(0.8));
        Assert.Equal(ReleaseStatus.BudgetExhausted, histogram.Status);
        Assert.Empty(histogram.Counts);
    }

    [Fact]
    public void Each_user_counts_towards_at_most_L_distinct_keys_in_the_order_given()
    {
        (string, string)[] contributions =
        [
            ("heavy", "a"), ("heavy", "a"), ("heavy", "b"), ("heavy", "c"), ("heavy", "d"), ("heavy", "e"),
            ("light", "e"), ("light", "a"),
        ];
        var counts = PrivateAggregates.ClampedCounts(contributions, maxKeysPerUser: 3);
        Assert.Equal(2, counts["a"]);
        Assert.Equal(1, counts["b"]);
        Assert.Equal(1, counts["c"]);
        Assert.False(counts.ContainsKey("d"));
        Assert.Equal(1, counts["e"]);
    }

    [Fact]
    public void Histogram_suppresses_small_keys_and_adds_calibrated_noise_to_the_rest()
    {
        var aggregates = Create(out _, k: 10, maxKeys: 2);
        var contributions = Users(200).Select(u => (u, "popular"))
            .Concat(Users(30).Select(u => (u, "niche")))
            .Concat(Enumerable.Range(0, 5).Select(i => ("r" + i, "rare")));
        var histogram = aggregates.Histogram("c", contributions, new PrivacyCost(20));
        Assert.Equal(ReleaseStatus.Released, histogram.Status);
        Assert.Equal(1, histogram.SuppressedKeys);
        Assert.False(histogram.Counts.ContainsKey("rare"));
        Assert.InRange(histogram.Counts["popular"], 197, 203);
        Assert.InRange(histogram.Counts["niche"], 27, 33);
    }

    [Fact]
    public void Histogram_noise_scales_with_the_per_user_cap()
    {
        // Laplace with L1 sensitivity L = 8 at ε = 1: b = 8, so the spread of many releases is about √2·8.
        var aggregates = Create(out _, k: 1, maxKeys: 8, limit: 1e6);
        var contributions = Users(100).Select(u => (u, "x")).ToArray();
        var values = Enumerable.Range(0, 2000)
            .Select(_ => (double)aggregates.Histogram("c", contributions, new PrivacyCost(1)).Counts["x"])
            .ToArray();
        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
        Assert.InRange(mean, 100 - 1.5, 100 + 1.5);
        Assert.InRange(sd, 8 * Math.Sqrt(2) * 0.9, 8 * Math.Sqrt(2) * 1.15);
    }

    [Fact]
    public void A_delta_cost_uses_gaussian_noise_and_counts_are_never_negative()
    {
        var aggregates = Create(out var accountant, k: 1, limit: 1e6);
        var released = Enumerable.Range(0, 200)
            .Select(_ => aggregates.CountUsers("c", Users(1), new PrivacyCost(0.1, 1e-6)))
            .ToArray();
        Assert.All(released, r => Assert.True(r.Value >= 0));
        Assert.Contains(released, r => r.Value == 0);
        Assert.Contains(released, r => r.Value > 10);
        Assert.Equal(200 * 1e-6, accountant.SpentBy("c").Delta, 12);
    }

    [Fact]
    public void Item_popularity_counts_distinct_users_per_item()
    {
        var aggregates = Create(out _, k: 3, limit: 1e6);
        var t = DateTimeOffset.UnixEpoch;
        var events = Users(40)
            .SelectMany(u => Enumerable.Range(0, 5).Select(i => new Event(u + i, u, "shoe", EventType.View, t)))
            .Append(new Event("s", "u1", null, EventType.Search, t, Text: "boots"))
            .Append(new Event("b", "u2", "boot", EventType.View, t));
        var popularity = aggregates.ItemPopularity("c", events, new PrivacyCost(100));
        Assert.InRange(popularity.Counts["shoe"], 39, 41);
        Assert.Equal(1, popularity.SuppressedKeys);
        Assert.Single(popularity.Counts);
    }

    [Fact]
    public void A_release_without_epsilon_is_rejected()
    {
        var aggregates = Create(out _);
        Assert.Throws<ArgumentOutOfRangeException>(() => aggregates.CountUsers("c", Users(20), PrivacyCost.Zero));
    }
}
