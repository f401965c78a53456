using Penchant.Core.Data;

namespace Penchant.Core.Recommenders;

/// <summary>
/// What a model knows about the shopper it scores for.
/// </summary>
/// <param name="User">Dense user index in the training data, or -1 for a shopper unseen in training.</param>
/// <param name="Items">Distinct items the shopper interacted with, ascending.</param>
/// <param name="Weights">Evidence weight for each of <paramref name="Items"/>.</param>
/// <param name="Sequence">Item indices in time order, oldest first (repeats kept).</param>
public sealed record UserQuery(int User, int[] Items, float[] Weights, int[] Sequence)
{
    /// <summary>A shopper with no history.</summary>
    public static UserQuery Anonymous { get; } = new(-1, [], [], []);

    /// <summary>The query for training user <paramref name="user"/>.</summary>
    public static UserQuery FromTraining(InteractionData data, int user)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new UserQuery(
            user,
            data.Matrix.RowColumns(user).ToArray(),
            data.Matrix.RowValues(user).ToArray(),
            data.Sequences[user]);
    }

    /// <summary>A query from a chronological sequence alone; each occurrence counts weight 1.</summary>
    public static UserQuery FromSequence(int user, IReadOnlyList<int> sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var sums = new SortedDictionary<int, float>();
        foreach (var item in sequence)
        {
            sums[item] = sums.GetValueOrDefault(item) + 1f;
        }

        return new UserQuery(user, [.. sums.Keys], [.. sums.Values], [.. sequence]);
    }
}
