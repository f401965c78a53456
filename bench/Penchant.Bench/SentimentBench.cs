using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CsvHelper;
using Penchant.Core.Text;

namespace Penchant.Bench;

/// <summary>
/// Review sentiment on real data, stars as labels (1-2 negative, 4-5 positive, 3 dropped): the lexicon
/// analyzer, and the trained classifier on a seeded stratified split and across data sets.
/// </summary>
public sealed class SentimentBench : IBench
{
    public string Name => "sentiment";

    public string Description => "review sentiment: --clothing <csv> --musical <jsonl> [--seed 42] [--test-fraction 0.2]";

    public Task<int> RunAsync(string[] args)
    {
        var clothingPath = Arg(args, "--clothing");
        var musicalPath = Arg(args, "--musical");
        var seed = int.Parse(Arg(args, "--seed") ?? "42", CultureInfo.InvariantCulture);
        var testFraction = double.Parse(Arg(args, "--test-fraction") ?? "0.2", CultureInfo.InvariantCulture);
        if (clothingPath is null && musicalPath is null)
        {
            Console.Error.WriteLine(Description);
            return Task.FromResult(2);
        }

        var sets = new List<(string Name, List<LabeledText> Data)>();
        if (clothingPath is not null)
        {
            sets.Add(("clothing", LoadClothing(clothingPath)));
        }

        if (musicalPath is not null)
        {
            sets.Add(("musical", LoadMusical(musicalPath)));
        }

        var lexicon = new LexiconSentimentAnalyzer();
        Console.WriteLine($"seed {seed}, test fraction {testFraction}");
        Console.WriteLine();
        Console.WriteLine("| data | analyzer | trained on | tested on | n | negatives | accuracy | macro-F1 | neg P | neg R | neg F1 | train s | texts/s |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        var splits = new Dictionary<string, (List<LabeledText> Train, List<LabeledText> Test)>();
        foreach (var (name, data) in sets)
        {
            var (train, test) = Split(data, testFraction, seed);
            splits[name] = (train, test);
            Report(name, "lexicon", "-", "all", data, t => lexicon.Analyze(t).IsNegative, 0);
            Report(name, "lexicon", "-", "test 20%", test, t => lexicon.Analyze(t).IsNegative, 0);
            var sw = Stopwatch.StartNew();
            var model = TrainedSentimentClassifier.Train(train, new SentimentClassifierOptions(Seed: seed), lexicon, new Progress<string>(m => Console.Error.WriteLine($"  {name}: {m}")));
            sw.Stop();
            Console.Error.WriteLine($"  {name}: chosen L2 {model.ChosenL2}, threshold {model.Threshold:F4}, features {model.FeatureCount}");
            Report(name, "trained", "train 80%", "test 20%", test, t => model.Analyze(t).IsNegative, sw.Elapsed.TotalSeconds);
        }

        if (sets.Count == 2)
        {
            for (var a = 0; a < 2; a++)
            {
                var (trainName, trainData) = sets[a];
                var (testName, testData) = sets[1 - a];
                var sw = Stopwatch.StartNew();
                var model = TrainedSentimentClassifier.Train(trainData, new SentimentClassifierOptions(Seed: seed), lexicon);
                sw.Stop();
                Report(testName, "trained", $"all {trainName}", "all", testData, t => model.Analyze(t).IsNegative, sw.Elapsed.TotalSeconds);
                var combined = trainData.Concat(splits[testName].Train).ToList();
                sw.Restart();
                var both = TrainedSentimentClassifier.Train(combined, new SentimentClassifierOptions(Seed: seed), lexicon);
                sw.Stop();
                Report(testName, "trained", $"all {trainName} + {testName} train 80%", "test 20%", splits[testName].Test, t => both.Analyze(t).IsNegative, sw.Elapsed.TotalSeconds);
            }
        }

        return Task.FromResult(0);
    }

    private static void Report(string data, string analyzer, string trainedOn, string testedOn, List<LabeledText> test, Func<string, bool> predictNegative, double trainSeconds)
    {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        var clock = Stopwatch.StartNew();
        foreach (var example in test)
        {
            var negative = predictNegative(example.Text);
            // Counts for the negative class.
            if (negative && !example.IsPositive)
            {
                tp++;
            }
            else if (negative)
            {
                fp++;
            }
            else if (!example.IsPositive)
            {
                fn++;
            }
            else
            {
                tn++;
            }
        }

        clock.Stop();
        var accuracy = (double)(tp + tn) / test.Count;
        var negF1 = F1(tp, fp, fn);
        var posF1 = F1(tn, fn, fp);
        var precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        var recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
        Console.WriteLine(FormattableString.Invariant(
            $"| {data} | {analyzer} | {trainedOn} | {testedOn} | {test.Count} | {tp + fn} | {accuracy:F3} | {(negF1 + posF1) / 2:F3} | {precision:F3} | {recall:F3} | {negF1:F3} | {trainSeconds:F1} | {test.Count / clock.Elapsed.TotalSeconds:F0} |"));
    }

    private static double F1(int tp, int fp, int fn) => tp == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + fn);

    /// <summary>A seeded split stratified by label.</summary>
    private static (List<LabeledText> Train, List<LabeledText> Test) Split(List<LabeledText> data, double testFraction, int seed)
    {
        var rng = new Random(seed);
        var train = new List<LabeledText>();
        var test = new List<LabeledText>();
        foreach (var label in new[] { false, true })
        {
            var rows = data.Where(d => d.IsPositive == label).ToArray();
            rng.Shuffle(rows);
            var cut = (int)Math.Round(rows.Length * testFraction);
            test.AddRange(rows[..cut]);
            train.AddRange(rows[cut..]);
        }

        return (train, test);
    }

    private static List<LabeledText> LoadClothing(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        var result = new List<LabeledText>();
        while (csv.Read())
        {
            var rating = csv.GetField<int>("Rating");
            var text = Join(csv.GetField("Title"), csv.GetField("Review Text"));
            if (rating != 3 && text.Length > 0)
            {
                result.Add(new LabeledText(text, rating >= 4));
            }
        }

        return result;
    }

    private static List<LabeledText> LoadMusical(string path)
    {
        var result = new List<LabeledText>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var rating = root.TryGetProperty("overall", out var o) ? o.GetDouble() : 3;
            var summary = root.TryGetProperty("summary", out var s) ? s.GetString() : null;
            var review = root.TryGetProperty("reviewText", out var r) ? r.GetString() : null;
            var text = Join(summary, review);
            if (rating != 3 && text.Length > 0)
            {
                result.Add(new LabeledText(text, rating >= 4));
            }
        }

        return result;
    }

    /// <summary>Title and text joined as two sentences.</summary>
    private static string Join(string? title, string? text)
    {
        title = title?.Trim() ?? string.Empty;
        text = text?.Trim() ?? string.Empty;
        if (title.Length == 0)
        {
            return text;
        }

        return title.EndsWith('.') || title.EndsWith('!') || title.EndsWith('?') ? $"{title} {text}".Trim() : $"{title}. {text}".Trim();
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
