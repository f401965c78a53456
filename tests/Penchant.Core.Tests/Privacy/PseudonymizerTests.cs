using System.Security.Cryptography;
using System.Text;
using Penchant.Core.Privacy;

namespace Penchant.Core.Tests.Privacy;

public sealed class PseudonymizerTests
{
    private static readonly byte[] KeyA = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly byte[] KeyB = [.. Enumerable.Range(2, 32).Select(i => (byte)i)];

    [Fact]
    public void Pseudonyms_are_deterministic_compact_and_key_dependent()
    {
        var a = new Pseudonymizer(KeyA);
        var again = new Pseudonymizer(KeyA);
        var b = new Pseudonymizer(KeyB);

        var p = a.Pseudonymize("user-42");
        Assert.Equal(p, again.Pseudonymize("user-42"));
        Assert.NotEqual(p, b.Pseudonymize("user-42"));
        Assert.NotEqual(p, a.Pseudonymize("user-43"));
        Assert.NotEqual(p, a.Pseudonymize("User-42"));
        Assert.StartsWith("p_", p, StringComparison.Ordinal);
        Assert.Equal(Pseudonymizer.Length, p.Length);
        Assert.True(Pseudonymizer.IsPseudonym(p));
        Assert.DoesNotContain("user", a.Pseudonymize("user-42"), StringComparison.Ordinal);
    }

    [Fact]
    public void Pseudonym_is_the_truncated_hmac_of_the_labelled_id()
    {
        var expected = HMACSHA256.HashData(KeyA, Encoding.UTF8.GetBytes("penchant/user-id/v1\0用户-7"));
        var b64 = Convert.ToBase64String(expected[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal("p_" + b64, new Pseudonymizer(KeyA).Pseudonymize("用户-7"));
    }

    [Fact]
    public void Long_ids_are_handled_beyond_the_stack_buffer()
    {
        var p = new Pseudonymizer(KeyA);
        var longId = new string('x', 5000);
        Assert.Equal(p.Pseudonymize(longId), p.Pseudonymize(longId));
        Assert.NotEqual(p.Pseudonymize(longId), p.Pseudonymize(longId + "y"));
    }

    [Fact]
    public void Concurrent_use_gives_the_same_answers()
    {
        var p = new Pseudonymizer(KeyA);
        var ids = Enumerable.Range(0, 2000).Select(i => "u" + i).ToArray();
        var sequential = ids.Select(p.Pseudonymize).ToArray();
        var parallel = ids.AsParallel().AsOrdered().WithDegreeOfParallelism(4).Select(p.Pseudonymize).ToArray();
        Assert.Equal(sequential, parallel);
        Assert.Equal(ids.Length, sequential.Distinct().Count());
    }

    [Fact]
    public void Base64_hex_and_url_safe_keys_decode_to_the_same_pseudonyms()
    {
        var base64 = Convert.ToBase64String(KeyA);
        var hex = Convert.ToHexString(KeyA);
        var urlSafe = base64.Replace('+', '-').Replace('/', '_').TrimEnd('=');
        var expected = new Pseudonymizer(KeyA).Pseudonymize("u1");
        Assert.Equal(expected, Pseudonymizer.FromConfiguration(base64).Pseudonymize("u1"));
        Assert.Equal(expected, Pseudonymizer.FromConfiguration(hex.ToLowerInvariant()).Pseudonymize("u1"));
        Assert.Equal(expected, Pseudonymizer.FromConfiguration("hex:" + hex).Pseudonymize("u1"));
        Assert.Equal(expected, Pseudonymizer.FromConfiguration(" base64:" + urlSafe + " ").Pseudonymize("u1"));
    }

    [Theory]
    [InlineData(null, "is missing")]
    [InlineData("   ", "is missing")]
    [InlineData("c2hvcnQ=", "too short: 5 bytes")]
    [InlineData("0011223344556677", "too short: 8 bytes")]
    [InlineData("not base64 at all!!", "not valid base64 or hex")]
    [InlineData("hex:zz00", "not valid base64 or hex")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "placeholder")]
    public void Bad_keys_throw_naming_the_setting(string? text, string reason)
    {
        var ex = Assert.Throws<PrivacyConfigurationException>(() => Pseudonymizer.FromConfiguration(text));
        Assert.Equal("Penchant:Privacy:PseudonymKey", ex.SettingName);
        Assert.StartsWith("Penchant:Privacy:PseudonymKey ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_raw_key_is_refused() =>
        Assert.Throws<ArgumentException>(() => new Pseudonymizer(new byte[31]));

    [Fact]
    public void Log_form_shows_the_pseudonym_never_the_id()
    {
        var p = new Pseudonymizer(KeyA);
        var redacted = p.ForLog("alice@example.com");
        var text = $"erased {redacted}";
        Assert.Equal("erased " + p.Pseudonymize("alice@example.com"), text);
        Assert.DoesNotContain("alice", text, StringComparison.Ordinal);
        Assert.Equal("-", p.ForLog(null).ToString());
        Assert.Equal(p.Pseudonymize("alice@example.com"), string.Format(null, "{0}", redacted));
    }

    [Theory]
    [InlineData("p_AAAAAAAAAAAAAAAAAAAAAA", true)]
    [InlineData("p_AAAAAAAAAAAAAAAAAAAAA", false)]
    [InlineData("q_AAAAAAAAAAAAAAAAAAAAAA", false)]
    [InlineData("p_AAAAAAAAAAAAAAAAAAAA+A", false)]
    [InlineData(null, false)]
    public void Pseudonym_shape_is_recognised(string? text, bool expected) =>
        Assert.Equal(expected, Pseudonymizer.IsPseudonym(text));
}
