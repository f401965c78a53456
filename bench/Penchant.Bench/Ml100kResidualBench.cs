using System.Globalization;
using Penchant.Core.Evaluation;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.AlsEase;

namespace Penchant.Bench;

/// <summary>
/// Does EASE fitted to what ALS leaves unexplained beat a blend of the two fitted apart? A probe that never reads
/// u1.test's items: on ten test-shaped validation carves of MovieLens 100K u1.base (as <c>--validation-users test</c>
/// makes them), <see cref="AlsEaseRecommender"/> fits ALS, then an item-item model B in closed form to the residual:
/// min ‖X − S − XB‖² + ‖Λ^½B‖² (with diag(B) = 0, or unconstrained with EDLAE's dropout penalty); a shopper is scored
/// S + w·XB for each w of --scales. The mean NDCG@10 and P@10 over the carves are printed beside the z-scored blend of
/// EDLAE and ALS fitted apart (the hybrid's way).
/// Arguments: [data directory] (default $PENCHANT_DATA or /work/shared/data), --carves N (default 10), --seed S (default 2).
/// </summary>
public sealed class Ml100kResidualBench : IBench
{
    public string Name => "ml100k-residual";

    public string Description => "ML-100K u1.base: EASE on ALS's residual against the EDLAE + ALS blend, on validation carves";

    public Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var folds = Ml100kCarves.Folds(args, 2, out var seed);
        var evaluator = new Evaluator(new EvaluationOptions(K: 10));
        var context = new TrainingContext(seed);
        var (edlae, als) = (Ml100kCarves.Edlae, Ml100kCarves.Als);

        var lambdas = Ml100kCarves.Floats(args, "--lambdas", [100f, 300f, 1000f, 3000f, 10000f]);
        var dropouts = Ml100kCarves.Floats(args, "--dropouts", [0f, 0.5f]);
        var modes = dropouts.SelectMany(d => d > 0
            ? new (string Name, float Dropout, bool ZeroDiagonal)[] { ($"zero diagonal, dropout {d}", d, true), ($"EDLAE, dropout {d}", d, false) }
            : [("zero diagonal", 0f, true)]).ToArray();
        var scales = Ml100kCarves.Floats(args, "--scales", [0.5f, 1f]);
        var results = new Dictionary<string, List<MetricReport>>();
        var order = new List<string>();
        void Add(string name, MetricReport report)
        {
            if (!results.TryGetValue(name, out var list))
            {
                results[name] = list = [];
                order.Add(name);
            }

            list.Add(report);
        }

        for (var c = 0; c < folds.Count; c++)
        {
            var fold = folds[c];
            var alsModel = als.Fit(fold.Train, context);
            var edlaeModel = edlae.Fit(fold.Train, context);
            foreach (var w in new[] { 0.4f, 0.5f, 0.6f })
            {
                Add(string.Create(CultureInfo.InvariantCulture, $"blend apart, EDLAE {w:0.0}"), evaluator.Evaluate("blend", new Ml100kCarves.Blend(edlaeModel, alsModel, w, static (v, h) => Ml100kCarves.ZScore(v, h, 0)), fold).Metrics);
            }

            Add("ALS alone", evaluator.Evaluate("als", alsModel, fold).Metrics);
            foreach (var lambda in lambdas)
            {
                foreach (var (modeName, dropout, zeroDiagonal) in modes)
                {
                    var stagewise = (AlsEaseModel)new AlsEaseRecommender(new AlsEaseOptions(als.Options, lambda, dropout, zeroDiagonal)).Fit(fold.Train, context);
                    foreach (var scale in scales)
                    {
                        Add(string.Create(CultureInfo.InvariantCulture, $"ALS + EASE on its residual, {modeName}, λ {lambda}, ×{scale}"), evaluator.Evaluate("residual", stagewise.WithWeight(scale), fold).Metrics);
                    }
                }
            }

            Console.Error.WriteLine($"carve {c + 1} of {folds.Count}");
        }

        // Each setting's NDCG@10 minus the blend's (EDLAE 0.5) on the same carve: mean and its standard error.
        var baseline = results["blend apart, EDLAE 0.5"];
        Console.WriteLine("| model | mean NDCG@10 | mean P@10 | NDCG@10 minus the blend (0.5), paired | standard error |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var name in order)
        {
            var mean = MetricReport.Mean(results[name]);
            var diffs = results[name].Select((r, i) => r.Ndcg - baseline[i].Ndcg).ToArray();
            var d = diffs.Average();
            var se = diffs.Length > 1 ? Math.Sqrt(diffs.Sum(v => (v - d) * (v - d)) / (diffs.Length - 1) / diffs.Length) : 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {mean.Ndcg:0.0000} | {mean.Precision:0.0000} | {d:+0.0000;-0.0000} | {se:0.0000} |"));
        }

        return Task.FromResult(0);
    }
}
