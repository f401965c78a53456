using System.Globalization;
using System.Security.Cryptography;

namespace Penchant.Core.Privacy;

/// <summary>Parses the secret key behind <see cref="Pseudonymizer"/> from its configured text.</summary>
/// <remarks>
/// The text is base64 (standard or URL-safe alphabet, padding optional) or hex. An explicit <c>base64:</c> or
/// <c>hex:</c> prefix settles the encoding; without one, text made only of hex digits (even length) is read
/// as hex, anything else as base64. Keys shorter than <see cref="MinimumBytes"/> after decoding, and keys whose
/// bytes are all the same (placeholders such as <c>AAAA…</c>), are refused.
/// </remarks>
public static class PseudonymKey
{
    /// <summary>The configuration key the server reads.</summary>
    public const string SettingName = "Penchant:Privacy:PseudonymKey";

    /// <summary>The shortest key accepted: 256 bits, the HMAC-SHA256 block-security level.</summary>
    public const int MinimumBytes = 32;

    private const string HowToGenerate = "generate one with `openssl rand -base64 32`";

    /// <summary>Decodes a configured key; throws <see cref="PrivacyConfigurationException"/> naming <paramref name="settingName"/>.</summary>
    public static byte[] Parse(string? text, string settingName = SettingName)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new PrivacyConfigurationException(settingName, $"{settingName} is missing; {HowToGenerate}.");
        }

        var trimmed = text.Trim();
        byte[]? key;
        if (trimmed.StartsWith("hex:", StringComparison.OrdinalIgnoreCase))
        {
            key = TryHex(trimmed[4..]);
        }
        else if (trimmed.StartsWith("base64:", StringComparison.OrdinalIgnoreCase))
        {
            key = TryBase64(trimmed[7..]);
        }
        else
        {
            key = IsHex(trimmed) ? TryHex(trimmed) : TryBase64(trimmed);
        }

        if (key is null)
        {
            throw new PrivacyConfigurationException(
                settingName, $"{settingName} is not valid base64 or hex; {HowToGenerate}.");
        }

        if (key.Length < MinimumBytes)
        {
            var length = key.Length;
            CryptographicOperations.ZeroMemory(key);
            throw new PrivacyConfigurationException(
                settingName,
                $"{settingName} is too short: {length} bytes, at least {MinimumBytes} are needed; {HowToGenerate}.");
        }

        if (key.AsSpan().IndexOfAnyExcept(key[0]) < 0)
        {
            CryptographicOperations.ZeroMemory(key);
            throw new PrivacyConfigurationException(
                settingName, $"{settingName} looks like a placeholder (every byte is the same); {HowToGenerate}.");
        }

        return key;
    }

    private static bool IsHex(string text) => text.Length % 2 == 0 && !text.AsSpan().ContainsAnyExcept(HexDigits);

    private static readonly System.Buffers.SearchValues<char> HexDigits =
        System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    private static byte[]? TryHex(string text)
    {
        if (!IsHex(text))
        {
            return null;
        }

        var bytes = new byte[text.Length / 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = byte.Parse(text.AsSpan(2 * i, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }

        return bytes;
    }

    private static byte[]? TryBase64(string text)
    {
        var normalized = text.Replace('-', '+').Replace('_', '/').TrimEnd('=');
        if (normalized.Length % 4 == 1)
        {
            return null;
        }

        normalized = normalized.PadRight(normalized.Length + ((4 - (normalized.Length % 4)) % 4), '=');
        var buffer = new byte[normalized.Length];
        return Convert.TryFromBase64String(normalized, buffer, out var written) ? buffer[..written] : null;
    }
}
