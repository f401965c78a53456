using System.Numerics.Tensors;
using Penchant.Core.Data;
using Penchant.Core.Text;

namespace Penchant.Core.Embeddings;

/// <summary>Options for <see cref="ItemEmbeddingBuilder"/>.</summary>
/// <param name="BehaviourWeight">w in [0, 1]: the share of the behaviour part in the combined cosine.</param>
/// <param name="Ridge">The ridge penalty of the text-to-behaviour map.</param>
/// <param name="MinPairedItems">Fewer items with both embeddings than this and no map is learnt (text-only items then get no behaviour part).</param>
/// <param name="Text">Text vectoriser options (the TF-IDF or BM25 model that is projected).</param>
/// <param name="TextEmbedding">Dimensions and hashing of the text embeddings.</param>
/// <param name="Behaviour">item2vec options.</param>
public sealed record ItemEmbeddingOptions(
    float BehaviourWeight = 0.5f,
    float Ridge = 1f,
    int MinPairedItems = 20,
    ItemTextOptions? Text = null,
    TextEmbeddingOptions? TextEmbedding = null,
    Item2VecOptions? Behaviour = null);

/// <summary>The embeddings of one catalogue, all indexed by dense item id.</summary>
/// <param name="Text">Projected TF-IDF/BM25 text embeddings.</param>
/// <param name="Behaviour">item2vec embeddings; zero rows for items without enough interactions.</param>
/// <param name="Combined">[sqrt(1 - w) text, sqrt(w) behaviour] with the behaviour part of text-only items predicted from their text; unit rows.</param>
/// <param name="HasBehaviour">Whether each item has its own behaviour embedding.</param>
/// <param name="TextModel">The text model the text embeddings come from (keywords for labels).</param>
public sealed record ItemEmbeddingSet(
    ItemEmbeddings Text,
    ItemEmbeddings Behaviour,
    ItemEmbeddings Combined,
    IReadOnlyList<bool> HasBehaviour,
    ItemTextModel TextModel);

/// <summary>
/// Builds one item embedding table from behaviour and text. Items with interactions get item2vec vectors;
/// a ridge-regression map learnt on items that have both predicts a behaviour vector from text, so a new
/// item with only text lands in the combined space near the items it resembles.
/// </summary>
/// <remarks>
/// The text-to-behaviour map follows the idea of mapping content features into a collaborative space for cold
/// items (Gantner et al., "Learning attribute-to-feature mappings for cold-start recommendations", ICDM 2010),
/// here as a closed-form ridge regression solved by Cholesky.
/// </remarks>
public sealed class ItemEmbeddingBuilder(ItemEmbeddingOptions? options = null)
{
    public ItemEmbeddingOptions Options { get; } = options ?? new ItemEmbeddingOptions();

    /// <summary>
    /// The catalogue item of each dense id of <paramref name="ids"/>; ids missing from the catalogue get an
    /// item with an empty title (and so a zero text embedding).
    /// </summary>
    public static Item[] Align(IdMap ids, IReadOnlyList<Item> catalogue)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(catalogue);
        var byId = new Dictionary<string, Item>(catalogue.Count, StringComparer.Ordinal);
        foreach (var item in catalogue)
        {
            byId.TryAdd(item.Id, item);
        }

        var result = new Item[ids.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = byId.GetValueOrDefault(ids[i]) ?? new Item(ids[i], string.Empty);
        }

