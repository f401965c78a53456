using Penchant.Core.Recommenders;

namespace Penchant.Core.Data;

/// <summary>
/// What recommenders train on: the weighted user x item matrix, and each user's chronological
/// item sequence for sequence-aware models. Dense ids throughout; <see cref="Users"/> and
/// <see cref="Items"/> translate them at the edge.
/// </summary>
public sealed class InteractionData
{
    /// <param name="matrix">The user x item matrix.</param>
    /// <param name="sequences">Per user, item indices in time order.</param>
    /// <param name="users">User id map.</param>
    /// <param name="items">Item id map.</param>
    /// <param name="times">
    /// Per nonzero of <paramref name="matrix"/> (in its order), the Unix time in seconds of the user's latest
    /// interaction with that item; null when unknown, which reads as all zero (every interaction at one moment).
    /// </param>
    public InteractionData(InteractionMatrix matrix, IReadOnlyList<int[]> sequences, IdMap users, IdMap items, long[]? times = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count != matrix.Rows)
        {
            throw new ArgumentException("One sequence per user row is required.", nameof(sequences));
        }

        if (times is not null && times.Length != matrix.NonZeros)
        {
            throw new ArgumentException("One time per nonzero of the matrix is required.", nameof(times));
        }

        Matrix = matrix;
        Sequences = sequences;
        Users = users;
        Items = items;
        _times = times ?? new long[matrix.NonZeros];
    }

    private readonly long[] _times;

    /// <summary>
    /// A copy without any trace of <paramref name="user"/>'s history: their row and sequence are empty; every other
    /// row, sequence and time is kept. <paramref name="users"/> replaces the user map (to rename the erased shopper).
    /// </summary>
    public InteractionData WithoutHistoryOf(int user, IdMap users)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(user);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(user, Matrix.Rows);
        return WithoutHistoriesOf(new HashSet<int> { user }, users);
    }

    /// <summary>
    /// A copy without any trace of the histories of <paramref name="removed"/> (dense user indices): their rows and
    /// sequences are empty; every other row, sequence and time is kept, in one pass however many go.
    /// <paramref name="users"/> replaces the user map (to rename the erased shoppers).
    /// </summary>
    public InteractionData WithoutHistoriesOf(IReadOnlySet<int> removed, IdMap users)
    {
        ArgumentNullException.ThrowIfNull(removed);
        ArgumentNullException.ThrowIfNull(users);
        foreach (var user in removed)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(user);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(user, Matrix.Rows);
        }

        var pointers = Matrix.RowPointers;
        var kept = Matrix.NonZeros;
        foreach (var user in removed)
        {
            kept -= pointers[user + 1] - pointers[user];
        }

        var rowPointers = new int[pointers.Length];
        var columns = new int[kept];
        var weights = new float[kept];
        var times = new long[kept];
        var sequences = Sequences.ToArray();
        var at = 0;
        for (var r = 0; r < Matrix.Rows; r++)
        {
            rowPointers[r] = at;
            if (removed.Contains(r))
            {
                sequences[r] = [];
                continue;
            }

            var (start, length) = (pointers[r], pointers[r + 1] - pointers[r]);
            Matrix.ColumnIndices.Slice(start, length).CopyTo(columns.AsSpan(at));
            Matrix.Values.Slice(start, length).CopyTo(weights.AsSpan(at));
            _times.AsSpan(start, length).CopyTo(times.AsSpan(at));
            at += length;
        }

        rowPointers[Matrix.Rows] = at;
        return new InteractionData(new InteractionMatrix(Matrix.Rows, Matrix.Columns, rowPointers, columns, weights), sequences, users, Items, times);
    }

    /// <summary>
    /// Writes the data (matrix, times, sequences and both id maps) for <see cref="Read"/>; the server keeps it with a
    /// saved snapshot.
    /// </summary>
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Matrix.Write(writer);
        ModelFile.WriteArray(writer, _times);
        foreach (var sequence in Sequences)
        {
            ModelFile.WriteArray(writer, sequence);
        }

        ModelFile.WriteStrings(writer, Users.Ids);
        ModelFile.WriteStrings(writer, Items.Ids);
    }

    /// <summary>Reads data written by <see cref="Write"/>.</summary>
    /// <exception cref="InvalidDataException">The parts do not fit together.</exception>
    public static InteractionData Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var matrix = InteractionMatrix.Read(reader);
        var (rows, columns) = (matrix.Rows, matrix.Columns);
        var times = ModelFile.ReadLongs(reader);

        var sequences = new int[rows][];
        for (var r = 0; r < rows; r++)
        {
            sequences[r] = ModelFile.ReadInts(reader);
        }

        var users = new IdMap(ModelFile.ReadStrings(reader));
        var items = new IdMap(ModelFile.ReadStrings(reader));
        if (users.Count != rows || items.Count != columns)
        {
            throw new InvalidDataException($"Interaction data of {rows} x {columns} with {users.Count} user and {items.Count} item ids.");
        }

        try
        {
            return new InteractionData(matrix, sequences, users, items, times);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException("Interaction data that does not fit together: " + e.Message, e);
        }
    }

    /// <summary>The user x item matrix of summed (decayed) weights.</summary>
    public InteractionMatrix Matrix { get; }

    /// <summary>Per user, item indices in time order (oldest first); repeats kept.</summary>
    public IReadOnlyList<int[]> Sequences { get; }

    /// <summary>User id map (rows).</summary>
    public IdMap Users { get; }

    /// <summary>Item id map (columns).</summary>
    public IdMap Items { get; }

    public int UserCount => Matrix.Rows;

    /// <summary>
    /// For each item of <paramref name="user"/>'s row (aligned with <see cref="InteractionMatrix.RowColumns"/>), the
    /// Unix time in seconds of their latest interaction with it.
    /// </summary>
    public ReadOnlySpan<long> RowTimes(int user)
    {
        var pointers = Matrix.RowPointers;
        return _times.AsSpan(pointers[user], pointers[user + 1] - pointers[user]);
    }

    public int ItemCount => Matrix.Columns;

    /// <summary>
    /// Builds from interactions: the matrix sums weights; the sequences are <see cref="OrderedSequences"/>.
    /// </summary>
    public static InteractionData FromInteractions(IReadOnlyList<Interaction> interactions, IdMap users, IdMap items)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(items);
        var matrix = InteractionMatrix.FromInteractions(users.Count, items.Count, interactions);
        return new InteractionData(matrix, OrderedSequences(interactions, users.Count), users, items, LatestTimes(matrix, interactions));
    }

    /// <summary>Per nonzero of <paramref name="matrix"/>, the latest timestamp among the interactions with that cell.</summary>
    private static long[] LatestTimes(InteractionMatrix matrix, IReadOnlyList<Interaction> interactions)
    {
        var times = new long[matrix.NonZeros];
        Array.Fill(times, long.MinValue);
        var pointers = matrix.RowPointers;
        foreach (var x in interactions)
        {
            // Cells whose weights summed to nothing positive are not in the matrix.
            var at = matrix.RowColumns(x.User).BinarySearch(x.Item);
            if (at >= 0)
            {
                ref var t = ref times[pointers[x.User] + at];
                t = Math.Max(t, x.Timestamp);
            }
        }

        return times;
    }

    /// <summary>
    /// Per user, the items of the interactions with positive weight in timestamp order (stable, so equal timestamps
    /// keep input order): negative evidence such as a dislike is not a step in what the shopper went on to want.
    /// </summary>
    public static int[][] OrderedSequences(IReadOnlyList<Interaction> interactions, int userCount)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        var perUser = new List<(long Time, int Order, int Item)>[userCount];
        for (var i = 0; i < interactions.Count; i++)
        {
            var x = interactions[i];
            if (x.Weight > 0)
            {
                (perUser[x.User] ??= []).Add((x.Timestamp, i, x.Item));
            }
        }

        var sequences = new int[userCount][];
        for (var u = 0; u < userCount; u++)
        {
            var list = perUser[u];
            if (list is null)
            {
                sequences[u] = [];
                continue;
            }

            list.Sort(static (a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Order.CompareTo(b.Order));
            sequences[u] = list.ConvertAll(static t => t.Item).ToArray();
        }

        return sequences;
    }

    /// <summary>
    /// Builds from per-user chronological sequences, each item counting weight 1 (summed on repeats); an item's time
    /// is its last position in the sequence.
    /// </summary>
    public static InteractionData FromSequences(IReadOnlyList<int[]> sequences, int itemCount, IdMap? users = null, IdMap? items = null)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var interactions = new List<Interaction>();
        for (var u = 0; u < sequences.Count; u++)
        {
            var seq = sequences[u];
            for (var t = 0; t < seq.Length; t++)
            {
                interactions.Add(new Interaction(u, seq[t], 1f, t));
            }
        }

        users ??= new IdMap(Enumerable.Range(0, sequences.Count).Select(static u => u.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        items ??= new IdMap(Enumerable.Range(0, itemCount).Select(static i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var matrix = InteractionMatrix.FromInteractions(sequences.Count, itemCount, interactions);
        return new InteractionData(matrix, [.. sequences.Select(static s => s.ToArray())], users, items, LatestTimes(matrix, interactions));
    }
}
