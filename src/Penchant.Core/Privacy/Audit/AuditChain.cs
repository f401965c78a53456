using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Penchant.Core.Privacy.Audit;

/// <summary>
/// The hash chain behind every <see cref="IAuditLog"/>: each entry's hash covers its predecessor's, so changing,
/// removing or reordering any stored entry breaks every later link. Any store can reuse <see cref="Link"/> and
/// <see cref="Verify"/>.
/// </summary>
/// <remarks>
/// The hash is SHA-256 over a canonical encoding: a version label, the sequence number (64-bit big-endian), the
/// previous hash, then actor, action, target, the timestamp as UTC Unix milliseconds (64-bit big-endian), the number
/// of details and each detail key and value in ordinal key order, every string as a 32-bit big-endian byte length
/// followed by its UTF-8 bytes. Length prefixes make the encoding unambiguous ("ab"+"c" differs from "a"+"bc").
/// Timestamps are truncated to milliseconds when linked so that stores keeping milliseconds verify.
/// A chain detects tampering by anyone who cannot rewrite the whole chain after the change; to defend against
/// someone who can (a database administrator), publish or export the latest hash from time to time and compare.
/// </remarks>
public static class AuditChain
{
    /// <summary>The previous hash of the first entry: 64 zeros.</summary>
    public static readonly string GenesisHash = new('0', 64);

    private static readonly byte[] Label = "penchant-audit-v1"u8.ToArray();

    /// <summary>The entry with its timestamp in UTC at millisecond precision, as it is hashed and stored.</summary>
    public static AuditEntry Normalize(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var ms = entry.Timestamp.ToUnixTimeMilliseconds();
        return entry with { Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(ms) };
    }

    /// <summary>Chains <paramref name="entry"/> after <paramref name="previous"/> (null for the first entry).</summary>
    public static ChainedAuditEntry Link(ChainedAuditEntry? previous, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrEmpty(entry.Actor, nameof(entry));
        ArgumentException.ThrowIfNullOrEmpty(entry.Action, nameof(entry));
        var normalized = Normalize(entry);
        var sequence = (previous?.Sequence ?? 0) + 1;
        var previousHash = previous?.Hash ?? GenesisHash;
        return new ChainedAuditEntry(sequence, normalized, previousHash, ComputeHash(sequence, previousHash, normalized));
    }

    /// <summary>The SHA-256 (lower-case hex) of the canonical encoding of an entry in its place in the chain.</summary>
    public static string ComputeHash(long sequence, string previousHash, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(previousHash);
        ArgumentNullException.ThrowIfNull(entry);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[sizeof(long)];
        AppendString(hash, Label);
        BinaryPrimitives.WriteInt64BigEndian(number, sequence);
        hash.AppendData(number);
        AppendString(hash, previousHash);
        AppendString(hash, entry.Actor ?? "");
        AppendString(hash, entry.Action ?? "");
        AppendString(hash, entry.Target ?? "");
        BinaryPrimitives.WriteInt64BigEndian(number, entry.Timestamp.ToUnixTimeMilliseconds());
        hash.AppendData(number);
        var details = entry.DetailsOrEmpty;
        BinaryPrimitives.WriteInt64BigEndian(number, details.Count);
        hash.AppendData(number);
        foreach (var key in details.Keys.Order(StringComparer.Ordinal))
        {
            AppendString(hash, key);
            AppendString(hash, details[key] ?? "");
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Checks numbering, links and hashes of a chain read from its start, in order.</summary>
    public static AuditVerification Verify(IEnumerable<ChainedAuditEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var expectedPrevious = GenesisHash;
        long checkedCount = 0;
        foreach (var e in entries)
        {
            var expectedSequence = checkedCount + 1;
            checkedCount++;
            if (e.Sequence != expectedSequence)
            {
                return Invalid(e.Sequence, $"expected entry {expectedSequence.ToString(CultureInfo.InvariantCulture)}: an entry is missing or out of order");
            }

            if (!string.Equals(e.PreviousHash, expectedPrevious, StringComparison.Ordinal))
            {
                return Invalid(e.Sequence, "the link to the previous entry is broken");
            }

            if (!string.Equals(e.Hash, ComputeHash(e.Sequence, e.PreviousHash, e.Entry), StringComparison.Ordinal))
            {
                return Invalid(e.Sequence, "the entry does not match its hash: it was altered");
            }

            expectedPrevious = e.Hash;
        }

        return new AuditVerification(true, checkedCount);

        AuditVerification Invalid(long sequence, string problem) => new(false, checkedCount, sequence, problem);
    }

    private static void AppendString(IncrementalHash hash, string text) => AppendString(hash, Encoding.UTF8.GetBytes(text));

    private static void AppendString(IncrementalHash hash, ReadOnlySpan<byte> bytes)
    {
        Span<byte> length = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
