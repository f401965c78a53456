using Penchant.Core.Privacy;

namespace Penchant.Core.Tests.Privacy;

public sealed class PiiMaskerTests
{
    [Theory]
    [InlineData("write to alice.smith+shop@example.co.uk please", "write to [email] please")]
    [InlineData("Mail: Bob_99@mail-server.example.com.", "Mail: [email].")]
    [InlineData("邮箱13800138000@qq.com谢谢", "邮箱[email]谢谢")]
    [InlineData("<x@y.io>", "<[email]>")]
    public void Emails_are_masked(string text, string expected) => AssertMasked(text, expected, PiiKind.Email);

    [Theory]
    [InlineData("call +86 138 0013 8000 after 6", "call [phone] after 6")]
    [InlineData("call +8613800138000", "call [phone]")]
    [InlineData("手机13800138000，谢谢", "手机[phone]，谢谢")]
    [InlineData("手机 138-0013-8000", "手机 [phone]")]
    [InlineData("tel 139 1234 5678", "tel [phone]")]
    [InlineData("ring +1 (555) 123-4567 today", "ring [phone] today")]
    [InlineData("ring (555) 123-4567", "ring [phone]")]
    [InlineData("ring 555-123-4567", "ring [phone]")]
    [InlineData("ring 555.123.4567", "ring [phone]")]
    [InlineData("UK office +44 20 7946 0958", "UK office [phone]")]
    [InlineData("UK office 020 7946 0958", "UK office [phone]")]
    [InlineData("深圳 0755-8888 8888", "深圳 [phone]")]
    [InlineData("Berlin 0049 30 1234567", "Berlin [phone]")]
    public void Phone_numbers_are_masked(string text, string expected) => AssertMasked(text, expected, PiiKind.Phone);

    [Theory]
    [InlineData("card 4111 1111 1111 1111 thanks", "card [card] thanks")]
    [InlineData("card 4111-1111-1111-1111", "card [card]")]
    [InlineData("card 4111111111111111", "card [card]")]
    [InlineData("mc 5500 0000 0000 0004", "mc [card]")]
    [InlineData("amex 3782 822463 10005", "amex [card]")]
    [InlineData("discover 6011111111111117", "discover [card]")]
    [InlineData("银联卡6212345678901232", "银联卡[card]")]
    [InlineData("jcb 3530 1113 3330 0000", "jcb [card]")]
    [InlineData("mc2 2221000000000009", "mc2 [card]")]
    public void Payment_cards_are_masked(string text, string expected) => AssertMasked(text, expected, PiiKind.PaymentCard);

    [Theory]
    [InlineData("from 192.168.1.20 and", "from [ip] and")]
    [InlineData("my ip is 10.0.0.1.", "my ip is [ip].")]
    [InlineData("IP地址:8.8.8.8", "IP地址:[ip]")]
    [InlineData("v6 2001:db8::8a2e:370:7334 here", "v6 [ip] here")]
    [InlineData("full 2001:0db8:85a3:0000:0000:8a2e:0370:7334", "full [ip]")]
    [InlineData("link fe80::1ff:fe23:4567:890a", "link [ip]")]
    public void IP_addresses_are_masked(string text, string expected) => AssertMasked(text, expected, PiiKind.IpAddress);

    [Theory]
    [InlineData("身份证11010519491231002X", "身份证[id_number]")]
    [InlineData("id 11010519491231002x ok", "id [id_number] ok")]
    [InlineData("身份证号：44030419900307123X。", "身份证号：[id_number]。")]
    [InlineData("id 320106200012014560", "id [id_number]")]
    public void Chinese_resident_ids_are_masked(string text, string expected) =>
        AssertMasked(text, expected, PiiKind.ChineseResidentId);

    [Theory]
    [InlineData("Great shoes, fit perfectly!")]
    [InlineData("跑鞋很舒服，尺码正好")]
    [InlineData("Paid $1,299.99 on 2024-11-22 at 14:30")]
    [InlineData("价格¥1299.00，2024年11月22日到货")]
    [InlineData("delivered 22/11/2024, 11.22.2024 or 2024.11.22")]
    [InlineData("Order #100234567 arrived")]
    [InlineData("订单号 202411220001234 已发货")]
    [InlineData("order SO-2024-000123 and 20241122000123")]
    [InlineData("tracking 1Z999AA10123456784")]
    [InlineData("timestamp 1700000000000")]
    [InlineData("card-like but fails Luhn 4111 1111 1111 1112")]
    [InlineData("scheme-less 9111111111111111 (no such card scheme)")]
    [InlineData("id with bad check 110105194912310021")]
    [InlineData("id with bad date 110105194913310028")]
    [InlineData("size 42, 2 x 3 pack, 500 ml, 12 months")]
    [InlineData("rated 5/5, 10:30:45 delivery window")]
    [InlineData("MAC 00:1A:2B:3C:4D:5E is not an IP")]
    [InlineData("not an ip: 256.1.1.1 or 1.2.3")]
    [InlineData("C++ std::vector a :: b")]
    [InlineData("")]
    public void Ordinary_text_and_numbers_are_left_alone(string text)
    {
        var result = PiiMasker.All.Mask(text);
        Assert.Equal(text, result.Text);
        Assert.Equal(0, result.Total);
        Assert.Empty(result.Counts);
    }

    [Fact]
    public void Counts_are_reported_per_kind()
    {
        var text = "me@a.com, you@b.org, +86 138 0013 8000, 4111 1111 1111 1111, 1.2.3.4, 11010519491231002X, 555-123-4567";
        var result = PiiMasker.All.Mask(text);
        Assert.Equal("[email], [email], [phone], [card], [ip], [id_number], [phone]", result.Text);
        Assert.Equal(2, result.CountOf(PiiKind.Email));
        Assert.Equal(2, result.CountOf(PiiKind.Phone));
        Assert.Equal(1, result.CountOf(PiiKind.PaymentCard));
        Assert.Equal(1, result.CountOf(PiiKind.IpAddress));
        Assert.Equal(1, result.CountOf(PiiKind.ChineseResidentId));
        Assert.Equal(7, result.Total);
    }

    [Fact]
    public void Only_the_chosen_kinds_are_masked()
    {
        var masker = new PiiMasker([PiiKind.Email]);
        var result = masker.Mask("me@a.com 13800138000");
        Assert.Equal("[email] 13800138000", result.Text);
        Assert.Equal(1, result.Total);
    }

    [Fact]
    public void Null_becomes_empty() => Assert.Equal("", PiiMasker.All.Mask(null).Text);

    [Fact]
    public void Long_hostile_input_is_handled_quickly()
    {
        var text = string.Concat(Enumerable.Repeat("a.", 20_000)) + "@" + string.Concat(Enumerable.Repeat("1 ", 20_000));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        PiiMasker.All.Mask(text);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Theory]
    [InlineData("4111111111111111", true)]
    [InlineData("4111111111111112", false)]
    [InlineData("0000000000000000", true)]
    public void Luhn(string digits, bool valid) => Assert.Equal(valid, PiiMasker.LuhnValid(digits));

    private static void AssertMasked(string text, string expected, PiiKind kind)
    {
        var result = PiiMasker.All.Mask(text);
        Assert.Equal(expected, result.Text);
        Assert.Equal(result.Total, result.CountOf(kind));
        Assert.True(result.CountOf(kind) >= 1);
    }
}
