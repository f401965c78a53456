using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Penchant.Core.Evaluation;
using Penchant.Core.Exploration;
using Penchant.Core.Recommenders;
using Penchant.Storage.Datasets;

namespace Penchant.Bench.Exploration;

/// <summary>
/// Novel-cluster hit rate and the NDCG cost of exploring, on a leave-last-one-out (per-user time) split of a
/// real data set, for every exploit model against the same model with a share of slots exploring.
/// </summary>
/// <remarks>
/// Clusters: MovieLens 100K uses each film's first listed genre (u.item); Amazon Beauty uses, per item, the
/// least common of its S3-Rec attribute ids that at least 50 items share (a specific but populated category),
/// falling back to its most common attribute. Hyperparameters are chosen on a validation split carved from
/// training (the second-last item), never on the test items.
/// </remarks>
public sealed class ExplorationBench : IBench
{
    public string Name => "explore";

    public string Description => "novel-cluster hit rate vs NDCG cost of exploring (--format beauty|movielens --data F --clusters F)";

    public Task<int> RunAsync(string[] args)
    {
        var options = BenchArgs.Parse(args);
        var format = options.Get("format", "movielens");
        var data = options.Require("data");
        var clustersPath = options.Require("clusters");
        var share = double.Parse(options.Get("share", "0.2"), CultureInfo.InvariantCulture);
        var k = int.Parse(options.Get("k", "10"), CultureInfo.InvariantCulture);
        var affinities = options.Get("affinity", "1").Split(',').Select(a => double.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        var models = options.Get("models", "popularity,itemknn").Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (!DatasetReader.TryParseFormat(format, out var datasetFormat))
        {
            Console.Error.WriteLine($"unknown --format '{format}'");
            return Task.FromResult(2);
        }

        var clock = Stopwatch.StartNew();
        var records = DatasetReader.Read(datasetFormat, data);
        var split = EvaluationSplit.Build(records, new LeaveLastOutSplitter(), withValidation: true);
        var labels = format.StartsWith("movielens", StringComparison.OrdinalIgnoreCase)
            ? MovieLensGenres(clustersPath)
            : BeautyAttributeClusters(clustersPath, int.Parse(options.Get("min-cluster-size", "50"), CultureInfo.InvariantCulture));
        var itemLabels = Enumerable.Range(0, split.Items.Count).Select(i => labels.GetValueOrDefault(split.Items[i])).ToList();
        var clusterMap = ClusterMap.FromLabels(itemLabels);
        var fold = split.Test;
        var test = new List<(int User, int Item)>();
        for (var u = 0; u < fold.HeldOut.Count; u++)
        {
            foreach (var item in fold.HeldOut[u])
            {
                if (item < fold.Train.ItemCount)
                {
                    test.Add((u, item));
                }
            }
        }

        var diversify = double.Parse(options.Get("diversify", "0.5"), CultureInfo.InvariantCulture);
        var predictor = NovelClusterPredictor.Fit(fold.Train.Sequences, clusterMap, new NovelClusterOptions(Diversify: diversify));
        Console.WriteLine($"{format}: {records.Count:N0} records, {split.Users.Count:N0} users, {split.Items.Count:N0} items, {clusterMap.ClusterCount} clusters, {test.Count:N0} test users; explore share {share:P0}, K={k}, diversify β={diversify}");
        Console.WriteLine($"{"model",-12} {"config",-48} {"NDCG exploit",13} {"NDCG explore",13} {"cost",7} {"novel hit exploit",18} {"novel hit explore",18} {"explore slots",14}");
        var selector = new ModelSelector(new Evaluator(new EvaluationOptions(K: k)));
        var rows = new List<(string Model, ExplorationEvaluation Result)>();
        foreach (var name in models)
        {
            var entry = ModelCatalog.Find(name) ?? throw new ArgumentException($"unknown model '{name}'");
            var selection = selector.Select(entry, split);
            var model = selection.Best.Recommender.Fit(fold.Train, new TrainingContext(Seed: 42));
            foreach (var affinity in affinities)
            {
                var policy = new ExplorationOptions(ItemAffinity: affinity);
                var result = ExplorationEvaluator.Evaluate(model, fold.Train, test, predictor, new ExplorationEvaluationOptions(K: k, ExploreShare: share, Policy: policy));
                rows.Add((name, result));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-12} {Truncate(selection.Best.Label, 40),-40} γ={affinity,-5} {result.NdcgExploit,13:F4} {result.NdcgExplore,13:F4} {result.NdcgCost,7:P1} {result.HitsExploit.Rate,18:F4} {result.HitsExplore.Rate,18:F4} {result.HitsExploreSlots.Rate,14:F4}"));
            }
        }

        var bestExploitHits = rows.Max(r => r.Result.HitsExploit.Rate);
        var best = rows.Where(r => r.Result.NdcgCost <= 0.05).DefaultIfEmpty(rows[0]).MaxBy(r => r.Result.HitsExplore.Rate);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"eligible shoppers (next item in a cluster new to them): {best.Result.HitsExploit.Eligible:N0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"best exploring setting within a 5% NDCG cost (or the first): {best.Model}; novel-cluster hit rate {best.Result.HitsExplore.Rate:F4} = {best.Result.HitsExplore.Rate / Math.Max(bestExploitHits, 1e-12):F2}x the best exploit-only {bestExploitHits:F4}, NDCG cost {best.Result.NdcgCost:P1}"));
        Console.WriteLine($"time {clock.Elapsed.TotalSeconds:F1} s");
        return Task.FromResult(0);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    /// <summary>MovieLens u.item: film id → first listed genre name.</summary>
    private static Dictionary<string, string> MovieLensGenres(string itemFile)
    {
        string[] genres = ["unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"];
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(itemFile, Encoding.Latin1))
        {
            var fields = line.Split('|');
            if (fields.Length < 5 + genres.Length)
            {
                continue;
            }

            for (var g = 0; g < genres.Length; g++)
            {
                if (fields[5 + g] == "1")
                {
                    result[fields[0]] = genres[g];
                    break;
                }
            }
        }

        return result;
    }

    /// <summary>Beauty_item2attributes.json: item id → the least common attribute shared by at least 50 items.</summary>
    private static Dictionary<string, string> BeautyAttributeClusters(string attributeFile, int minSize)
    {
        using var stream = File.OpenRead(attributeFile);
        var attributes = JsonSerializer.Deserialize<Dictionary<string, int[]>>(stream) ?? [];
        var frequency = new Dictionary<int, int>();
        foreach (var list in attributes.Values)
        {
            foreach (var a in list)
            {
                frequency[a] = frequency.GetValueOrDefault(a) + 1;
            }
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (item, list) in attributes)
        {
            if (list.Length == 0)
            {
                continue;
            }

            var populated = list.Where(a => frequency[a] >= minSize).ToList();
            var chosen = populated.Count > 0 ? populated.MinBy(a => frequency[a]) : list.MaxBy(a => frequency[a]);
            result[item] = "attr" + chosen.ToString(CultureInfo.InvariantCulture);
        }

        return result;
    }
}
