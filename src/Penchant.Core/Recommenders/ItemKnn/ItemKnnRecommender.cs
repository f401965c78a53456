using Penchant.Core.Data;
using Penchant.Core.Numerics;

namespace Penchant.Core.Recommenders.ItemKnn;

/// <summary>Options for <see cref="ItemKnnRecommender"/>.</summary>
/// <param name="Neighbors">How many most-similar items each item keeps.</param>
/// <param name="Shrinkage">Added to the cosine denominator, damping similarities built on few co-occurrences.</param>
/// <param name="Binary">Treat every interaction as 1 instead of its evidence weight.</param>
public sealed record ItemKnnOptions(int Neighbors = 100, float Shrinkage = 10f, bool Binary = false);

/// <summary>
/// Item-based k-nearest-neighbour collaborative filtering with shrunk cosine similarity.
/// </summary>
/// <remarks>
/// Sarwar, Karypis, Konstan and Riedl, "Item-based collaborative filtering recommendation algorithms",
/// WWW 2001; shrinkage as in Koren, "Factor in the neighbors", TKDD 2010. A shopper's score for item j is
/// the sum over history items i of weight(i) x sim(i, j), where sim keeps only each item's top neighbours.
/// </remarks>
public sealed class ItemKnnRecommender(ItemKnnOptions? options = null) : IRecommender
{
    public ItemKnnOptions Options { get; } = options ?? new ItemKnnOptions();

    public string Name => ItemKnnModel.KindName;

    public IRecommenderModel Fit(InteractionData data, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(context);
        var x = Options.Binary ? data.Matrix.Binarize() : data.Matrix;
        var xt = x.Transpose();
        var n = x.Columns;
        var k = Math.Max(1, Math.Min(Options.Neighbors, Math.Max(1, n - 1)));

        var norms = new float[n];
        for (var i = 0; i < n; i++)
        {
            var v = xt.RowValues(i);
            norms[i] = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot(v, v));
        }

        var neighbors = new ScoredItem[n][];
        var done = 0;
        Parallel.For(
            0,
            n,
            new ParallelOptions { CancellationToken = context.Cancellation },
            () => (Acc: new float[n], Touched: new List<int>(), Heap: new ScoredItem[k], Sims: new float[n]),
            (i, _, local) =>
            {
                var acc = local.Acc;
                var touched = local.Touched;
                touched.Clear();
                var users = xt.RowColumns(i);
                var userValues = xt.RowValues(i);
                for (var a = 0; a < users.Length; a++)
                {
                    var wi = userValues[a];
                    var cols = x.RowColumns(users[a]);
                    var vals = x.RowValues(users[a]);
                    for (var b = 0; b < cols.Length; b++)
                    {
                        var j = cols[b];
                        if (acc[j] == 0f)
                        {
                            touched.Add(j);
                        }

                        acc[j] += wi * vals[b];
                    }
                }

                var found = 0;
                var heap = local.Heap;
                // Select the top-k among touched items by filling a sparse score view.
                var sims = local.Sims;
                foreach (var j in touched)
                {
                    if (j != i && acc[j] > 0f)
                    {
                        sims[j] = acc[j] / ((norms[i] * norms[j]) + Options.Shrinkage);
                    }
                }

                found = SelectTouched(sims, touched, i, heap);
                var list = heap.AsSpan(0, found).ToArray();
                Array.Sort(list, static (p, q) => q.Score.CompareTo(p.Score));
                neighbors[i] = list;
                foreach (var j in touched)
                {
                    acc[j] = 0f;
                    sims[j] = 0f;
                }

                var now = Interlocked.Increment(ref done);
                if ((now & 1023) == 0)
                {
                    context.Report("item-knn similarities", (double)now / n);
                }

                return local;
            },
            static _ => { });

        return ItemKnnModel.FromNeighbors(neighbors);
    }

    private static int SelectTouched(float[] sims, List<int> touched, int self, Span<ScoredItem> heap)
    {
        // Small bounded heap over the touched entries only (touched is usually far smaller than n).
        var size = 0;
        foreach (var j in touched)
        {
            if (j == self)
            {
                continue;
            }

            var s = sims[j];
            if (s <= 0f)
            {
                continue;
            }

            if (size < heap.Length)
            {
                heap[size++] = new ScoredItem(j, s);
                if (size == heap.Length)
                {
                    Heapify(heap);
                }
            }
            else if (s > heap[0].Score)
            {
                heap[0] = new ScoredItem(j, s);
                SiftDown(heap, 0);
            }
        }

        return size;
    }

    private static void Heapify(Span<ScoredItem> heap)
    {
        for (var at = (heap.Length / 2) - 1; at >= 0; at--)
        {
            SiftDown(heap, at);
        }
    }

    private static void SiftDown(Span<ScoredItem> heap, int at)
    {
        while (true)
        {
            var left = (2 * at) + 1;
            if (left >= heap.Length)
            {
                return;
            }

            var min = left;
            if (left + 1 < heap.Length && heap[left + 1].Score < heap[left].Score)
            {
                min = left + 1;
            }

            if (heap[min].Score < heap[at].Score)
            {
                (heap[min], heap[at]) = (heap[at], heap[min]);
                at = min;
            }
            else
            {
                return;
            }
        }
    }
}

