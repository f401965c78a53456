using System.Globalization;
using Penchant.Core.Data;

namespace Penchant.Bench.Recommenders;

/// <summary>
/// Reads the two public formats the recommender benches use: MovieLens u.data style (user, item, rating,
/// timestamp separated by tabs; every rating counts as one positive) and S3-Rec sequence files such as
/// Beauty.txt (each line "user item1 item2 ...", oldest first).
/// </summary>
public static class InteractionFiles
{
    /// <summary>Loads <paramref name="path"/>; ids are added to <paramref name="users"/>/<paramref name="items"/>.</summary>
    public static List<Interaction> Read(string path, IdMap users, IdMap items, bool addUnknown = true)
    {
        var result = new List<Interaction>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Contains('\t', StringComparison.Ordinal))
            {
                var f = line.Split('\t');
                var u = addUnknown ? users.GetOrAdd(f[0]) : users.IndexOf(f[0]);
                var i = addUnknown ? items.GetOrAdd(f[1]) : items.IndexOf(f[1]);
                if (u >= 0 && i >= 0)
                {
                    result.Add(new Interaction(u, i, 1f, long.Parse(f[3], CultureInfo.InvariantCulture)));
                }
            }
            else
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var u = addUnknown ? users.GetOrAdd(f[0]) : users.IndexOf(f[0]);
                for (var t = 1; t < f.Length && u >= 0; t++)
                {
                    var i = addUnknown ? items.GetOrAdd(f[t]) : items.IndexOf(f[t]);
                    if (i >= 0)
                    {
                        result.Add(new Interaction(u, i, 1f, t));
                    }
                }
            }
        }

        return result;
    }

    /// <summary>Loads a training file into binary interaction data (repeats collapse to weight 1).</summary>
    public static InteractionData Load(string path, out IdMap users, out IdMap items)
    {
        users = new IdMap();
        items = new IdMap();
        var list = Read(path, users, items);
        var data = InteractionData.FromInteractions(list, users, items);
        var binary = data.Matrix.Binarize();
        return new InteractionData(binary, data.Sequences, users, items);
    }
}
