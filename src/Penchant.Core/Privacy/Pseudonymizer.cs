using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Penchant.Core.Privacy;

/// <summary>
/// Turns external user ids into stable keyed pseudonyms: <c>"p_"</c> followed by the base64url of the first
/// 16 bytes (128 bits) of HMAC-SHA256(key, label ‖ id), 24 characters in all.
/// </summary>
/// <remarks>
/// The same key always gives the same pseudonym for an id, so joins and erasure still work; without the key a
/// pseudonym cannot be linked back to the id, nor computed from a guessed id (unlike a plain hash, which a
/// dictionary of likely ids reverses). A fixed domain label goes into the MAC so the key cannot be turned into
/// an oracle for other uses. 128 bits keep accidental collisions negligible for any shop (birthday bound
/// around 2^64 ids). The instance holds only an immutable key copy and uses the static, allocation-free
/// <see cref="HMACSHA256.HashData(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/>, so it is thread-safe.
/// Rotating the key changes every pseudonym: it is a re-identification boundary, not a routine operation.
/// </remarks>
public sealed class Pseudonymizer
{
    /// <summary>Every pseudonym starts with this.</summary>
    public const string Prefix = "p_";

    /// <summary>Length of a pseudonym: the prefix and 22 base64url characters.</summary>
    public const int Length = 24;

    private const int TruncatedBytes = 16;
    private const int StackLimit = 512;
    private static readonly byte[] Label = "penchant/user-id/v1\0"u8.ToArray();

    private readonly byte[] _key;

    /// <summary>Uses a raw key of at least <see cref="PseudonymKey.MinimumBytes"/> bytes (copied).</summary>
    public Pseudonymizer(ReadOnlySpan<byte> key)
    {
        if (key.Length < PseudonymKey.MinimumBytes)
        {
            throw new ArgumentException(
                $"The pseudonym key must be at least {PseudonymKey.MinimumBytes} bytes; got {key.Length}.", nameof(key));
        }

        _key = key.ToArray();
    }

    /// <summary>Builds a pseudonymizer from the configured key text (base64 or hex); see <see cref="PseudonymKey.Parse"/>.</summary>
    public static Pseudonymizer FromConfiguration(string? keyText, string settingName = PseudonymKey.SettingName)
    {
        var key = PseudonymKey.Parse(keyText, settingName);
        try
        {
            return new Pseudonymizer(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The pseudonym of an external user id. Ids are compared exactly (case and whitespace matter).</summary>
    public string Pseudonymize(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        var byteCount = Label.Length + Encoding.UTF8.GetMaxByteCount(userId.Length);
        byte[]? rented = null;
        var buffer = byteCount <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(byteCount));
        try
        {
            Label.CopyTo(buffer);
            var written = Label.Length + Encoding.UTF8.GetBytes(userId, buffer[Label.Length..]);
            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(_key, buffer[..written], mac);
            return Prefix + Base64Url(mac[..TruncatedBytes]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// A value safe to hand to a logger in place of a raw user id: it formats as the pseudonym, so
    /// <c>logger.LogInformation("Erased {User}", pseudonymizer.ForLog(id))</c> never writes the id.
    /// </summary>
    public RedactedUserId ForLog(string? userId) =>
        userId is null ? RedactedUserId.None : new RedactedUserId(Pseudonymize(userId));

    /// <summary>Whether <paramref name="text"/> has the shape of a pseudonym (not whether this key made it).</summary>
    public static bool IsPseudonym(string? text)
    {
        if (text is null || text.Length != Length || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in text.AsSpan(Prefix.Length))
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = stackalloc char[24];
        Convert.TryToBase64Chars(bytes, chars, out var written);
        var encoded = chars[..written].TrimEnd('=');
        for (var i = 0; i < encoded.Length; i++)
        {
            encoded[i] = encoded[i] switch { '+' => '-', '/' => '_', var c => c };
        }

        return new string(encoded);
    }
}