/// <summary>A trained item-kNN model: each item's top neighbours in CSR form.</summary>
public sealed class ItemKnnModel : IRecommenderModel, IItemSimilarityCeilings
{
    public const string KindName = "itemknn";

    private readonly int[] _pointers;
    private readonly int[] _neighbors;
    private readonly float[] _similarities;

    public ItemKnnModel(int[] pointers, int[] neighbors, float[] similarities)
    {
        _pointers = pointers;
        _neighbors = neighbors;
        _similarities = similarities;
    }

    public string Kind => KindName;

    public int ItemCount => _pointers.Length - 1;

    /// <summary>The neighbours of <paramref name="item"/>, most similar first.</summary>
    public ReadOnlySpan<int> NeighborsOf(int item) => _neighbors.AsSpan(_pointers[item], _pointers[item + 1] - _pointers[item]);

    /// <summary>The similarities matching <see cref="NeighborsOf"/>.</summary>
    public ReadOnlySpan<float> SimilaritiesOf(int item) => _similarities.AsSpan(_pointers[item], _pointers[item + 1] - _pointers[item]);

    public void Score(UserQuery query, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(query);
        scores.Clear();
        for (var h = 0; h < query.Items.Length; h++)
        {
            var item = query.Items[h];
            if ((uint)item >= (uint)ItemCount)
            {
                continue;
            }

            var w = query.Weights[h];
            var neighbors = NeighborsOf(item);
            var sims = SimilaritiesOf(item);
            for (var k = 0; k < neighbors.Length; k++)
            {
                scores[neighbors[k]] += w * sims[k];
            }
        }
    }

    public void ScoreSimilar(int item, Span<float> scores)
    {
        scores.Clear();
        if ((uint)item >= (uint)ItemCount)
        {
            return;
        }

        var neighbors = NeighborsOf(item);
        var sims = SimilaritiesOf(item);
        for (var k = 0; k < neighbors.Length; k++)
        {
            scores[neighbors[k]] = sims[k];
        }
    }

    /// <inheritdoc />
    /// <remarks>One pass over every neighbour list: item <c>b</c> in the list of <c>a</c> is <c>Similarity(a, b)</c>.</remarks>
    public void LargestSimilaritiesTo(Span<float> ceilings)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(ceilings.Length, ItemCount);
        ceilings.Clear();
        for (var a = 0; a < ItemCount; a++)
        {
            var neighbors = NeighborsOf(a);
            var sims = SimilaritiesOf(a);
            for (var k = 0; k < neighbors.Length; k++)
            {
                var b = neighbors[k];
                if (b != a && sims[k] > ceilings[b])
                {
                    ceilings[b] = sims[k];
                }
            }
        }
    }

    public float Similarity(int a, int b)
    {
        if ((uint)a >= (uint)ItemCount)
        {
            return 0f;
        }

        var at = NeighborsOf(a).IndexOf(b);
        return at >= 0 ? SimilaritiesOf(a)[at] : 0f;
    }

    public void Write(BinaryWriter writer)
    {
        ModelFile.WriteArray(writer, _pointers);
        ModelFile.WriteArray(writer, _neighbors);
        ModelFile.WriteArray(writer, _similarities);
    }

    public static ItemKnnModel Read(BinaryReader reader)
    {
        var pointers = ModelFile.ReadInts(reader);
        var neighbors = ModelFile.ReadInts(reader);
        var sims = ModelFile.ReadFloats(reader);
        return new ItemKnnModel(pointers, neighbors, sims);
    }

    /// <summary>Packs per-item neighbour lists into CSR.</summary>
    public static ItemKnnModel FromNeighbors(IReadOnlyList<ScoredItem[]> neighbors)
    {
        ArgumentNullException.ThrowIfNull(neighbors);
        var pointers = new int[neighbors.Count + 1];
        for (var i = 0; i < neighbors.Count; i++)
        {
            pointers[i + 1] = pointers[i] + neighbors[i].Length;
        }

        var ids = new int[pointers[^1]];
        var sims = new float[pointers[^1]];
        for (var i = 0; i < neighbors.Count; i++)
        {
            var at = pointers[i];
            foreach (var n in neighbors[i])
            {
                ids[at] = n.Item;
                sims[at] = n.Score;
                at++;
            }
        }

        return new ItemKnnModel(pointers, ids, sims);
    }
}
