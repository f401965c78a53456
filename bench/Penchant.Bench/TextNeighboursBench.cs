using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using CsvHelper;
using Penchant.Core.Data;
using Penchant.Core.Numerics;
using Penchant.Core.Text;

namespace Penchant.Bench;

/// <summary>
/// Item text similarity on real products: each clothing product's text is its reviews (titles and texts),
/// and a text neighbour counts as a hit when it has the same product class (held out from the text).
/// Compares BM25, TF-IDF, hashed text embeddings and BM25 projected to dense vectors.
/// </summary>
public sealed class TextNeighboursBench : IBench
{
    public string Name => "text-neighbours";

    public string Description => "share of text neighbours in the same class: --clothing <csv> [--k 10] [--dims 256]";

    public Task<int> RunAsync(string[] args)
    {
        var path = Arg(args, "--clothing");
        if (path is null)
        {
            Console.Error.WriteLine(Description);
            return Task.FromResult(2);
        }

        var k = int.Parse(Arg(args, "--k") ?? "10", CultureInfo.InvariantCulture);
        var dims = int.Parse(Arg(args, "--dims") ?? "256", CultureInfo.InvariantCulture);
        var (items, classes) = Load(path);
        var n = items.Count;
        var classCounts = classes.GroupBy(c => c, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var chance = classes.Sum(c => (classCounts[c] - 1.0) / (n - 1)) / n;
        Console.WriteLine($"{n} products, {classCounts.Count} classes, k = {k}, dims = {dims}");
        Console.WriteLine();
        Console.WriteLine("| method | same-class share of top-k | fit s |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine(FormattableString.Invariant($"| chance (class prior) | {chance:F3} | - |"));

        foreach (var weighting in new[] { TermWeighting.Bm25, TermWeighting.TfIdf })
        {
            var sw = Stopwatch.StartNew();
            var model = new ItemTextVectorizer(new ItemTextOptions(weighting, MinDocumentFrequency: 2)).Fit(items);
            sw.Stop();
            var hits = 0;
            for (var i = 0; i < n; i++)
            {
                hits += model.Similar(model.ItemVector(i), k, exclude: i).Count(s => classes[s.Item] == classes[i]);
            }

            Console.WriteLine(FormattableString.Invariant($"| {weighting} sparse cosine | {(double)hits / (n * k):F3} | {sw.Elapsed.TotalSeconds:F1} |"));
            foreach (var grams in new[] { 3, 0 })
            {
                sw.Restart();
                var projected = new TextEmbedder(new TextEmbeddingOptions(Dimensions: dims, CharNGramMin: grams)).ProjectAll(model);
                sw.Stop();
                var label = grams > 0 ? "with" : "without";
                Console.WriteLine(FormattableString.Invariant($"| {weighting} projected to {dims}-d ({label} char n-grams) | {DenseShare(projected, classes, k):F3} | {sw.Elapsed.TotalSeconds:F1} |"));
            }
        }

        var clock = Stopwatch.StartNew();
        var embedder = new TextEmbedder(new TextEmbeddingOptions(Dimensions: dims));
        var hashed = items.Select(embedder.Embed).ToArray();
        clock.Stop();
        Console.WriteLine(FormattableString.Invariant($"| hashed text embedding {dims}-d (no idf) | {DenseShare(hashed, classes, k):F3} | {clock.Elapsed.TotalSeconds:F1} |"));

        // Keywords (TF-IDF) of the three most-reviewed products, as a reader would see them.
        var tfidf = new ItemTextVectorizer(new ItemTextOptions(TermWeighting.TfIdf, MinDocumentFrequency: 2)).Fit(items);
        Console.WriteLine();
        foreach (var i in Enumerable.Range(0, n).OrderByDescending(i => items[i].Description!.Length).Take(3))
        {
            var words = string.Join(", ", tfidf.Keywords(i, 8).Select(w => w.Display));
            Console.WriteLine($"- product {items[i].Id} ({classes[i]}): {words}");
        }

        return Task.FromResult(0);
    }

    private static double DenseShare(float[][] rows, string[] classes, int k)
    {
        var hits = 0;
        var scores = new float[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            for (var j = 0; j < rows.Length; j++)
            {
                scores[j] = j == i ? float.NegativeInfinity : TensorPrimitives.Dot<float>(rows[i], rows[j]);
            }

            hits += TopK.Select(scores, k).Count(s => classes[s.Item] == classes[i]);
        }

        return (double)hits / (rows.Length * k);
    }

    private static (List<Item> Items, string[] Classes) Load(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        var texts = new SortedDictionary<int, (List<string> Texts, string Class)>();
        while (csv.Read())
        {
            var id = csv.GetField<int>("Clothing ID");
            var cls = csv.GetField("Class Name") ?? string.Empty;
            var text = $"{csv.GetField("Title")}. {csv.GetField("Review Text")}";
            if (cls.Length == 0)
            {
                continue;
            }

            if (!texts.TryGetValue(id, out var entry))
            {
                entry = ([], cls);
                texts[id] = entry;
            }

            entry.Texts.Add(text);
        }

        var items = texts.Select(p => new Item(p.Key.ToString(CultureInfo.InvariantCulture), string.Empty, Description: string.Join(" ", p.Value.Texts))).ToList();
        return (items, texts.Values.Select(v => v.Class).ToArray());
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
