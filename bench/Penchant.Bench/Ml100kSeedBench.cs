using System.Globalization;
using Penchant.Core.Data;
using Penchant.Core.Evaluation;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Als;
using Penchant.Core.Recommenders.Ease;
using Penchant.Core.Recommenders.Hybrid;
using Penchant.Storage.Datasets;

namespace Penchant.Bench;

/// <summary>
/// Seed spread on MovieLens 100K u1 with the test-shaped validation part: implicit ALS as the evaluation picks it
/// (64 factors, α 2, λ 30), ALS with the rating value as confidence (c = 1 + 0.75·rating), EDLAE (λ 200, dropout
/// 0.7, no zero-diagonal constraint), z-scored blends of ALS with EDLAE, each seed's ALS shared by its blends, and
/// the blend the five-carve selection picked (0.3 ALS with 200 factors + 0.4 ALS bagged over 5 seeds + 0.3 EDLAE).
/// Prints validation NDCG@10 and test P@10 / full NDCG per seed. Arguments: [data directory] (default
/// $PENCHANT_DATA or /work/shared/data), --seeds 1,2,3 (default 1,2,3,4,5,42).
/// </summary>
public sealed class Ml100kSeedBench : IBench
{
    public string Name => "ml100k-seeds";

    public string Description => "ML-100K u1: ALS, rating-confidence ALS, EDLAE and ALS+EDLAE blends over several seeds (validation and test)";

    public Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var at = Array.IndexOf(args, "--seeds");
        var seeds = at >= 0 && at + 1 < args.Length
            ? args[at + 1].Split(',').Select(static s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()
            : [1, 2, 3, 4, 5, 42];
        var data = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (at < 0 || i != at + 1)).FirstOrDefault()
            ?? Environment.GetEnvironmentVariable("PENCHANT_DATA") ?? "/work/shared/data";
        var train = DatasetReader.Read(DatasetFormat.MovieLens, Path.Combine(data, "movielens-100k/u1.base"));
        var test = DatasetReader.Read(DatasetFormat.MovieLens, Path.Combine(data, "movielens-100k/u1.test"));
        var split = PredefinedSplit.Create(train, test, withValidation: true, seed: 42, ValidationCarve.MirrorTest);
        var unit = Folds(split, static _ => 1f);
        var rated = Folds(split, static r => r);
        var evaluator = new Evaluator(new EvaluationOptions(K: 10));
        var edlae = new FitOnceRecommender(new EaseRecommender(new EaseOptions(200f, Dropout: 0.7f, ZeroDiagonal: false)));

        Console.WriteLine("| seed | model | val. NDCG@10 | P@10 | NDCG full |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var seed in seeds)
        {
            var context = new TrainingContext(seed);
            var als = new FitOnceRecommender(new AlsRecommender(new AlsOptions(64, 30f, 2f)));
            var als200 = new FitOnceRecommender(new AlsRecommender(new AlsOptions(200, 30f, 2f)));
            var bag = new FitOnceRecommender(new AlsRecommender(new AlsOptions(64, 30f, 2f, Bag: 5)));
            var runs = new (string Name, IRecommender Recommender, (EvaluationFold Validation, EvaluationFold Test) Folds)[]
            {
                ("als", als, unit),
                ("als, confidence 1 + 0.75·rating", new AlsRecommender(new AlsOptions(64, 30f, 0.75f)), rated),
                ("edlae", edlae, unit),
                ("0.75 als + 0.25 edlae", Blend(als, edlae, 0.75), unit),
                ("0.5 als + 0.5 edlae", Blend(als, edlae, 0.5), unit),
                ("als, 200 factors", als200, unit),
                ("als-bag (5 x 64 factors)", bag, unit),
                ("0.3 als-200 + 0.4 als-bag + 0.3 edlae", new HybridRecommender(new HybridOptions([(als200, 0.3), (bag, 0.4), (edlae, 0.3)])), unit),
            };
            foreach (var (name, recommender, folds) in runs)
            {
                // The plain ALS runs first on both folds, so the blends reuse exactly that model (FitOnceRecommender).
                var validation = evaluator.Evaluate(name, recommender, folds.Validation, context).Metrics;
                var tested = evaluator.Evaluate(name, recommender, folds.Test, context).Metrics;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {seed} | {name} | {validation.Ndcg:0.0000} | {tested.Precision:0.0000} | {tested.NdcgFull:0.0000} |"));
            }
        }

        return Task.FromResult(0);
    }

    private static HybridRecommender Blend(IRecommender als, IRecommender edlae, double alsWeight) =>
        new(new HybridOptions([(als, alsWeight), (edlae, 1 - alsWeight)]));

    // The folds EvaluationSplit.Build makes, except that each training record's weight is weight(rating).
    private static (EvaluationFold Validation, EvaluationFold Test) Folds(RecordSplit split, Func<float, float> weight)
    {
        var users = new IdMap();
        var items = new IdMap();
        foreach (var part in new[] { split.Train, split.Validation, split.Test })
        {
            foreach (var r in part)
            {
                users.GetOrAdd(r.User);
                items.GetOrAdd(r.Item);
            }
        }

        List<Interaction> Interactions(IReadOnlyList<InteractionRecord> records) =>
            [.. records.Select(r => new Interaction(users.IndexOf(r.User), items.IndexOf(r.Item), weight(r.Value), r.Timestamp))];

        int[][] HeldOut(IReadOnlyList<InteractionRecord> records)
        {
            var sets = new SortedSet<int>?[users.Count];
            foreach (var r in records)
            {
                (sets[users.IndexOf(r.User)] ??= []).Add(items.IndexOf(r.Item));
            }

            return [.. sets.Select(static s => s is null ? [] : s.ToArray())];
        }

        var inner = Interactions(split.Train);
        var full = InteractionData.FromInteractions([.. inner, .. Interactions(split.Validation)], users, items);
        return (
            new EvaluationFold(InteractionData.FromInteractions(inner, users, items), HeldOut(split.Validation)),
            new EvaluationFold(full, HeldOut(split.Test)));
    }
}
