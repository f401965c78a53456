using System.Security.Cryptography;
using System.Text;

namespace Penchant.Core.Experiments;

/// <summary>One arm of an A/B test: a name and its share of shoppers.</summary>
public sealed record Variant(string Name, double Share);

/// <summary>
/// Which arm of an experiment a shopper is in: a SHA-256 of the experiment's name and the shopper's id, read as a
/// number in [0, 1), against the arms' cumulative shares. Deterministic, so it needs no storage: the same shopper is
/// in the same arm in every request and process, the report can recompute it from the impression log, and a new
/// experiment name reshuffles everyone independently of the last.
/// </summary>
public static class ExperimentAssignment
{
    /// <summary>The arm of <paramref name="userId"/> in <paramref name="experiment"/>; shares need not sum to 1.</summary>
    public static Variant VariantOf(string experiment, string userId, IReadOnlyList<Variant> variants)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(variants);
        if (variants.Count == 0 || variants.Any(static v => !(v.Share > 0) || !double.IsFinite(v.Share)))
        {
            throw new ArgumentException("An experiment needs at least one variant, each with a positive share.", nameof(variants));
        }

        var point = Uniform(experiment, userId) * variants.Sum(static v => v.Share);
        var cumulative = 0.0;
        foreach (var variant in variants)
        {
            cumulative += variant.Share;
            if (point < cumulative)
            {
                return variant;
            }
        }

        return variants[^1];
    }

    /// <summary>A number in [0, 1) fixed by the experiment and the shopper.</summary>
    public static double Uniform(string experiment, string userId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{experiment}\n{userId}"), hash);
        var bits = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11; // 53 bits
        return bits / (double)(1UL << 53);
    }
}
