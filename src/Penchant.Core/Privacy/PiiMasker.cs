using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Penchant.Core.Privacy;

/// <summary>
/// Masks personal data in review and search text before it is stored: e-mail addresses, phone numbers, payment
/// card numbers, IP addresses and Chinese resident identity numbers become tokens such as "[email]".
/// </summary>
/// <remarks>
/// <para>
/// Patterns find candidates and validators confirm them, so ordinary numbers survive: a card must pass the Luhn
/// check and fit a scheme's prefix and length (Visa 4…, Mastercard 51–55 and 2221–2720, Amex 34/37, Discover,
/// UnionPay 62, JCB, Diners); an identity number must carry a real date of birth and a valid check character
/// (GB 11643, ISO 7064 MOD 11-2); an IPv6 candidate must parse. Phone numbers need a recognisable layout: a leading
/// + or 00, a Chinese mobile number 1[3-9]xxxxxxxxx (optionally grouped 3-4-4), a bracketed area code, the
/// 3-3-4 layout with one consistent separator, or a trunk 0 followed by separated groups; 7 to 15 digits in all. So
/// prices, dates, times and bare order numbers are left alone, with one known exception: a bare 11-digit number
/// starting 13–19 reads as a Chinese mobile number.
/// </para>
/// <para>
/// Kinds are masked in a fixed order (e-mail, identity number, card, IP, phone) so that the more specific pattern
/// claims digits first; tokens contain no digits, so a later pattern cannot match inside them. Full-width digits and
/// spelled-out addresses ("alice at example dot com") are not recognised. Regexes are source-generated with bounded
/// repetition, and the masker is immutable and thread-safe.
/// </para>
/// </remarks>
public sealed partial class PiiMasker
{
    private static readonly SearchValues<char> Triggers = SearchValues.Create("0123456789@:");
    private readonly bool[] _enabled = new bool[Enum.GetValues<PiiKind>().Length];

    /// <summary>Masks the given kinds; every kind when <paramref name="kinds"/> is null.</summary>
    public PiiMasker(IEnumerable<PiiKind>? kinds = null)
    {
        foreach (var kind in kinds ?? Enum.GetValues<PiiKind>())
        {
            _enabled[(int)kind] = true;
        }
    }

    /// <summary>A masker for every kind.</summary>
    public static PiiMasker All { get; } = new();

