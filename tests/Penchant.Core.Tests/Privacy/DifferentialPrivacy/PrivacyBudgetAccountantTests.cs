using Penchant.Core.Privacy.DifferentialPrivacy;

namespace Penchant.Core.Tests.Privacy.DifferentialPrivacy;

public sealed class PrivacyBudgetAccountantTests
{
    private static PrivacyBudgetAccountant Create(double epsilon = 1.0, double delta = 1e-6) =>
        new(new PrivacyBudgetOptions(new PrivacyCost(epsilon, delta)));

    [Fact]
    public void Spending_composes_and_is_refused_once_the_limit_would_be_passed()
    {
        var accountant = Create();
        Assert.True(accountant.TrySpend("export", new PrivacyCost(0.6)).Granted);
        var refused = accountant.TrySpend("export", new PrivacyCost(0.5));
        Assert.False(refused.Granted);
        Assert.Equal(0.6, refused.Spent.Epsilon, 12);
        Assert.Equal(0.6, accountant.SpentBy("export").Epsilon, 12);
        Assert.Equal(0.4, refused.Remaining.Epsilon, 12);
        Assert.True(accountant.TrySpend("export", new PrivacyCost(0.4)).Granted);
        Assert.False(accountant.TrySpend("export", new PrivacyCost(1e-6)).Granted);
    }

    [Fact]
    public void Ten_tenths_fit_a_limit_of_one()
    {
        var accountant = Create();
        for (var i = 0; i < 10; i++)
        {
            Assert.True(accountant.TrySpend("dash", new PrivacyCost(0.1)).Granted, $"spend {i}");
        }

        Assert.False(accountant.TrySpend("dash", new PrivacyCost(0.1)).Granted);
    }

    [Fact]
    public void Delta_is_budgeted_separately_and_a_refusal_spends_no_epsilon()
    {
        var accountant = Create(epsilon: 10, delta: 1e-5);
        Assert.True(accountant.TrySpend("c", new PrivacyCost(1, 8e-6)).Granted);
        Assert.False(accountant.TrySpend("c", new PrivacyCost(1, 8e-6)).Granted);
        Assert.Equal(new PrivacyCost(1, 8e-6), accountant.SpentBy("c"));
    }

    [Fact]
    public void Consumers_have_separate_budgets_and_may_have_their_own_limits()
    {
        var options = new PrivacyBudgetOptions(
            new PrivacyCost(1.0),
            new Dictionary<string, PrivacyCost> { ["partner"] = new PrivacyCost(0.2) });
        var accountant = new PrivacyBudgetAccountant(options);
        Assert.True(accountant.TrySpend("a", new PrivacyCost(1.0)).Granted);
        Assert.True(accountant.TrySpend("b", new PrivacyCost(1.0)).Granted);
        Assert.False(accountant.TrySpend("partner", new PrivacyCost(0.3)).Granted);
        Assert.True(accountant.TrySpend("partner", new PrivacyCost(0.2)).Granted);
    }

    [Fact]
    public void Spend_throws_a_clear_exception_and_spends_nothing()
    {
        var accountant = Create();
        accountant.Spend("analytics", new PrivacyCost(0.9));
        var ex = Assert.Throws<PrivacyBudgetExceededException>(() => accountant.Spend("analytics", new PrivacyCost(0.2)));
        Assert.Contains("'analytics'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was released or spent", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.Decision!.Granted);
        Assert.Equal(0.9, accountant.SpentBy("analytics").Epsilon, 12);
    }

    [Fact]
    public void Concurrent_spends_never_overshoot()
    {
        var accountant = Create(epsilon: 1.0);
        var granted = 0;
        Parallel.For(0, 1000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            if (accountant.TrySpend("c", new PrivacyCost(0.01)).Granted)
            {
                Interlocked.Increment(ref granted);
            }
        });
        Assert.InRange(granted, 99, 100);
        Assert.True(accountant.SpentBy("c").Epsilon <= 1.0 + 1e-9);
    }

    [Fact]
    public void Spending_survives_a_snapshot_and_restore()
    {
        var accountant = Create();
        accountant.Spend("c", new PrivacyCost(0.7));
        var restored = new PrivacyBudgetAccountant(PrivacyBudgetOptions.Default, accountant.Snapshot());
        Assert.Equal(0.7, restored.SpentBy("c").Epsilon, 12);
        Assert.False(restored.TrySpend("c", new PrivacyCost(0.5)).Granted);
    }

    [Theory]
    [InlineData(-0.1, 0.0)]
    [InlineData(double.NaN, 0.0)]
    [InlineData(1.0, 1.0)]
    [InlineData(1.0, -1e-9)]
    public void Invalid_costs_are_rejected(double epsilon, double delta) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrivacyCost(epsilon, delta));
}
