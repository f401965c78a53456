namespace Penchant.Core.Evaluation;

/// <summary>Grouping and ordering shared by the splitters.</summary>
internal static class SplitHelpers
{
    /// <summary>Each user's records ordered by timestamp (ties by input order); users in order of first appearance.</summary>
    public static List<List<InteractionRecord>> GroupByUserInTimeOrder(IReadOnlyList<InteractionRecord> records)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var groups = new List<List<(InteractionRecord Record, int Order)>>();
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            if (!index.TryGetValue(r.User, out var g))
            {
                g = groups.Count;
                index.Add(r.User, g);
                groups.Add([]);
            }

            groups[g].Add((r, i));
        }

        var result = new List<List<InteractionRecord>>(groups.Count);
        foreach (var group in groups)
        {
            group.Sort(static (a, b) => a.Record.Timestamp != b.Record.Timestamp
                ? a.Record.Timestamp.CompareTo(b.Record.Timestamp)
                : a.Order.CompareTo(b.Order));
            result.Add(group.ConvertAll(static x => x.Record));
        }

        return result;
    }

    /// <summary>Fisher-Yates shuffle of <paramref name="list"/> in place.</summary>
    public static void Shuffle<T>(List<T> list, Random random)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }
}