    /// <summary>The replacement token of a kind.</summary>
    public static string TokenFor(PiiKind kind) => kind switch
    {
        PiiKind.Email => "[email]",
        PiiKind.Phone => "[phone]",
        PiiKind.PaymentCard => "[card]",
        PiiKind.IpAddress => "[ip]",
        PiiKind.ChineseResidentId => "[id_number]",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Masks <paramref name="text"/>; null becomes the empty string.</summary>
    public PiiMaskResult Mask(string? text)
    {
        var counts = new int[_enabled.Length];
        var result = text ?? "";
        if (result.AsSpan().ContainsAny(Triggers))
        {
            result = Pass(result, PiiKind.Email, EmailPattern(), static _ => true, counts);
            result = Pass(result, PiiKind.ChineseResidentId, ResidentIdPattern(), static m => IsValidResidentId(m.ValueSpan), counts);
            result = Pass(result, PiiKind.PaymentCard, CardPattern(), static m => IsPaymentCard(m.ValueSpan), counts);
            result = Pass(result, PiiKind.IpAddress, IPv4Pattern(), static _ => true, counts);
            result = Pass(result, PiiKind.IpAddress, IPv6Pattern(), static m => IsIPv6(m.Value), counts);
            result = Pass(result, PiiKind.Phone, PhonePattern(), static m => CountDigits(m.ValueSpan) is >= 7 and <= 15, counts);
        }

        var found = new Dictionary<PiiKind, int>();
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] > 0)
            {
                found[(PiiKind)i] = counts[i];
            }
        }

        return new PiiMaskResult(result, found);
    }

    private string Pass(string text, PiiKind kind, Regex pattern, Func<Match, bool> confirm, int[] counts)
    {
        if (!_enabled[(int)kind])
        {
            return text;
        }

        var token = TokenFor(kind);
        return pattern.Replace(text, m =>
        {
            if (!confirm(m))
            {
                return m.Value;
            }

            counts[(int)kind]++;
            return token;
        });
    }

    /// <summary>Whether the digits pass the Luhn check and fit a card scheme's prefix and length.</summary>
    internal static bool IsPaymentCard(ReadOnlySpan<char> candidate)
    {
        Span<char> digits = stackalloc char[19];
        var n = 0;
        foreach (var c in candidate)
        {
            if (char.IsAsciiDigit(c))
            {
                if (n == digits.Length)
                {
                    return false;
                }

                digits[n++] = c;
            }
        }

        digits = digits[..n];
        return n >= 13 && SchemeAccepts(digits) && LuhnValid(digits);
    }

    internal static bool LuhnValid(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[^(i + 1)] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                d = d > 9 ? d - 9 : d;
            }

            sum += d;
        }

        return sum % 10 == 0;
    }

    private static bool SchemeAccepts(ReadOnlySpan<char> d)
    {
        var length = d.Length;
        var two = ((d[0] - '0') * 10) + (d[1] - '0');
        var three = (two * 10) + (d[2] - '0');
        var four = (three * 10) + (d[3] - '0');
        return d[0] switch
        {
            '4' => length is 13 or 16 or 19,
            '5' => two is >= 51 and <= 55 && length == 16,
            '2' => four is >= 2221 and <= 2720 && length == 16,
            '3' => (two is 34 or 37 && length == 15)
                || (four is >= 3528 and <= 3589 && length is >= 16 and <= 19)
                || ((two is 36 or 38 or 39 || three is >= 300 and <= 305) && length is >= 14 and <= 19),
            '6' => (four == 6011 || two is 62 or 65 || three is >= 644 and <= 649) && length is >= 16 and <= 19,
            _ => false,
        };
    }

    /// <summary>Whether an 18-character id has a valid date of birth and ISO 7064 MOD 11-2 check character.</summary>
    internal static bool IsValidResidentId(ReadOnlySpan<char> id)
    {
        if (id.Length != 18)
        {
            return false;
        }

        var year = int.Parse(id.Slice(6, 4), provider: null);
        var month = int.Parse(id.Slice(10, 2), provider: null);
        var day = int.Parse(id.Slice(12, 2), provider: null);
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        ReadOnlySpan<int> weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (id[i] - '0') * weights[i];
        }

        return "10X98765432"[sum % 11] == char.ToUpperInvariant(id[17]);
    }

    private static bool IsIPv6(string candidate) =>
        CountHexDigits(candidate) >= 2
        && IPAddress.TryParse(candidate, out var address)
        && address.AddressFamily == AddressFamily.InterNetworkV6;

    private static int CountDigits(ReadOnlySpan<char> text)
    {
        var n = 0;
        foreach (var c in text)
        {
            n += char.IsAsciiDigit(c) ? 1 : 0;
        }

        return n;
    }

    private static int CountHexDigits(string text) => text.Count(char.IsAsciiHexDigit);

    [GeneratedRegex(
        @"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])",
        RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(
        @"(?<![0-9A-Za-z])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9A-Za-z])",
        RegexOptions.CultureInvariant)]
    private static partial Regex ResidentIdPattern();

    [GeneratedRegex(
        @"(?<![0-9])(?<![0-9][.,])(?:[0-9]{13,19}|[0-9]{4}(?<s>[ -])[0-9]{4}\k<s>[0-9]{4}\k<s>[0-9]{4}(?:\k<s>[0-9]{1,3})?|[0-9]{4}(?<t>[ -])[0-9]{6}\k<t>[0-9]{4,5})(?![0-9])(?![.,][0-9])",
        RegexOptions.CultureInvariant)]
    private static partial Regex CardPattern();

    [GeneratedRegex(
        @"(?<![0-9A-Za-z.])(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?![0-9])(?!\.[0-9])",
        RegexOptions.CultureInvariant)]
    private static partial Regex IPv4Pattern();

    [GeneratedRegex(
        @"(?<![0-9A-Za-z:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Za-z:])",
        RegexOptions.CultureInvariant)]
    private static partial Regex IPv6Pattern();

    [GeneratedRegex(
        @"(?<![0-9A-Za-z+])(?:(?:\+|00)[1-9][0-9]{0,2}(?:[ .-]?\(?[0-9]{1,4}\)?){2,6}|1[3-9][0-9](?:[ -]?[0-9]{4}){2}|\([0-9]{2,4}\)[ -]?[0-9]{3,4}[ -]?[0-9]{4}|[0-9]{3}(?<s>[-. ])[0-9]{3}\k<s>[0-9]{4}|0[0-9]{1,3}[ -][0-9]{3,4}[ -]?[0-9]{3,4})(?![0-9A-Za-z])",
        RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();
}
