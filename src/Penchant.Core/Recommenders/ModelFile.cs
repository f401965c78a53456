using System.Text;
using Penchant.Core.Recommenders.Als;
using Penchant.Core.Recommenders.AlsEase;
using Penchant.Core.Recommenders.Bpr;
using Penchant.Core.Recommenders.Content;
using Penchant.Core.Recommenders.Ease;
using Penchant.Core.Recommenders.Hybrid;
using Penchant.Core.Recommenders.ItemKnn;
using Penchant.Core.Recommenders.Popularity;
using Penchant.Core.Recommenders.Rules;
using Penchant.Core.Recommenders.SasRec;
using Penchant.Core.Recommenders.UserEase;
using Penchant.Core.Recommenders.UserKnn;

namespace Penchant.Core.Recommenders;

/// <summary>
/// The versioned binary format of trained models: magic "PNCHMDL1", format version, model kind, payload.
/// </summary>
public static class ModelFile
{
    /// <summary>
    /// The current format version; readers refuse newer ones. Version 2 added the ALS frequency exponent and
    /// missing-data weights to the "als" and "als-bag" payloads; version 3 the recency of "ease" scoring. Older files
    /// still load.
    /// </summary>
    public const int FormatVersion = 3;

    private static ReadOnlySpan<byte> Magic => "PNCHMDL1"u8;

    // Each reader gets the file's format version.
    private static readonly Dictionary<string, Func<BinaryReader, int, IRecommenderModel>> Readers = new(StringComparer.Ordinal)
    {
        [PopularityModel.KindName] = (r, _) => PopularityModel.Read(r),
        [ItemKnnModel.KindName] = (r, _) => ItemKnnModel.Read(r),
        [BprModel.KindName] = (r, _) => BprModel.Read(r),
        [SasRecModel.KindName] = (r, _) => SasRecModel.Read(r),
        [ContentModel.KindName] = (r, _) => ContentModel.Read(r),
        [EaseModel.KindName] = EaseModel.Read,
        [HybridModel.KindName] = (r, _) => HybridModel.Read(r),
        [AlsModel.KindName] = AlsModel.Read,
        [AlsBagModel.KindName] = AlsBagModel.Read,
        [AlsEaseModel.KindName] = AlsEaseModel.Read,
        [UserKnnModel.KindName] = (r, _) => UserKnnModel.Read(r),
        [UserEaseModel.KindName] = (r, _) => UserEaseModel.Read(r),
        [AssociationRuleModel.KindName] = (r, _) => AssociationRuleModel.Read(r),
    };

    /// <summary>The model kinds this build can read.</summary>
    public static IReadOnlyCollection<string> Kinds => Readers.Keys;

    /// <summary>Writes <paramref name="model"/> with its header to <paramref name="stream"/>.</summary>
    public static void Save(IRecommenderModel model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(model.Kind);
        model.Write(writer);
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The stream is not a Penchant model, or of a newer format or unknown kind.</exception>
    public static IRecommenderModel Load(Stream stream)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var magic = reader.ReadBytes(Magic.Length);
        if (!magic.AsSpan().SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not a Penchant model file (bad magic).");
        }

        var version = reader.ReadInt32();
        if (version > FormatVersion || version < 1)
        {
            throw new InvalidDataException($"Model format version {version} is not supported (this build reads up to {FormatVersion}).");
        }

        var kind = reader.ReadString();
        return Readers.TryGetValue(kind, out var read)
            ? read(reader, version)
            : throw new InvalidDataException($"Unknown model kind '{kind}'.");
    }

    /// <summary>Writes a float array with its length.</summary>
    public static void WriteArray(BinaryWriter writer, ReadOnlySpan<float> values) => WriteValues(writer, values);

    /// <summary>Writes an int array with its length.</summary>
    public static void WriteArray(BinaryWriter writer, ReadOnlySpan<int> values) => WriteValues(writer, values);

    /// <summary>Writes a long array with its length.</summary>
    public static void WriteArray(BinaryWriter writer, ReadOnlySpan<long> values) => WriteValues(writer, values);

    /// <summary>Reads a float array written by <see cref="WriteArray(BinaryWriter, ReadOnlySpan{float})"/>.</summary>
    public static float[] ReadFloats(BinaryReader reader) => ReadValues<float>(reader);

    /// <summary>Reads an int array written by <see cref="WriteArray(BinaryWriter, ReadOnlySpan{int})"/>.</summary>
    public static int[] ReadInts(BinaryReader reader) => ReadValues<int>(reader);

    /// <summary>Reads a long array written by <see cref="WriteArray(BinaryWriter, ReadOnlySpan{long})"/>.</summary>
    public static long[] ReadLongs(BinaryReader reader) => ReadValues<long>(reader);

    // The length, then the values' bytes as they lie in memory (little-endian on every platform .NET runs on here).
    private static void WriteValues<T>(BinaryWriter writer, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(values.Length);
        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
    }

    private static T[] ReadValues<T>(BinaryReader reader)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(reader);
        var n = reader.ReadInt32();
        if (n < 0)
        {
            throw new InvalidDataException($"An array of length {n}.");
        }

        var result = new T[n];
        ReadExactly(reader, System.Runtime.InteropServices.MemoryMarshal.AsBytes(result.AsSpan()));
        return result;
    }

    /// <summary>Writes a list of strings with its count.</summary>
    public static void WriteStrings(BinaryWriter writer, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(values);
        writer.Write(values.Count);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    /// <summary>Reads a list written by <see cref="WriteStrings"/>.</summary>
    public static string[] ReadStrings(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var n = reader.ReadInt32();
        if (n < 0)
        {
            throw new InvalidDataException($"A string list of length {n}.");
        }

        var result = new string[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = reader.ReadString();
        }

        return result;
    }

    private static void ReadExactly(BinaryReader reader, Span<byte> target)
    {
        while (target.Length > 0)
        {
            var read = reader.Read(target);
            if (read == 0)
            {
                throw new EndOfStreamException("Model file is truncated.");
            }

            target = target[read..];
        }
    }
}
