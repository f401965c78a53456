using Penchant.Core.Data;
using Penchant.Core.Numerics;

namespace Penchant.Core.Text;

/// <summary>A term of a text model with its weight; <see cref="Display"/> is the most common surface form (for stems).</summary>
public readonly record struct Keyword(string Term, string Display, float Weight);

/// <summary>
/// The vocabulary, idf and item vectors learnt by <see cref="ItemTextVectorizer"/>. Immutable and thread-safe.
/// Item indices are the positions in the list the model was fitted on.
/// </summary>
public sealed class ItemTextModel
{
    private readonly string[] _terms;
    private readonly string[] _display;
    private readonly float[] _idf;
    private readonly SparseVector[] _vectors;
    private readonly Dictionary<string, int> _index;
    private readonly TextTokenizer _tokenizer;
    private readonly float _averageLength;

    internal ItemTextModel(ItemTextOptions options, string[] terms, string[] display, float[] idf, float averageLength, List<Dictionary<string, float>> itemCounts)
    {
        Options = options;
        _terms = terms;
        _display = display;
        _idf = idf;
        _averageLength = averageLength;
        _tokenizer = new TextTokenizer(options.Tokenizer);
        _index = new Dictionary<string, int>(terms.Length, StringComparer.Ordinal);
        for (var t = 0; t < terms.Length; t++)
        {
            _index[terms[t]] = t;
        }

        _vectors = itemCounts.Select(Weigh).ToArray();
    }

    public ItemTextOptions Options { get; }

    /// <summary>The vocabulary; a vector index is a position in this list.</summary>
    public IReadOnlyList<string> Terms => _terms;

    /// <summary>The inverse document frequency of each term.</summary>
    public ReadOnlySpan<float> Idf => _idf;

    /// <summary>How many items the model was fitted on.</summary>
    public int ItemCount => _vectors.Length;

    /// <summary>The L2-normalised vector of item <paramref name="item"/>.</summary>
    public SparseVector ItemVector(int item) => _vectors[item];

    /// <summary>The index of <paramref name="term"/> in <see cref="Terms"/>, or -1.</summary>
    public int IndexOf(string term) => _index.TryGetValue(term, out var t) ? t : -1;

    /// <summary>The normalised vector of an item that need not be in the model (a new item); unknown terms are ignored.</summary>
    public SparseVector Transform(Item item) =>
        Weigh(ItemTextVectorizer.WeightedCounts(item, _tokenizer, Options.Fields ?? TextFieldWeights.Default));

    /// <summary>The normalised vector of free text (a query, a review), weighted as a description.</summary>
    public SparseVector Transform(string text) => Transform(new Item(string.Empty, string.Empty, Description: text));

    /// <summary>The <paramref name="k"/> heaviest terms of item <paramref name="item"/>.</summary>
    public IReadOnlyList<Keyword> Keywords(int item, int k) => Keywords(_vectors[item], k);

    /// <summary>The <paramref name="k"/> heaviest terms of <paramref name="vector"/> (ties by term).</summary>
    public IReadOnlyList<Keyword> Keywords(SparseVector vector, int k)
    {
        ArgumentNullException.ThrowIfNull(vector);
        var idx = vector.Indices.ToArray();
        var values = vector.Values.ToArray();
        var order = Enumerable.Range(0, idx.Length)
            .Where(e => values[e] > 0f)
            .OrderByDescending(e => values[e]).ThenBy(e => _terms[idx[e]], StringComparer.Ordinal)
            .Take(Math.Max(0, k));
        return order.Select(e => new Keyword(_terms[idx[e]], _display[idx[e]], values[e])).ToArray();
    }

    /// <summary>
    /// The normalised profile of a shopper: the weighted sum of the vectors of the items they touched
    /// (weights from events, time decay, ratings), normalised to unit length.
    /// </summary>
    public SparseVector ShopperVector(IEnumerable<(int Item, float Weight)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var sum = new Dictionary<int, float>();
        foreach (var (item, weight) in items)
        {
            var v = _vectors[item];
            var idx = v.Indices;
            var values = v.Values;
            for (var e = 0; e < v.Count; e++)
            {
                sum[idx[e]] = sum.GetValueOrDefault(idx[e]) + (weight * values[e]);
            }
        }

        return SparseVector.FromPairs(sum).Normalize();
    }

    /// <summary>The <paramref name="k"/> terms that best describe a shopper's weighted items.</summary>
    public IReadOnlyList<Keyword> ShopperKeywords(IEnumerable<(int Item, float Weight)> items, int k) => Keywords(ShopperVector(items), k);

    /// <summary>The <paramref name="k"/> items whose vectors have the highest cosine with <paramref name="query"/>.</summary>
    /// <param name="query">A vector of this model (from <see cref="Transform(Item)"/>, <see cref="ItemVector"/> or <see cref="ShopperVector"/>).</param>
    /// <param name="k">How many.</param>
    /// <param name="exclude">An item index to leave out (the query item itself), or -1.</param>
    public ScoredItem[] Similar(SparseVector query, int k, int exclude = -1)
    {
        ArgumentNullException.ThrowIfNull(query);
        var q = query.Normalize();
        var scores = new float[_vectors.Length];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = i == exclude ? float.NegativeInfinity : SparseVector.Dot(q, _vectors[i]);
        }

        return TopK.Select(scores, k);
    }

    /// <summary>Turns field-weighted counts into a normalised TF-IDF or BM25 vector over this vocabulary.</summary>
    private SparseVector Weigh(Dictionary<string, float> counts)
    {
        var length = counts.Values.Sum();
        var pairs = new List<KeyValuePair<int, float>>(counts.Count);
        foreach (var (term, tf) in counts)
        {
            if (!_index.TryGetValue(term, out var t) || tf <= 0f)
            {
                continue;
            }

            float w;
            if (Options.Weighting == TermWeighting.Bm25)
            {
                var k1 = Options.K1;
                var norm = k1 * (1 - Options.B + (Options.B * length / _averageLength));
                w = _idf[t] * tf * (k1 + 1) / (tf + norm);
            }
            else
            {
                w = _idf[t] * (1f + MathF.Log(Math.Max(tf, 1f)));
            }

            pairs.Add(new KeyValuePair<int, float>(t, w));
        }

        return SparseVector.FromPairs(pairs).Normalize();
    }
}
