using Penchant.Core.Data;

namespace Penchant.Core.Baskets;

/// <summary>Options for <see cref="FrequentItemsetMiner"/>.</summary>
/// <param name="MinSupport">Smallest share of baskets an itemset must appear in (arules' <c>support</c>).</param>
/// <param name="MaxLength">Largest itemset mined (arules' <c>maxlen</c>, 10 by default there too).</param>
/// <param name="MinCount">Smallest basket count, whatever the share; 1 leaves <paramref name="MinSupport"/> alone.</param>
/// <param name="MaxItemsets">
/// The most itemsets mined before giving up with <see cref="InvalidOperationException"/>: a few baskets sharing many
/// items hold every subset of them, so a low support with a long maximum length can ask for billions.
/// </param>
public sealed record FrequentItemsetOptions(double MinSupport = 0.01, int MaxLength = 10, int MinCount = 1, int MaxItemsets = 2_000_000)
{
    /// <summary>The basket count an itemset needs in <paramref name="baskets"/> baskets: at least the support share.</summary>
    public int MinimumCount(int baskets) =>
        Math.Max(Math.Max(MinCount, 1), (int)Math.Ceiling((MinSupport * baskets) - 1e-9));
}

/// <summary>A set of items (dense ids, ascending) and the number of baskets holding all of them.</summary>
public sealed record Itemset(int[] Items, int Count);

/// <summary>
/// Frequent itemsets by depth-first intersection of basket lists (Eclat; Zaki, IEEE TKDE 2000): every itemset
/// whose items appear together in at least the minimum share of baskets, up to a maximum length.
/// </summary>
/// <remarks>
/// Each item keeps the ascending list of baskets it is in. An itemset's list is the intersection of its prefix's
/// list with the list of its last item, so extending by one item costs one merge of two sorted lists, and the
/// search stops below any itemset that is already too rare (support only falls as items are added). Items are
/// visited from the rarest up, which keeps the lists being intersected short. Pairs are counted from the baskets'
/// own rows rather than by intersecting every two frequent items, so a large sparse catalogue costs the sum of the
/// squared basket sizes, not the square of its frequent items.
/// </remarks>
public sealed class FrequentItemsetMiner(FrequentItemsetOptions? options = null)
{
    public FrequentItemsetOptions Options { get; } = Validate(options ?? new FrequentItemsetOptions());

    /// <summary>Every frequent itemset of one or more items in <paramref name="baskets"/> (rows are baskets).</summary>
    public IReadOnlyList<Itemset> Mine(InteractionMatrix baskets, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(baskets);
        var minCount = Options.MinimumCount(baskets.Rows);
        var lists = baskets.Binarize().Transpose();

        var frequent = new List<(int Item, int[] Baskets)>();
        for (var item = 0; item < lists.Rows; item++)
        {
            if (lists.RowLength(item) >= minCount)
            {
                frequent.Add((item, lists.RowColumns(item).ToArray()));
            }
        }

        frequent.Sort(static (a, b) => a.Baskets.Length != b.Baskets.Length
            ? a.Baskets.Length.CompareTo(b.Baskets.Length)
            : a.Item.CompareTo(b.Item));

        // Pairs come from the baskets themselves: each frequent item's baskets are scanned once for the frequent items
        // that follow it in the visiting order, so the cost is the sum of squared basket sizes, not the square of the
        // catalogue; only the pairs frequent enough get a basket list for the deeper levels.
        var rank = new int[lists.Rows];
        Array.Fill(rank, -1);
        for (var r = 0; r < frequent.Count; r++)
        {
            rank[frequent[r].Item] = r;
        }

        var rows = baskets.Binarize();
        var together = new int[frequent.Count];
        var touched = new List<int>();
        var result = new List<Itemset>();
        var prefix = new List<int>(Options.MaxLength);
        for (var a = 0; a < frequent.Count; a++)
        {
            cancellation.ThrowIfCancellationRequested();
            var (item, list) = frequent[a];
            Emit(result, new Itemset([item], list.Length), minCount);
            if (Options.MaxLength < 2)
            {
                continue;
            }

            touched.Clear();
            foreach (var basket in list)
            {
                foreach (var other in rows.RowColumns(basket))
                {
                    var r = rank[other];
                    if (r > a)
                    {
                        if (together[r]++ == 0)
                        {
                            touched.Add(r);
                        }
                    }
                }
            }

            touched.Sort();
            var next = new List<(int Item, int[] Baskets)>();
            foreach (var r in touched)
            {
                if (together[r] >= minCount)
                {
                    next.Add((frequent[r].Item, Intersect(list, frequent[r].Baskets, minCount)!));
                }

                together[r] = 0;
            }

            if (next.Count > 0)
            {
                prefix.Add(item);
                Extend(prefix, next, minCount, result, cancellation);
                prefix.RemoveAt(prefix.Count - 1);
            }
        }

        return result;
    }

    private void Extend(List<int> prefix, List<(int Item, int[] Baskets)> candidates, int minCount, List<Itemset> result, CancellationToken cancellation)
    {
        for (var a = 0; a < candidates.Count; a++)
        {
            cancellation.ThrowIfCancellationRequested();
            var (item, list) = candidates[a];
            prefix.Add(item);
            var items = prefix.ToArray();
            Array.Sort(items);
            Emit(result, new Itemset(items, list.Length), minCount);

            if (prefix.Count < Options.MaxLength)
            {
                var next = new List<(int Item, int[] Baskets)>();
                for (var b = a + 1; b < candidates.Count; b++)
                {
                    var both = Intersect(list, candidates[b].Baskets, minCount);
                    if (both is not null)
                    {
                        next.Add((candidates[b].Item, both));
                    }
                }

                if (next.Count > 0)
                {
                    Extend(prefix, next, minCount, result, cancellation);
                }
            }

            prefix.RemoveAt(prefix.Count - 1);
        }
    }

    private void Emit(List<Itemset> result, Itemset itemset, int minCount)
    {
        if (result.Count >= Options.MaxItemsets)
        {
            throw new InvalidOperationException(
                $"More than {Options.MaxItemsets:N0} frequent itemsets of up to {Options.MaxLength} items in at least {minCount} baskets "
                + $"(support {Options.MinSupport}): raise the support or lower the maximum length.");
        }

        result.Add(itemset);
    }

    // The baskets in both ascending lists, or null as soon as fewer than minCount can remain.
    private static int[]? Intersect(int[] x, int[] y, int minCount)
    {
        if (Math.Min(x.Length, y.Length) < minCount)
        {
            return null;
        }

        var buffer = new int[Math.Min(x.Length, y.Length)];
        int i = 0, j = 0, n = 0;
        while (i < x.Length && j < y.Length)
        {
            // Stop once even matching every remaining entry would not reach minCount.
            if (n + Math.Min(x.Length - i, y.Length - j) < minCount)
            {
                return null;
            }

            var xi = x[i];
            var yj = y[j];
            if (xi == yj)
            {
                buffer[n++] = xi;
                i++;
                j++;
            }
            else if (xi < yj)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return n >= minCount ? buffer.AsSpan(0, n).ToArray() : null;
    }

    private static FrequentItemsetOptions Validate(FrequentItemsetOptions options)
    {
        if (!(options.MinSupport is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"MinSupport must lie in [0, 1]; it was {options.MinSupport}.");
        }

        if (options.MaxItemsets < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"MaxItemsets must be at least 1; it was {options.MaxItemsets}.");
        }

        if (options.MaxLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"MaxLength must be at least 1; it was {options.MaxLength}.");
        }

        return options;
    }
}
