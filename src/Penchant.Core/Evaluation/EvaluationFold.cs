using Penchant.Core.Data;

namespace Penchant.Core.Evaluation;

/// <summary>
/// One train / held-out pair over shared dense ids: the model is fitted on <see cref="Train"/> and judged on
/// <see cref="HeldOut"/>.
/// </summary>
/// <remarks>
/// The item columns of <see cref="Train"/> are every item of the data set, including items that occur only
/// in held-out records; such an item has an empty column, so a model can only rank it on no evidence.
/// <see cref="UnseenItemRecords"/> and <see cref="UnseenItems"/> count them; <see cref="UnseenItemPolicy"/>
/// decides at evaluation time whether they stay relevant candidates or are dropped.
/// Users with held-out records but no training record are cold: <see cref="ColdUsers"/> counts them and the
/// evaluation skips them, since a collaborative model has nothing to rank from.
/// </remarks>
public sealed class EvaluationFold
{
    public EvaluationFold(InteractionData train, IReadOnlyList<int[]> heldOut)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(heldOut);
        if (heldOut.Count != train.UserCount)
        {
            throw new ArgumentException("One held-out list per user row is required.", nameof(heldOut));
        }

        Train = train;
        HeldOut = heldOut;
        var itemUsers = ItemUserCounts(train.Matrix);
        var unseen = new HashSet<int>();
        for (var u = 0; u < heldOut.Count; u++)
        {
            if (heldOut[u].Length == 0)
            {
                continue;
            }

            HeldOutUsers++;
            HeldOutRecords += heldOut[u].Length;
            if (train.Matrix.RowLength(u) == 0)
            {
                ColdUsers++;
            }

            foreach (var item in heldOut[u])
            {
                if (itemUsers[item] == 0)
                {
                    UnseenItemRecords++;
                    unseen.Add(item);
                }
            }
        }

        UnseenItems = unseen.Count;
        ItemUserCount = itemUsers;
    }

    /// <summary>What the model is fitted on (every kept record counts 1; repeats sum).</summary>
    public InteractionData Train { get; }

    /// <summary>Per dense user, the distinct held-out items, ascending; empty for users with none.</summary>
    public IReadOnlyList<int[]> HeldOut { get; }

    /// <summary>Per item, how many training users interacted with it (its training popularity).</summary>
    public IReadOnlyList<int> ItemUserCount { get; }

    /// <summary>Users with at least one held-out item.</summary>
    public int HeldOutUsers { get; }

    /// <summary>Distinct (user, item) held-out pairs.</summary>
    public int HeldOutRecords { get; }

    /// <summary>Held-out users without any training record (skipped by the evaluation).</summary>
    public int ColdUsers { get; }

    /// <summary>Held-out (user, item) pairs whose item has no training record.</summary>
    public int UnseenItemRecords { get; }

    /// <summary>Distinct held-out items with no training record.</summary>
    public int UnseenItems { get; }

    private static int[] ItemUserCounts(InteractionMatrix matrix)
    {
        var counts = new int[matrix.Columns];
        foreach (var c in matrix.ColumnIndices)
        {
            counts[c]++;
        }

        return counts;
    }
}
