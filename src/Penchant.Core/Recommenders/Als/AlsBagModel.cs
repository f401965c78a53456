using System.Buffers;
using System.Numerics.Tensors;

namespace Penchant.Core.Recommenders.Als;

/// <summary>
/// A bag of implicit-ALS models fitted on the same data from different random starts (<see cref="AlsOptions.Bag"/>):
/// a query's score for an item is the mean of the members' scores, each member folding the history in on its own
/// factors; item similarity is the mean of the members' cosines. The members' scores are on one scale (each
/// approximates the same 0/1 preference), so a plain mean needs no normalisation. Scoring rents one buffer and
/// allocates nothing else.
/// </summary>
public sealed class AlsBagModel : IRecommenderModel, IItemPairSimilarity
{
    public const string KindName = "als-bag";

    private readonly AlsModel[] _members;

    /// <summary>Wraps trained members (not copied); all must score the same items.</summary>
    public AlsBagModel(AlsModel[] members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Length == 0 || members.Any(m => m.ItemCount != members[0].ItemCount))
        {
            throw new ArgumentException("A bag needs at least one member, all over the same items.", nameof(members));
        }

        _members = members;
    }

    public string Kind => KindName;

    public int ItemCount => _members[0].ItemCount;

    /// <summary>The members, in seed order.</summary>
    public IReadOnlyList<AlsModel> Members => _members;

    public void Score(UserQuery query, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(query);
        Average(query, -1, scores);
    }

    public void ScoreSimilar(int item, Span<float> scores) => Average(null, item, scores);

    public float Similarity(int a, int b)
    {
        var sum = 0f;
        foreach (var m in _members)
        {
            sum += m.Similarity(a, b);
        }

        return sum / _members.Length;
    }

    // The mean of the members' query scores (query given) or similarity rows (query null), without a closure.
    private void Average(UserQuery? query, int item, Span<float> scores)
    {
        var n = ItemCount;
        scores = scores[..n];
        Member(_members[0], query, item, scores);
        if (_members.Length == 1)
        {
            return;
        }

        var rented = ArrayPool<float>.Shared.Rent(n);
        try
        {
            var part = rented.AsSpan(0, n);
            for (var b = 1; b < _members.Length; b++)
            {
                Member(_members[b], query, item, part);
                TensorPrimitives.Add(scores, part, scores);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }

        TensorPrimitives.Multiply(scores, 1f / _members.Length, scores);
    }

    private static void Member(AlsModel member, UserQuery? query, int item, Span<float> target)
    {
        if (query is null)
        {
            member.ScoreSimilar(item, target);
        }
        else
        {
            member.Score(query, target);
        }
    }

    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_members.Length);
        foreach (var m in _members)
        {
            m.Write(writer);
        }
    }

    /// <summary>Reads a bag written by <see cref="Write"/> in the current format version.</summary>
    public static AlsBagModel Read(BinaryReader reader) => Read(reader, ModelFile.FormatVersion);

    /// <summary>Reads a bag written in format <paramref name="version"/> (see <see cref="AlsModel.Read(BinaryReader, int)"/>).</summary>
    public static AlsBagModel Read(BinaryReader reader, int version)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var count = reader.ReadInt32();
        if (count <= 0)
        {
            throw new InvalidDataException($"An ALS bag of {count} members is not valid.");
        }

        var members = new AlsModel[count];
        for (var b = 0; b < count; b++)
        {
            members[b] = AlsModel.Read(reader, version);
        }

        return new AlsBagModel(members);
    }
}
