using System.Numerics.Tensors;
using Penchant.Core.Data;

namespace Penchant.Core.Text;

/// <summary>Options for <see cref="TextEmbedder"/>.</summary>
/// <param name="Dimensions">Length of the embeddings.</param>
/// <param name="Seed">Seeds the hashing; embeddings are comparable only under the same seed and dimensions.</param>
/// <param name="Probes">How many signed positions each feature is spread over (sparse random projection).</param>
/// <param name="CharNGramMin">Shortest character n-gram of English words (0 turns character n-grams off).</param>
/// <param name="CharNGramMax">Longest character n-gram.</param>
/// <param name="CharNGramWeight">The total weight of a word's character n-grams relative to the word itself.</param>
/// <param name="Fields">Field weights for <see cref="TextEmbedder.Embed(Item)"/>.</param>
/// <param name="Tokenizer">Tokenizer options.</param>
public sealed record TextEmbeddingOptions(
    int Dimensions = 256,
    int Seed = 1,
    int Probes = 2,
    int CharNGramMin = 3,
    int CharNGramMax = 5,
    float CharNGramWeight = 1f,
    TextFieldWeights? Fields = null,
    TokenizerOptions? Tokenizer = null);

/// <summary>
/// Dense text embeddings needing no trained model: each term (stemmed English word, Han unigram and
/// bigram) and each character n-gram of an English word is hashed to a few signed positions of a
/// d-dimensional vector, and the result is L2-normalised. A new item with only text therefore lands near
/// items that share its words, word pieces (spelling variants, compounds) or Chinese bigrams.
/// </summary>
/// <remarks>
/// Feature hashing as a random projection: Weinberger et al., "Feature hashing for large scale multitask
/// learning", ICML 2009; sparse signed projections: Achlioptas, "Database-friendly random projections",
/// PODS 2001; character n-grams as in fastText (Bojanowski et al., TACL 2017). With
/// <see cref="Project(ItemTextModel, SparseVector)"/> the same hashing projects TF-IDF or BM25 vectors,
/// so common words weigh less. Thread-safe.
/// </remarks>
public sealed class TextEmbedder
{
    private readonly TextTokenizer _tokenizer;
    private readonly ulong _seed;

    public TextEmbedder(TextEmbeddingOptions? options = null)
    {
        Options = options ?? new TextEmbeddingOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.Dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.Probes, 1);
        _tokenizer = new TextTokenizer(Options.Tokenizer);
        _seed = FeatureHash.Mix((ulong)Options.Seed);
    }

    public TextEmbeddingOptions Options { get; }

    /// <summary>The embedding of free text.</summary>
    public float[] Embed(string? text)
    {
        var counts = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var term in _tokenizer.Tokenize(text))
        {
            counts[term] = counts.GetValueOrDefault(term) + 1f;
        }

        return EmbedCounts(counts);
    }

    /// <summary>The embedding of an item's text fields, weighted as in <see cref="TextEmbeddingOptions.Fields"/>.</summary>
    public float[] Embed(Item item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return EmbedCounts(ItemTextVectorizer.WeightedCounts(item, _tokenizer, Options.Fields ?? TextFieldWeights.Default));
    }

    /// <summary>
    /// Projects a TF-IDF or BM25 vector of <paramref name="model"/> into the embedding space (terms hashed
    /// by their text, so any vocabulary maps consistently), L2-normalised.
    /// </summary>
    public float[] Project(ItemTextModel model, SparseVector vector)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vector);
        var result = new float[Options.Dimensions];
        var idx = vector.Indices;
        var values = vector.Values;
        for (var e = 0; e < vector.Count; e++)
        {
            AddFeature(model.Terms[idx[e]], values[e], result);
            AddCharNGrams(model.Terms[idx[e]], values[e], result);
        }

        return NormalizeInPlace(result);
    }

    /// <summary>The embeddings of all items of <paramref name="model"/>, one row each.</summary>
    public float[][] ProjectAll(ItemTextModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var rows = new float[model.ItemCount][];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = Project(model, model.ItemVector(i));
        }

        return rows;
    }

    private float[] EmbedCounts(Dictionary<string, float> counts)
    {
        var result = new float[Options.Dimensions];
        foreach (var (term, tf) in counts)
        {
            var w = 1f + MathF.Log(Math.Max(tf, 1f));
            AddFeature(term, w, result);
            AddCharNGrams(term, w, result);
        }

        return NormalizeInPlace(result);
    }

    private void AddCharNGrams(string term, float weight, float[] result)
    {
        var min = Options.CharNGramMin;
        if (min <= 0 || Options.CharNGramWeight <= 0f || term.Length == 0 || TextNormalizer.IsHan(term[0]))
        {
            return;
        }

        var padded = $"<{term}>";
        var max = Math.Min(Options.CharNGramMax, padded.Length);
        var grams = 0;
        for (var n = min; n <= max; n++)
        {
            grams += padded.Length - n + 1;
        }

        if (grams == 0)
        {
            return;
        }

        var w = weight * Options.CharNGramWeight / MathF.Sqrt(grams);
        for (var n = min; n <= max; n++)
        {
            for (var s = 0; s + n <= padded.Length; s++)
            {
                AddHashed(FeatureHash.Hash(padded.AsSpan(s, n), _seed ^ 0xC4A7), w, result);
            }
        }
    }

    private void AddFeature(string term, float weight, float[] result) => AddHashed(FeatureHash.Hash(term, _seed), weight, result);

    private void AddHashed(ulong h, float weight, float[] result)
    {
        var probes = Options.Probes;
        var w = weight / MathF.Sqrt(probes);
        for (var p = 0; p < probes; p++)
        {
            h = FeatureHash.Mix(h + (ulong)p);
            var position = (int)((h >> 1) % (ulong)result.Length);
            result[position] += (h & 1) == 0 ? w : -w;
        }
    }

    private static float[] NormalizeInPlace(float[] v)
    {
        var norm = TensorPrimitives.Norm(v);
        if (norm > 0f)
        {
            TensorPrimitives.Divide(v, norm, v);
        }

        return v;
    }
}
