using Penchant.Core.Data;
using Penchant.Core.Privacy;

namespace Penchant.Core.Tests.Privacy;

public sealed class ConsentPolicyTests
{
    [Theory]
    [InlineData(true, true, ConsentPurpose.Personalization, true)]
    [InlineData(false, true, ConsentPurpose.Personalization, false)]
    [InlineData(true, false, ConsentPurpose.Personalization, true)]
    [InlineData(true, false, ConsentPurpose.Segments, false)]
    [InlineData(true, false, ConsentPurpose.Audiences, false)]
    [InlineData(true, false, ConsentPurpose.Exports, false)]
    [InlineData(false, true, ConsentPurpose.Segments, true)]
    [InlineData(false, true, ConsentPurpose.Exports, true)]
    public void Each_purpose_follows_its_flag(bool personalization, bool profiling, ConsentPurpose purpose, bool allowed) =>
        Assert.Equal(allowed, ConsentPolicy.Default.Allows(new ConsentFlags(personalization, profiling), purpose));

    [Fact]
    public void Unknown_consent_follows_the_policy_default()
    {
        Assert.True(ConsentPolicy.Default.MayPersonalize(null));
        Assert.True(ConsentPolicy.Default.MayProfile(null));
        Assert.False(ConsentPolicy.OptIn.MayPersonalize(null));
        Assert.False(ConsentPolicy.OptIn.MayProfile(null));
        Assert.True(ConsentPolicy.OptIn.MayProfile(new ConsentFlags()));
        Assert.False(ConsentPolicy.OptIn.Allows(new User("u"), ConsentPurpose.Audiences));
    }

    [Fact]
    public void Filter_keeps_only_consenting_users()
    {
        User[] users =
        [
            new("a"),
            new("b", Consent: new ConsentFlags(Profiling: false)),
            new("c", Consent: new ConsentFlags(Personalization: false)),
        ];
        var audience = ConsentPolicy.Default.Filter(users, u => u.Consent, ConsentPurpose.Audiences).Select(u => u.Id);
        Assert.Equal(["a", "c"], audience);
        var personalised = ConsentPolicy.Default.Filter(users, u => u.Consent, ConsentPurpose.Personalization).Select(u => u.Id);
        Assert.Equal(["a", "b"], personalised);
    }
}
