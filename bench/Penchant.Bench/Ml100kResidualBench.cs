using System.Globalization;
using Penchant.Core.Evaluation;
using Penchant.Core.Numerics;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Als;
using Penchant.Core.Recommenders.Ease;
using Penchant.Storage.Datasets;

namespace Penchant.Bench;

/// <summary>
/// Does EASE fitted to what ALS leaves unexplained beat a blend of the two fitted apart? A probe that never reads
/// u1.test's items: on ten test-shaped validation carves of MovieLens 100K u1.base (as <c>--validation-users test</c>
/// makes them), ALS is fitted, its scores S for the training users taken, and an item-item model B fitted in closed
/// form to the residual: min ‖X − S − XB‖² + ‖Λ^½B‖² (with diag(B) = 0, or unconstrained with EDLAE's dropout penalty);
/// a shopper is scored S + XB. The mean NDCG@10 and P@10 over the carves are printed beside the z-scored blend of
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
        var count = Option(args, "--carves", 10);
        var seed = Option(args, "--seed", 2);
        var data = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal))).FirstOrDefault()
            ?? Environment.GetEnvironmentVariable("PENCHANT_DATA") ?? "/work/shared/data";
        var train = DatasetReader.Read(DatasetFormat.MovieLens, Path.Combine(data, "movielens-100k/u1.base"));
        var test = DatasetReader.Read(DatasetFormat.MovieLens, Path.Combine(data, "movielens-100k/u1.test"));
        var carves = PredefinedSplit.Carves(train, test, count, seed, ValidationCarve.TestUsers);
        var folds = carves.Select(static c => EvaluationSplit.Build(new RecordSplit(c.Train, [], c.Validation), "carve").Test).ToList();
        var evaluator = new Evaluator(new EvaluationOptions(K: 10));
        var context = new TrainingContext(seed);
        var edlae = new EaseRecommender(new EaseOptions(400f, Dropout: 0.5f, ZeroDiagonal: false));
        var als = new AlsRecommender(new AlsOptions(64, 30f, 2f));

        var lambdas = Floats(args, "--lambdas", [100f, 300f, 1000f, 3000f, 10000f]);
        var dropouts = Floats(args, "--dropouts", [0f, 0.5f]);
        var modes = dropouts.SelectMany(d => d > 0
            ? new (string Name, float Dropout, bool ZeroDiagonal)[] { ($"zero diagonal, dropout {d}", d, true), ($"EDLAE, dropout {d}", d, false) }
            : [("zero diagonal", 0f, true)]).ToArray();
        var scales = Floats(args, "--scales", [0.5f, 1f]);
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
                Add(string.Create(CultureInfo.InvariantCulture, $"blend apart, EDLAE {w:0.0}"), evaluator.Evaluate("blend", new Blend(edlaeModel, alsModel, w), fold).Metrics);
            }

            Add("ALS alone", evaluator.Evaluate("als", alsModel, fold).Metrics);
            var x = fold.Train.Matrix;
            int users = x.Rows, n = x.Columns;
            var s = new float[(long)users * n];
            for (var u = 0; u < users; u++)
            {
                alsModel.Score(UserQuery.FromTraining(fold.Train, u), s.AsSpan(u * n, n));
            }

            // XᵀS (items × items) from each user's nonzeros, and the raw Gram diagonal.
            var xts = new float[(long)n * n];
            var gramDiagonal = new float[n];
            for (var u = 0; u < users; u++)
            {
                var row = s.AsSpan(u * n, n);
                foreach (var i in x.RowColumns(u))
                {
                    var target = xts.AsSpan(i * n, n);
                    for (var j = 0; j < n; j++)
                    {
                        target[j] += row[j];
                    }

                    gramDiagonal[i] += 1f;
                }
            }

            foreach (var lambda in lambdas)
            {
                foreach (var (modeName, dropout, zeroDiagonal) in modes)
                {
                    // P = (XᵀX + Λ)⁻¹ through the EASE fit's own inverse: fit plain EASE to read nothing but P back
                    // is not exposed, so build G here.
                    var g = new float[(long)n * n];
                    for (var u = 0; u < users; u++)
                    {
                        var cols = x.RowColumns(u);
                        foreach (var i in cols)
                        {
                            foreach (var j in cols)
                            {
                                g[(i * n) + j] += 1f;
                            }
                        }
                    }

                    var penalty = new float[n];
                    for (var i = 0; i < n; i++)
                    {
                        penalty[i] = lambda + (dropout / (1f - dropout) * gramDiagonal[i]);
                        g[(i * n) + i] += penalty[i];
                    }

                    if (!SpdInverse.TryInvert<float>(g, n))
                    {
                        throw new InvalidOperationException("not positive definite");
                    }

                    // Unconstrained B₀ = P·Xᵀ(X − S) = I − PΛ − P·XᵀS.
                    var b = new float[(long)n * n];
                    Gemm.MultiplyParallel(n, n, n, g, 0, n, xts, 0, n, b, 0, n, accumulate: false);
                    for (var i = 0; i < n; i++)
                    {
                        for (var j = 0; j < n; j++)
                        {
                            b[(i * n) + j] = (i == j ? 1f : 0f) - (g[(i * n) + j] * penalty[j]) - b[(i * n) + j];
                        }
                    }

                    if (zeroDiagonal)
                    {
                        // B = B₀ − P·diag(μ), μⱼ = B₀[j, j] / P[j, j], so that diag(B) = 0.
                        var mu = new float[n];
                        for (var j = 0; j < n; j++)
                        {
                            mu[j] = b[(j * n) + j] / g[(j * n) + j];
                        }

                        for (var i = 0; i < n; i++)
                        {
                            for (var j = 0; j < n; j++)
                            {
                                b[(i * n) + j] -= g[(i * n) + j] * mu[j];
                            }
                        }
                    }

                    foreach (var scale in scales)
                    {
                        Add(string.Create(CultureInfo.InvariantCulture, $"ALS + EASE on its residual, {modeName}, λ {lambda}, ×{scale}"), evaluator.Evaluate("residual", new Residual(alsModel, b, n, scale), fold).Metrics);
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

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static float[] Floats(string[] args, string name, float[] fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length
            ? [.. args[at + 1].Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture))]
            : fallback;
    }

    private static void ZScore(float[] values, int[] history)
    {
        var seen = new HashSet<int>(history);
        double sum = 0, squares = 0;
        var count = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (!seen.Contains(i))
            {
                sum += values[i];
                squares += (double)values[i] * values[i];
                count++;
            }
        }

        var mean = sum / count;
        var sd = Math.Sqrt(Math.Max(0, (squares / count) - (mean * mean)));
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = sd > 0 ? (float)((values[i] - mean) / sd) : 0f;
        }
    }

    private sealed class Residual(IRecommenderModel als, float[] b, int n, float scale) : IRecommenderModel
    {
        public string Kind => "probe";

        public int ItemCount => n;

        public void Score(UserQuery query, Span<float> scores)
        {
            als.Score(query, scores);
            foreach (var h in query.Items)
            {
                var row = b.AsSpan(h * n, n);
                for (var j = 0; j < n; j++)
                {
                    scores[j] += scale * row[j];
                }
            }
        }

        public void ScoreSimilar(int item, Span<float> scores) => throw new NotSupportedException();

        public void Write(BinaryWriter writer) => throw new NotSupportedException();
    }

    private sealed class Blend(IRecommenderModel edlae, IRecommenderModel als, float weight) : IRecommenderModel
    {
        public string Kind => "probe";

        public int ItemCount => edlae.ItemCount;

        public void Score(UserQuery query, Span<float> scores)
        {
            var a = new float[ItemCount];
            var b = new float[ItemCount];
            edlae.Score(query, a);
            als.Score(query, b);
            ZScore(a, query.Items);
            ZScore(b, query.Items);
            for (var i = 0; i < scores.Length; i++)
            {
                scores[i] = (weight * a[i]) + ((1 - weight) * b[i]);
            }
        }

        public void ScoreSimilar(int item, Span<float> scores) => throw new NotSupportedException();

        public void Write(BinaryWriter writer) => throw new NotSupportedException();
    }
}
