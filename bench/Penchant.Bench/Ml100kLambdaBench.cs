using System.Globalization;
using Penchant.Core.Evaluation;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Als;
using Penchant.Core.Recommenders.Ease;
using Penchant.Storage.Datasets;

namespace Penchant.Bench;

/// <summary>
/// Does the best ridge λ grow with the training data? A probe that never reads u1.test's items: on MovieLens 100K
/// u1.base, ten test-shaped validation carves (the test users hold out their share, as <c>--validation-users test</c>
/// makes them) are each carved once more the same way. For a fine λ grid, EASE and EDLAE are fitted on the inner
/// carve (scored on its validation records, "level 2") and on the outer carve (scored on the outer validation
/// records, "level 1"), and the mean NDCG@10 and P@10 over the ten carves are printed per λ. If the λ that level 1
/// prefers is about the data ratio (outer / inner training records) times the λ level 2 prefers, scaling λ by that
/// ratio when the configuration chosen on validation is refitted on all training records has support from
/// validation alone. Arguments: [data directory] (default $PENCHANT_DATA or /work/shared/data), --carves N (default 10).
/// </summary>
public sealed class Ml100kLambdaBench : IBench
{
    private static readonly float[] EaseLambdas = [100f, 150f, 200f, 300f, 400f, 500f, 600f, 800f, 1000f, 1200f, 1500f, 2000f, 2500f];

    private static readonly float[] AlsLambdas = [5f, 7.5f, 10f, 15f, 20f, 30f, 45f, 60f, 90f];

    public string Name => "ml100k-lambda";

    public string Description => "ML-100K u1.base: best EASE/EDLAE λ on carves of carves vs carves (does λ scale with the training data?)";

    public Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var at = Array.IndexOf(args, "--carves");
        var count = at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : 10;
        var data = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (at < 0 || i != at + 1)).FirstOrDefault()
            ?? Environment.GetEnvironmentVariable("PENCHANT_DATA") ?? "/work/shared/data";
        var train = DatasetReader.Read(DatasetFormat.MovieLens, Path.Combine(data, "movielens-100k/u1.base"));
        var test = DatasetReader.Read(DatasetFormat.MovieLens, Path.Combine(data, "movielens-100k/u1.test"));

        // Only which users have test records, and how many records, is read from u1.test (as the evaluation does).
        var outer = PredefinedSplit.Carves(train, test, count, seed: 42, ValidationCarve.TestUsers);
        var inner = outer.Select((c, i) => PredefinedSplit.Create(c.Train, c.Validation, withValidation: true, seed: 1000 + i, ValidationCarve.TestUsers)).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"training records: u1.base {train.Count}, outer carves {outer.Average(static c => c.Train.Count):0}, inner carves {inner.Average(static c => c.Train.Count):0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"data ratios: u1.base / outer {train.Count / outer.Average(static c => (double)c.Train.Count):0.000}, outer / inner {outer.Average(static c => (double)c.Train.Count) / inner.Average(static c => (double)c.Train.Count):0.000}"));

        var outerFolds = outer.Select(static c => EvaluationSplit.Build(new RecordSplit(c.Train, [], c.Validation), "outer").Test).ToList();
        var innerFolds = inner.Select(static c => EvaluationSplit.Build(new RecordSplit(c.Train, [], c.Validation), "inner").Test).ToList();
        var evaluator = new Evaluator(new EvaluationOptions(K: 10));
        var context = new TrainingContext(42);

        var models = new (string Name, float[] Lambdas, Func<float, IRecommender> Create)[]
        {
            ("ease", EaseLambdas, static l => new EaseRecommender(new EaseOptions(l))),
            ("edlae, dropout 0.5", EaseLambdas, static l => new EaseRecommender(new EaseOptions(l, Dropout: 0.5f, ZeroDiagonal: false))),
            ("edlae, dropout 0.7", EaseLambdas, static l => new EaseRecommender(new EaseOptions(l, Dropout: 0.7f, ZeroDiagonal: false))),
            ("als, 64 factors, alpha 2", AlsLambdas, static l => new AlsRecommender(new AlsOptions(64, l, 2f))),
        };
        foreach (var (name, lambdas, create) in models)
        {
            Console.WriteLine();
            Console.WriteLine($"{name}");
            Console.WriteLine("| λ | level 2 NDCG@10 | level 2 P@10 | level 1 NDCG@10 | level 1 P@10 |");
            Console.WriteLine("|---|---|---|---|---|");
            var curve2 = new List<double>();
            var curve1 = new List<double>();
            foreach (var lambda in lambdas)
            {
                var recommender = create(lambda);
                var level2 = MetricReport.Mean([.. innerFolds.Select(f => evaluator.Evaluate(name, recommender, f, context).Metrics)]);
                var level1 = MetricReport.Mean([.. outerFolds.Select(f => evaluator.Evaluate(name, recommender, f, context).Metrics)]);
                curve2.Add(level2.Ndcg);
                curve1.Add(level1.Ndcg);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {lambda:0} | {level2.Ndcg:0.0000} | {level2.Precision:0.0000} | {level1.Ndcg:0.0000} | {level1.Precision:0.0000} |"));
            }

            var peak2 = Peak(lambdas, curve2);
            var peak1 = Peak(lambdas, curve1);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"best λ by NDCG@10 (parabola in log λ through the best grid point and its neighbours): level 2 {peak2:0.#}, level 1 {peak1:0.#}, ratio {peak1 / peak2:0.00}"));
        }

        return Task.FromResult(0);
    }

    // The vertex of the parabola in log λ through the best grid point and its two neighbours (the grid point itself at an edge).
    private static double Peak(float[] lambdas, List<double> curve)
    {
        var best = curve.IndexOf(curve.Max());
        if (best == 0 || best == curve.Count - 1)
        {
            return lambdas[best];
        }

        double x0 = Math.Log(lambdas[best - 1]), x1 = Math.Log(lambdas[best]), x2 = Math.Log(lambdas[best + 1]);
        double y0 = curve[best - 1], y1 = curve[best], y2 = curve[best + 1];
        var denominator = ((x1 - x0) * (y1 - y2)) - ((x1 - x2) * (y1 - y0));
        if (denominator == 0)
        {
            return lambdas[best];
        }

        var vertex = x1 - (0.5 * ((((x1 - x0) * (x1 - x0)) * (y1 - y2)) - (((x1 - x2) * (x1 - x2)) * (y1 - y0))) / denominator);
        return Math.Exp(Math.Clamp(vertex, x0, x2));
    }
}
