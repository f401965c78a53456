using Penchant.Core.Privacy;

namespace Penchant.Core.Tests.Privacy;

public sealed class RetentionPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 8, 0, 0, TimeSpan.FromHours(8));

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public void The_cutoff_is_now_minus_the_maximum_age()
    {
        var policy = new RetentionPolicy(TimeSpan.FromDays(90));
        Assert.Equal(Now.AddDays(-90), policy.CutoffFrom(Now));
        Assert.Equal(Now.AddDays(-90), policy.CutoffFrom(new FixedClock(Now.ToUniversalTime())));
        Assert.True(policy.IsExpired(Now.AddDays(-90).AddTicks(-1), Now));
        Assert.False(policy.IsExpired(Now.AddDays(-90), Now));
        Assert.False(policy.IsExpired(Now, Now));
    }

    [Fact]
    public void The_default_keeps_a_year() => Assert.Equal(TimeSpan.FromDays(365), RetentionPolicy.Default.MaxEventAge);

    [Fact]
    public void A_huge_age_cuts_off_at_the_beginning_of_time() =>
        Assert.Equal(DateTimeOffset.MinValue, new RetentionPolicy(TimeSpan.MaxValue).CutoffFrom(Now));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_non_positive_age_is_refused(int days) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetentionPolicy(TimeSpan.FromDays(days)));
}