        return result;
    }

    /// <summary>Text embeddings only (no behaviour): the projected TF-IDF/BM25 vectors of <paramref name="items"/>.</summary>
    public (ItemEmbeddings Embeddings, ItemTextModel Model) BuildText(IReadOnlyList<Item> items, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var model = new ItemTextVectorizer(Options.Text).Fit(items, cancellation);
        var embedder = new TextEmbedder(Options.TextEmbedding ?? new TextEmbeddingOptions(Dimensions: 128));
        return (ItemEmbeddings.FromRows(embedder.ProjectAll(model), embedder.Options.Dimensions), model);
    }

    /// <summary>
    /// Builds text, behaviour and combined embeddings. <paramref name="items"/>[i] is dense item i and
    /// <paramref name="sequences"/> are the shoppers' chronological item sequences over the same ids.
    /// <paramref name="text"/>, when given, are the items' text embeddings from elsewhere (a large model behind an
    /// embeddings endpoint; zero rows for items without one) and replace the hashed TF-IDF projections; the text
    /// model is still fitted, for keywords and labels.
    /// </summary>
    public ItemEmbeddingSet Build(IReadOnlyList<Item> items, IReadOnlyList<int[]> sequences, int seed, CancellationToken cancellation = default, ItemEmbeddings? text = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.BehaviourWeight, 0f);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Options.BehaviourWeight, 1f);
        var n = items.Count;
        if (text is not null && text.ItemCount != n)
        {
            throw new ArgumentException($"The text embeddings hold {text.ItemCount} items for a catalogue of {n}.", nameof(text));
        }

        ItemTextModel model;
        if (text is null)
        {
            (text, model) = BuildText(items, cancellation);
        }
        else
        {
            model = new ItemTextVectorizer(Options.Text).Fit(items, cancellation);
        }

        var behaviourRows = new Item2Vec(Options.Behaviour).Fit(sequences, n, seed, cancellation);
        var db = (Options.Behaviour ?? new Item2VecOptions()).Dimensions;
        var behaviour = ItemEmbeddings.FromRows(behaviourRows, db);
        var has = new bool[n];
        var paired = new List<int>();
        for (var i = 0; i < n; i++)
        {
            has[i] = behaviour.Has(i);
            if (has[i] && text.Has(i))
            {
                paired.Add(i);
            }
        }

        var map = paired.Count >= Options.MinPairedItems ? FitMap(text, behaviour, paired, Options.Ridge) : null;
        var dt = text.Dimensions;
        var combined = new float[n * (dt + db)];
        var predicted = new float[db];
        for (var i = 0; i < n; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            ReadOnlySpan<float> b;
            if (has[i])
            {
                b = behaviour.Row(i);
            }
            else if (map is not null)
            {
                Apply(map, text.Row(i), predicted);
                b = predicted;
            }
            else
            {
                b = [];
            }

            var row = EmbeddingBlend.Concatenate(text.Row(i), b.Length == 0 ? new float[db] : b, Options.BehaviourWeight);
            var norm = TensorPrimitives.Norm(row);
            if (norm > 0f)
            {
                TensorPrimitives.Divide(row, norm, combined.AsSpan(i * (dt + db), dt + db));
            }
        }

        return new ItemEmbeddingSet(text, behaviour, new ItemEmbeddings(n, dt + db, combined), has, model);
    }

    /// <summary>
    /// W (dt x db, row-major) minimising |T W - B|^2 + ridge |W|^2 over <paramref name="paired"/> items:
    /// (T'T + ridge I) W = T'B.
    /// </summary>
    internal static float[] FitMap(ItemEmbeddings text, ItemEmbeddings behaviour, IReadOnlyList<int> paired, float ridge)
    {
        var dt = text.Dimensions;
        var db = behaviour.Dimensions;
        var gram = new double[dt * dt];
        var rhs = new double[dt * db];
        foreach (var i in paired)
        {
            var t = text.Row(i);
            var b = behaviour.Row(i);
            for (var p = 0; p < dt; p++)
            {
                if (t[p] == 0f)
                {
                    continue;
                }

                for (var q = p; q < dt; q++)
                {
                    gram[(p * dt) + q] += (double)t[p] * t[q];
                }

                for (var q = 0; q < db; q++)
                {
                    rhs[(p * db) + q] += (double)t[p] * b[q];
                }
            }
        }

        for (var p = 0; p < dt; p++)
        {
            gram[(p * dt) + p] += ridge;
            for (var q = 0; q < p; q++)
            {
                gram[(p * dt) + q] = gram[(q * dt) + p];
            }
        }

        CholeskyInPlace(gram, dt);
        var w = new float[dt * db];
        var column = new double[dt];
        for (var q = 0; q < db; q++)
        {
            for (var p = 0; p < dt; p++)
            {
                column[p] = rhs[(p * db) + q];
            }

            CholeskySolve(gram, dt, column);
            for (var p = 0; p < dt; p++)
            {
                w[(p * db) + q] = (float)column[p];
            }
        }

        return w;
    }

    /// <summary>target = W' t.</summary>
    internal static void Apply(float[] map, ReadOnlySpan<float> t, Span<float> target)
    {
        var db = target.Length;
        target.Clear();
        for (var p = 0; p < t.Length; p++)
        {
            if (t[p] != 0f)
            {
                TensorPrimitives.MultiplyAdd(map.AsSpan(p * db, db), t[p], target, target);
            }
        }
    }

    /// <summary>Replaces the lower triangle of the symmetric positive definite <paramref name="a"/> by L with a = L L'.</summary>
    private static void CholeskyInPlace(double[] a, int n)
    {
        for (var j = 0; j < n; j++)
        {
            var sum = a[(j * n) + j];
            for (var k = 0; k < j; k++)
            {
                sum -= a[(j * n) + k] * a[(j * n) + k];
            }

            if (sum <= 0)
            {
                throw new InvalidOperationException("The ridge system is not positive definite.");
            }

            var diagonal = Math.Sqrt(sum);
            a[(j * n) + j] = diagonal;
            for (var i = j + 1; i < n; i++)
            {
                var s = a[(i * n) + j];
                for (var k = 0; k < j; k++)
                {
                    s -= a[(i * n) + k] * a[(j * n) + k];
                }

                a[(i * n) + j] = s / diagonal;
            }
        }
    }

    /// <summary>Solves L L' x = b in place with the factor from <see cref="CholeskyInPlace"/>.</summary>
    private static void CholeskySolve(double[] l, int n, double[] b)
    {
        for (var i = 0; i < n; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++)
            {
                s -= l[(i * n) + k] * b[k];
            }

            b[i] = s / l[(i * n) + i];
        }

        for (var i = n - 1; i >= 0; i--)
        {
            var s = b[i];
            for (var k = i + 1; k < n; k++)
            {
                s -= l[(k * n) + i] * b[k];
            }

            b[i] = s / l[(i * n) + i];
        }
    }
}
