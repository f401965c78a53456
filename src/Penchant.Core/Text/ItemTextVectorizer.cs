using Penchant.Core.Data;

namespace Penchant.Core.Text;

/// <summary>How term counts become weights.</summary>
public enum TermWeighting
{
    /// <summary>(1 + ln tf) x smoothed idf, ln((1 + N) / (1 + df)) + 1.</summary>
    TfIdf,

    /// <summary>Okapi BM25 term saturation and length normalisation with the BM25 idf.</summary>
    Bm25,
}

/// <summary>How much one occurrence of a term in each item field counts.</summary>
public sealed record TextFieldWeights(float Title = 3f, float Description = 1f, float Category = 2f, float Brand = 2f, float Tags = 2f)
{
    public static TextFieldWeights Default { get; } = new();
}

/// <summary>Options for <see cref="ItemTextVectorizer"/>.</summary>
/// <param name="Weighting">TF-IDF or BM25.</param>
/// <param name="Fields">Field weights; <see cref="TextFieldWeights.Default"/> when null.</param>
/// <param name="K1">BM25 term-frequency saturation.</param>
/// <param name="B">BM25 length normalisation, 0 (none) to 1 (full).</param>
/// <param name="MinDocumentFrequency">Terms in fewer items are left out of the vocabulary.</param>
/// <param name="Tokenizer">Tokenizer options; <see cref="TokenizerOptions.Default"/> when null.</param>
public sealed record ItemTextOptions(
    TermWeighting Weighting = TermWeighting.Bm25,
    TextFieldWeights? Fields = null,
    float K1 = 1.2f,
    float B = 0.75f,
    int MinDocumentFrequency = 1,
    TokenizerOptions? Tokenizer = null);

/// <summary>
/// Learns a vocabulary and document frequencies from catalogue items and turns each item's title,
/// description, category path, brand and tags into one L2-normalised sparse TF-IDF or BM25 vector.
/// </summary>
/// <remarks>
/// Fields are combined before saturation, as in BM25F (Robertson, Zaragoza and Taylor, "Simple BM25
/// extension to multiple weighted fields", CIKM 2004): a term's frequency is the field-weighted sum of
/// its counts, and the document length is the field-weighted term count.
/// </remarks>
public sealed class ItemTextVectorizer(ItemTextOptions? options = null)
{
    public ItemTextOptions Options { get; } = options ?? new ItemTextOptions();

    /// <summary>Builds the model over <paramref name="items"/>; item i of the list is item index i of the model.</summary>
    public ItemTextModel Fit(IReadOnlyList<Item> items, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var tokenizer = new TextTokenizer(Options.Tokenizer);
        var fields = Options.Fields ?? TextFieldWeights.Default;
        var counts = new List<Dictionary<string, float>>(items.Count);
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        var surfaceCounts = new Dictionary<(string Term, string Surface), int>();
        foreach (var item in items)
        {
            cancellation.ThrowIfCancellationRequested();
            var tf = WeightedCounts(item, tokenizer, fields, surfaceCounts);
            counts.Add(tf);
            foreach (var term in tf.Keys)
            {
                df[term] = df.GetValueOrDefault(term) + 1;
            }
        }

        var terms = df.Where(p => p.Value >= Options.MinDocumentFrequency).Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();
        var display = new string[terms.Length];
        var best = new int[terms.Length];
        var index = new Dictionary<string, int>(terms.Length, StringComparer.Ordinal);
        for (var t = 0; t < terms.Length; t++)
        {
            index[terms[t]] = t;
            display[t] = terms[t];
        }

        foreach (var ((term, surface), n) in surfaceCounts)
        {
            if (index.TryGetValue(term, out var t) && (n > best[t] || (n == best[t] && string.CompareOrdinal(surface, display[t]) < 0)))
            {
                best[t] = n;
                display[t] = surface;
            }
        }

        var idf = new float[terms.Length];
        var n0 = items.Count;
        for (var t = 0; t < terms.Length; t++)
        {
            double d = df[terms[t]];
            idf[t] = Options.Weighting == TermWeighting.Bm25
                ? (float)Math.Log(1 + ((n0 - d + 0.5) / (d + 0.5)))
                : (float)(Math.Log((1.0 + n0) / (1.0 + d)) + 1.0);
        }

        var avgLength = counts.Count == 0 ? 1f : Math.Max(1e-6f, counts.Average(c => c.Values.Sum()));
        return new ItemTextModel(Options, terms, display, idf, avgLength, counts);
    }

    /// <summary>The field-weighted term counts of one item.</summary>
    internal static Dictionary<string, float> WeightedCounts(
        Item item,
        TextTokenizer tokenizer,
        TextFieldWeights fields,
        Dictionary<(string Term, string Surface), int>? surfaceCounts = null)
    {
        var tf = new Dictionary<string, float>(StringComparer.Ordinal);
        var terms = new List<string>();
        var surfaces = new List<string>();
        void AddField(string? text, float weight)
        {
            if (weight <= 0f || string.IsNullOrEmpty(text))
            {
                return;
            }

            terms.Clear();
            surfaces.Clear();
            tokenizer.Tokenize(text, terms, surfaces);
            for (var k = 0; k < terms.Count; k++)
            {
                tf[terms[k]] = tf.GetValueOrDefault(terms[k]) + weight;
                if (surfaceCounts is not null)
                {
                    var key = (terms[k], surfaces[k]);
                    surfaceCounts[key] = surfaceCounts.GetValueOrDefault(key) + 1;
                }
            }
        }

        AddField(item.Title, fields.Title);
        AddField(item.Description, fields.Description);
        foreach (var category in item.Categories)
        {
            AddField(category, fields.Category);
        }

        AddField(item.Brand, fields.Brand);
        foreach (var tag in item.TagList)
        {
            AddField(tag, fields.Tags);
        }

        return tf;
    }
}
